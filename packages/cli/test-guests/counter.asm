; counter.asm - a boot sector that counts forever, showing the count in hex at
; the top-left of the screen after every increment (the screen changes far
; more often than any display redraws it: for the live display's frame rate).
BITS 16
ORG 0x7C00

start:
    mov ax, 0xB800
    mov es, ax
    xor dx, dx                  ; the count
again:
    inc dx
    mov bx, dx
    xor di, di
    mov cx, 4                   ; four hex digits, most significant first
.digit:
    rol bx, 4
    mov al, bl
    and al, 0x0F
    add al, '0'
    cmp al, '9'
    jbe .store
    add al, 'A' - '0' - 10
.store:
    mov ah, 0x0A                ; light green on black
    stosw
    loop .digit
    jmp again

    times 510 - ($ - $$) db 0
    dw 0xAA55
