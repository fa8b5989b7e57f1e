; Text in mode 13h: teletype "Hi" in colour 0Eh at the top left, then AH=09h
; 'X' three times in colour 0Ch at row 2, column 5; and AX=1130h with BH=03h
; (the 8x8 font) whose ES:BP and CX/DL are stored from 0000:0600.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov ax, 0x0013
    int 0x10
    mov ax, 0x0e48          ; 'H'
    mov bx, 0x000e
    int 0x10
    mov ax, 0x0e69          ; 'i'
    int 0x10
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x0205
    int 0x10
    mov ax, 0x0958          ; 'X' x 3 in colour 0Ch
    mov bx, 0x000c
    mov cx, 3
    int 0x10
    push es
    mov ax, 0x1130
    mov bh, 0x03
    int 0x10
    mov [0x600], bp
    mov [0x602], es
    mov [0x604], cx
    mov [0x606], dl
    pop es
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
