; One write and one read in the option-ROM hole at C000:0000, where nothing is
; mapped: both are MMIO exits (served inline by the interpreter), the write is
; dropped and the read gives FFh (an undriven bus). The byte read is at 0000:0600.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov ax, 0xc000
    mov es, ax
    mov byte [es:0], 0x5a
    mov al, [es:0]
    mov [0x600], al
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
