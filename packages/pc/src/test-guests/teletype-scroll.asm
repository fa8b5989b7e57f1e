; INT 10h AH=0Eh past the bottom of the screen: 30 numbered lines, so the
; first five scroll away. Then backspace and carriage return on the last line.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov cx, 1
.line:
    mov si, prefix
    call print
    mov ax, cx              ; two decimal digits
    mov bl, 10
    div bl
    add ax, 0x3030
    push ax
    call putc               ; tens (AL)
    pop ax
    mov al, ah
    call putc               ; units
    mov si, newline
    call print
    inc cx
    cmp cx, 31
    jb .line
    mov si, last
    call print
    cli
    hlt

print:
    lodsb
    test al, al
    jz .done
    call putc
    jmp print
.done:
    ret

putc:
    push bx
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    pop bx
    ret

prefix: db 'Line ', 0
newline: db 13, 10, 0
last: db 'abcX', 8, 'd', 13, 'ABC', 0

times 510 - ($ - $$) db 0
dw 0xaa55
