; INT 15h AH=86h while the PIT interrupts about 12 000 times a second, so an IRQ 0
; is pending whenever the BIOS's wait is retried: the PC acknowledges it while the
; wait stub still has IF clear, and the stub's `sti; hlt` must wake into it (on KVM
; the STI shadow covers the HLT, so KVM reports the HLT with the vector still queued).
; Results from 0000:0600: 600 CF after the wait (0: done), 602 600Dh when finished.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov al, 0x34            ; PIT channel 0, low then high byte, mode 2 (rate generator)
    out 0x43, al
    mov al, 100             ; divisor 100: 1.193182 MHz / 100 = 11.9 kHz
    out 0x40, al
    xor al, al
    out 0x40, al
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

times 510 - ($ - $$) db 0
dw 0xaa55
