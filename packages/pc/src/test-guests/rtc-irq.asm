; The RTC's periodic interrupt through the slave 8259A: IRQ 8 → INT 70h. The
; guest hooks INT 70h, sets register A's rate to 6 (1024 Hz) and register B's PIE
; bit, unmasks IRQ 8 on the slave (IRQ 2, the cascade, is unmasked by the BIOS),
; and halts until its handler has counted 64 interrupts (reading register C each
; time, or the RTC raises no more). BIOS ticks before and after are at 0600/0602.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov word [0x70 * 4], rtc_irq
    mov word [0x70 * 4 + 2], 0
    mov al, 0x0a            ; register A: rate 6 = 1024 Hz (32.768 kHz divider unchanged)
    out 0x70, al
    in al, 0x71
    and al, 0xf0
    or al, 0x06
    mov ah, al
    mov al, 0x0a
    out 0x70, al
    mov al, ah
    out 0x71, al
    mov al, 0x0b            ; register B: PIE
    out 0x70, al
    in al, 0x71
    or al, 0x40
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
    in al, 0xa1             ; unmask IRQ 8
    and al, ~0x01
    out 0xa1, al
    mov ax, [0x46c]
    mov [0x600], ax
    sti
.wait:
    hlt
    cmp word [count], 64
    jb .wait
    mov ax, [0x46c]
    mov [0x602], ax
    mov ax, [count]
    mov [0x604], ax
    cli
    hlt

rtc_irq:
    push ax
    inc word [count]
    cmp word [count], 64
    jb .ack
    ; The 64th: clear PIE before acknowledging, so no 65th comes however slowly the
    ; guest reaches its CLI (nested under QEMU's emulation, the handler's six exits
    ; outlast the 976 us period, and one more arrived between the IRET and the CLI).
    mov al, 0x0b
    out 0x70, al
    in al, 0x71
    and al, ~0x40
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
.ack:
    mov al, 0x0c            ; read register C: acknowledges the interrupt
    out 0x70, al
    in al, 0x71
    mov al, 0x20            ; EOI to the slave, then the master
    out 0xa0, al
    out 0x20, al
    pop ax
    iret

count: dw 0

times 510 - ($ - $$) db 0
dw 0xaa55
