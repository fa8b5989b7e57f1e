; Writes "e9 says hi" to the debug console (port E9h) and "com1 says hi" to
; COM1 through INT 14h AH=01h, then halts: the CLI's --debugcon and --serial.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov si, e9_text
.e9:
    lodsb
    test al, al
    jz .com1
    out 0xe9, al
    jmp .e9
.com1:
    mov si, com1_text
.next:
    lodsb
    test al, al
    jz .halt
    mov ah, 0x01
    xor dx, dx
    int 0x14
    jmp .next
.halt:
    cli
    hlt

e9_text: db 'e9 says hi', 10, 0
com1_text: db 'com1 says hi', 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xaa55
