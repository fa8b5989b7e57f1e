; INT 15h AH=87h: copy 8 words from 0000:2000 to 1 MiB (100000h) through the
; descriptor table at 0000:0800, read them back at FFFF:0010 (= 100000h with A20
; on). From 0000:0600: 600 CF:AH, 602 the first word at 1 MiB, 604 the last.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    cld
    mov di, 0x2000          ; source data: 0x1111, 0x2222, ... 0x8888
    mov ax, 0x1111
    mov cx, 8
.fill:
    stosw
    add ax, 0x1111
    loop .fill
    mov di, 0x800           ; the GDT the call reads: 48 bytes of zeros first
    xor ax, ax
    mov cx, 24
    rep stosw
    mov word [0x800 + 0x10], 0xffff     ; source: limit, base 002000h, data
    mov word [0x800 + 0x12], 0x2000
    mov byte [0x800 + 0x14], 0x00
    mov byte [0x800 + 0x15], 0x93
    mov word [0x800 + 0x18], 0xffff     ; destination: base 100000h
    mov word [0x800 + 0x1a], 0x0000
    mov byte [0x800 + 0x1c], 0x10
    mov byte [0x800 + 0x1d], 0x93
    mov si, 0x800
    mov cx, 8
    mov ah, 0x87
    int 0x15
    mov al, ah
    mov ah, 0
    adc ah, 0
    mov [0x600], ax
    mov ax, 0xffff
    mov es, ax
    mov ax, [es:0x10]
    mov [0x602], ax
    mov ax, [es:0x1e]
    mov [0x604], ax
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
