; Interrupt-driven serial echo: the guest's own IRQ 4 handler (INT 0Ch) reads
; each byte from the 16550A and writes it back; the main loop sleeps in HLT.
; Unmasks IRQ 4 on the master 8259A, enables the UART's received-data interrupt
; (IER bit 0) and its interrupt output (MCR OUT2). A '.' ends the run; the count
; of interrupts taken is at 0000:0600.
bits 16
org 0x7c00
COM1 equ 0x3f8
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov word [0x0c * 4], com1_irq
    mov word [0x0c * 4 + 2], 0
    mov dx, COM1 + 1        ; IER: received data available
    mov al, 0x01
    out dx, al
    mov dx, COM1 + 4        ; MCR: DTR, RTS, OUT2 (gates the IRQ line on a PC)
    mov al, 0x0b
    out dx, al
    in al, 0x21             ; unmask IRQ 4
    and al, ~0x10
    out 0x21, al
    sti
.wait:
    hlt
    cmp byte [done], 0
    je .wait
    cli
    hlt

com1_irq:
    push ax
    push dx
    inc word [0x600]
.more:
    mov dx, COM1 + 5        ; LSR: data ready?
    in al, dx
    test al, 1
    jz .eoi
    mov dx, COM1
    in al, dx
    cmp al, '.'
    jne .echo
    mov byte [done], 1
.echo:
    out dx, al
    jmp .more
.eoi:
    mov al, 0x20
    out 0x20, al
    pop dx
    pop ax
    iret

done: db 0

times 510 - ($ - $$) db 0
dw 0xaa55
