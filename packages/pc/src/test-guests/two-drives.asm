; Booted from a floppy (DL = 00h) with a hard disk as drive 80h: INT 13h AH=08h
; on 80h (DL = number of hard disks), a CHS read of the hard disk's sector 1 to
; 0000:1000, INT 11h (floppy present), and the BDA hard disk count. From 0000:0600:
;   600 boot DL   602 AH=08h(80h) DX   604 AH=02h(80h) CF:AH   606 first word read
;   608 INT 11h AX   60A byte 0040:0075
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    xor dh, dh
    mov [0x600], dx
    mov ah, 0x08
    mov dl, 0x80
    int 0x13
    mov [0x602], dx
    mov ax, 0x0201
    mov cx, 0x0001
    xor dh, dh
    mov dl, 0x80
    mov bx, 0x1000
    int 0x13
    mov al, ah
    mov ah, 0
    adc ah, 0
    mov [0x604], ax
    mov ax, [0x1000]
    mov [0x606], ax
    int 0x11
    mov [0x608], ax
    mov al, [0x475]
    mov [0x60a], al
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
