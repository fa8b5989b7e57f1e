; Serial echo over INT 14h: initialise COM1 at 9600 8N1 (AH=00h), then receive
; (AH=02h; AH bit 7 set = nothing yet) and send back (AH=01h) each byte in upper
; case, until a '.' arrives; then "bye" to COM1 and "done" to the debug console.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov ah, 0x00
    mov al, 0b11100011      ; 9600 baud, no parity, 1 stop bit, 8 bits
    xor dx, dx              ; COM1
    int 0x14
.receive:
    mov ah, 0x02
    xor dx, dx
    int 0x14
    test ah, 0x80
    jnz .receive            ; timeout: nothing received yet
    cmp al, '.'
    je .finish
    cmp al, 'a'
    jb .send
    cmp al, 'z'
    ja .send
    sub al, 0x20
.send:
    mov ah, 0x01
    xor dx, dx
    int 0x14
    jmp .receive
.finish:
    mov si, bye
.bye:
    lodsb
    test al, al
    jz .debug
    mov ah, 0x01
    xor dx, dx
    int 0x14
    jmp .bye
.debug:
    mov si, done
.next:
    lodsb
    test al, al
    jz .halt
    out 0xe9, al
    jmp .next
.halt:
    cli
    hlt

bye: db 'bye', 13, 10, 0
done: db 'done', 10, 0

times 510 - ($ - $$) db 0
dw 0xaa55
