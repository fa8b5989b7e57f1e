; A text-mode game loop: every timer tick (INT 1Ah AH=00h) it moves a '*'
; one column along row 12 and counts a frame; between ticks it polls the
; keyboard with INT 16h AH=01h (ZF=1: no key) and takes keys with AH=00h.
; 'u' moves the star up a row;
; 'q' ends the game with a summary line. Frames are stored at 0000:0600.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov ax, 0x0003
    int 0x10
    mov ah, 0x01            ; hide the cursor (start line bit 5)
    mov cx, 0x2000
    int 0x10
    mov ah, 0x00
    int 0x1a
    mov [last_tick], dx

frame:
    mov ah, 0x01            ; key waiting?
    int 0x16
    jz .no_key
    mov ah, 0x00            ; take it
    int 0x16
    cmp al, 'q'
    je quit
    cmp al, 'u'
    jne .no_key
    dec byte [row]
.no_key:
    mov ah, 0x00            ; has the tick count moved on?
    int 0x1a
    cmp dx, [last_tick]
    je frame
    mov [last_tick], dx
    inc word [frames]
    ; draw: erase the old star, put the new one
    mov ah, 0x02
    xor bh, bh
    mov dh, [old_row]
    mov dl, [col]
    int 0x10
    mov ax, 0x0a20
    mov cx, 1
    int 0x10
    inc byte [col]
    cmp byte [col], 80
    jb .draw
    mov byte [col], 0
.draw:
    mov ah, 0x02
    mov dh, [row]
    mov dl, [col]
    int 0x10
    mov [old_row], dh
    mov ax, 0x092a          ; '*' in bright white
    mov bx, 0x000f
    mov cx, 1
    int 0x10
    jmp frame

quit:
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x1800          ; bottom row
    int 0x10
    mov si, bye
.print:
    lodsb
    test al, al
    jz .done
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    jmp .print
.done:
    mov ax, [frames]
    mov [0x600], ax
    cli
    hlt

last_tick: dw 0
frames: dw 0
row: db 12
old_row: db 12
col: db 0
bye: db 'Game over', 0

times 510 - ($ - $$) db 0
dw 0xaa55
