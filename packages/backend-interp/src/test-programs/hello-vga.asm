; Writes "Hi!" to the VGA text buffer with mov byte [es:di], cl in a loop, then halts.
bits 16
org 0x7c00
    cli
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov ax, 0xb800
    mov es, ax
    xor di, di
    mov si, msg
    mov bx, 3
next:
    mov cl, [si]
    mov byte [es:di], cl
    mov byte [es:di+1], 0x1f
    inc si
    add di, 2
    dec bx
    jnz next
    mov dx, 0x3f8
    mov al, '!'
    out dx, al
    hlt
msg: db 'Hi!'
