; INT 10h text services. Results are words stored from 0000:0600; the test
; also checks the screen and the attribute bytes at B800:0000.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    mov di, 0x600
    cld

    mov ax, 0x0003          ; set mode 03h (clears the screen)
    int 0x10
    mov ah, 0x0f            ; get mode: AH = columns, AL = mode, BH = page
    int 0x10
    stosw                   ; [600] = 5003h
    mov al, bh
    stosb                   ; [602] = 0
    inc di

    mov ah, 0x01            ; cursor shape: lines 0-15 (block)
    mov cx, 0x000f
    int 0x10
    mov ah, 0x02            ; cursor to row 5, column 10
    xor bh, bh
    mov dx, 0x050a
    int 0x10
    mov ah, 0x03            ; read it back: DH/DL position, CH/CL shape
    xor bh, bh
    int 0x10
    mov ax, dx
    stosw                   ; [604] = 050Ah
    mov ax, cx
    stosw                   ; [606] = 000Fh

    mov ax, 0x0941          ; 'A' x 3 with attribute 1Eh (yellow on blue), cursor stays
    mov bx, 0x001e
    mov cx, 3
    int 0x10
    mov ah, 0x08            ; read char/attr at the cursor
    xor bh, bh
    int 0x10
    stosw                   ; [608] = 1E41h
    mov ax, 0x0a42          ; 'B' x 1 keeping the attribute
    xor bh, bh
    mov cx, 1
    int 0x10
    mov ah, 0x08
    int 0x10
    stosw                   ; [60A] = 1E42h

    mov ax, 0x1301          ; write string, update cursor, attribute BL
    mov bx, 0x0007
    mov cx, msg_end - msg
    mov dx, 0x0000          ; row 0, column 0
    mov bp, msg
    int 0x10
    mov ah, 0x03
    xor bh, bh
    int 0x10
    mov ax, dx
    stosw                   ; [60C] = 0000h + length: cursor after the string

    ; Rows 10-12: three lines, then scroll the window rows 10-12, columns 0-9 up by one.
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x0a00
    int 0x10
    mov si, lines
    call print
    mov ax, 0x0601          ; scroll up 1 line
    mov bh, 0x70            ; blank attribute: black on grey
    mov cx, 0x0a00          ; top-left row 10, col 0
    mov dx, 0x0c09          ; bottom-right row 12, col 9
    int 0x10
    mov ax, 0x0701          ; then scroll rows 20-21 down by one
    mov bh, 0x07
    mov cx, 0x1400
    mov dx, 0x154f
    int 0x10

    mov ax, 0x1a00          ; display combination: AL = 1Ah, BL = 08h (VGA colour)
    int 0x10
    stosw                   ; [60E] = 1A00h | ... AL only: 001Ah with AH untouched
    mov ax, bx
    stosw                   ; [610] = 0008h
    cli
    hlt

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

msg: db 'Write string'
msg_end:
lines: db 'line one', 13, 10, 'line two', 13, 10, 'line three', 13, 10
       times 7 db 13, 10
       db 'row twenty', 0

times 510 - ($ - $$) db 0
dw 0xaa55
