; INT 16h: AH=01h on an empty buffer (ZF=1), AH=05h to store a key and AH=00h
; to read it, then a line reader on AH=10h (extended keys) that echoes with
; teletype and keeps every key word at 0000:0700 until Enter; AH=02h and AH=12h
; shift flags at the end. Results from 0000:0600:
;   600 ZF after AH=01h on the empty buffer (1)   602 AH=05h AL (0 = stored)
;   604 AH=00h word after the AH=05h              606 number of key words read
;   608 AH=02h AL while Caps Lock is on           60A AH=12h AX
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov ah, 0x01
    int 0x16
    mov ax, 0
    jnz .has_key
    inc ax
.has_key:
    mov [0x600], ax
    mov ah, 0x05
    mov cx, 0x1234
    int 0x16
    mov [0x602], al
    mov ah, 0x00
    int 0x16
    mov [0x604], ax

    mov si, prompt
    call print
    mov di, 0x700
.read:
    mov ah, 0x10
    int 0x16
    mov [di], ax
    add di, 2
    cmp al, 13
    je .enter
    cmp al, 0xe0            ; a grey key: show '#'
    jne .echo
    mov al, '#'
.echo:
    test al, al
    jz .read
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    jmp .read
.enter:
    sub di, 0x700
    shr di, 1
    mov [0x606], di
    mov ah, 0x02
    int 0x16
    mov [0x608], al
    mov ah, 0x12
    int 0x16
    mov [0x60a], ax
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

prompt: db '> ', 0

times 510 - ($ - $$) db 0
dw 0xaa55
