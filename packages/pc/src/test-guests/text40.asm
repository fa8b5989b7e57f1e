; INT 10h 40-column text modes. Mode 00h, then mode 01h (40x25, 2 KiB pages at
; B800:0000): teletype wraps at column 40 and scrolls the 40-column page.
; Results at 0000:0600:
;   600 AX from AH=0Fh in mode 00h (AH=28h columns, AL=00h)
;   602 AX from AH=0Fh in mode 01h (2801h)
;   604 DX from AH=03h after 45 characters (row 1, column 5: 0105h)
;   606 CRTC CR13h, the offset register (words per row: 20)
; Screen (40 columns): row 0 "ABCDE" (row 1 before the scroll), row 23 "bottom",
; cursor at row 24, column 0.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov ax, 0x0000
    int 0x10
    mov ah, 0x0f
    int 0x10
    mov [0x600], ax
    mov ax, 0x0001
    int 0x10
    mov ah, 0x0f
    int 0x10
    mov [0x602], ax
    mov si, long_text
    call print
    mov ah, 0x03
    xor bh, bh
    int 0x10
    mov [0x604], dx
    mov dx, 0x3d4
    mov al, 0x13
    out dx, al
    inc dx
    in al, dx
    mov [0x606], al
    mov ah, 0x02            ; to the last row, where CR LF scrolls the page
    xor bh, bh
    mov dx, 0x1800
    int 0x10
    mov si, last_text
    call print
    cli
    hlt

; Prints the zero-terminated string at DS:SI with teletype output.
print:
    lodsb
    test al, al
    jz .done
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    jmp print
.done:
    ret

long_text: db '0123456789012345678901234567890123456789ABCDE', 0
last_text: db 'bottom', 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xaa55
