; Mode 13h: set the mode with INT 10h, program DAC entries 1-2 through ports
; 3C8h/3C9h, wait for vertical retrace on 3DAh, draw a filled 10x10 square of
; colour 1 at (100,50) straight into A000:0000, a diagonal of colour 2 with INT
; 10h AH=0Ch, read a pixel back with AH=0Dh and DAC entry 2 back through 3C7h/3C9h.
; Results from 0000:0600.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cld
    mov ax, 0x0013
    int 0x10
    mov ah, 0x0f
    int 0x10
    mov [0x600], ax         ; AH = 40 columns, AL = 13h

    mov dx, 0x3c8           ; DAC write index 1: (63, 0, 0) red, then (0, 63, 32)
    mov al, 1
    out dx, al
    inc dx
    mov al, 63
    out dx, al
    xor al, al
    out dx, al
    out dx, al
    mov al, 0
    out dx, al
    mov al, 63
    out dx, al
    mov al, 32
    out dx, al

    mov dx, 0x3da           ; wait for the start of a vertical retrace
.in_retrace:
    in al, dx
    test al, 8
    jnz .in_retrace
.not_retrace:
    in al, dx
    test al, 8
    jz .not_retrace

    mov ax, 0xa000
    mov es, ax
    mov di, 50 * 320 + 100
    mov bx, 10
.row:
    mov cx, 10
    mov al, 1
    rep stosb
    add di, 320 - 10
    dec bx
    jnz .row

    xor cx, cx              ; diagonal (0,0)..(19,19) in colour 2
.diag:
    mov ah, 0x0c
    mov al, 2
    mov dx, cx
    xor bh, bh
    int 0x10
    inc cx
    cmp cx, 20
    jb .diag

    mov ah, 0x0d            ; read (5,5) back
    mov cx, 5
    mov dx, 5
    int 0x10
    mov [0x602], al

    mov dx, 0x3c7           ; DAC read index 2
    mov al, 2
    out dx, al
    mov dx, 0x3c9
    in al, dx
    mov [0x603], al
    in al, dx
    mov [0x604], al
    in al, dx
    mov [0x605], al
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
