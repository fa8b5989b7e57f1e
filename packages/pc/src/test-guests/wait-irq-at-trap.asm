; INT 15h AH=86h with only IRQ 5 unmasked, which the test raises at each of the
; BIOS's trap exits, so the IRQ is pending while the wait stub still has IF clear:
; the PC acknowledges it then (the stub returns with IF set), and the stub's
; `sti; hlt` must wake into it. On KVM the STI shadow covers the HLT, so KVM
; reports the HLT with the vector still queued. The guest's INT 0Dh handler
; counts the interrupts. Results from 0000:0600:
;   600 CF after the wait (0: done)   602 600Dh when finished   604 IRQ 5 count
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov word [0x0d * 4], irq5
    mov word [0x0d * 4 + 2], 0
    mov al, 0xdf            ; master PIC: mask all but IRQ 5 (no timer: only IRQ 5 wakes the wait)
    out 0x21, al
    sti
    mov ah, 0x86            ; wait CX:DX = 50000 microseconds
    xor cx, cx
    mov dx, 50000
    int 0x15
    sbb ax, ax
    mov [0x600], ax
    mov word [0x602], 0x600d
    cli
    hlt

irq5:
    push ax
    inc word [0x604]
    mov al, 0x20            ; EOI
    out 0x20, al
    pop ax
    iret

times 510 - ($ - $$) db 0
dw 0xaa55
