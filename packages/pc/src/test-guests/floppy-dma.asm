; INT 13h transfers whose buffer crosses a 64 KiB physical boundary, on the
; boot drive (DL at boot). On a floppy the 8237 DMA cannot do them: AH=09h,
; CF=1, AL=0, nothing moved; on a hard disk they succeed. Results at 0000:0600:
;   600 AX, 602 CF  read 1 sector to 1000:FF00 (1FF00h-200FFh crosses 20000h)
;   604 AX          AH=01h, the last status, right after
;   606 AX, 608 CF  read 1 sector to 1000:FE00 (ends exactly at 20000h: fine)
;   60A AX, 60C CF  write 2 sectors from 0000:FF00 (crosses 10000h) to sectors 2-3
;   60E             the word at 1000:FF00 after the first read: BEEFh, put there before
;                   it, when the read is refused; the boot sector's first word when not
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov [drive], dl
    mov ax, 0x1000
    mov es, ax
    mov word [es:0xff00], 0xbeef
    mov ax, 0x0201          ; read 1 sector: cylinder 0, head 0, sector 1
    mov cx, 0x0001
    xor dh, dh
    mov bx, 0xff00
    int 0x13
    mov [0x600], ax
    sbb cx, cx
    mov [0x602], cx
    mov ax, [es:0xff00]
    mov [0x60e], ax
    mov ah, 0x01
    mov dl, [drive]
    int 0x13
    mov [0x604], ax
    mov ax, 0x0201
    mov cx, 0x0001
    xor dh, dh
    mov dl, [drive]
    mov bx, 0xfe00
    int 0x13
    mov [0x606], ax
    sbb cx, cx
    mov [0x608], cx
    xor ax, ax
    mov es, ax
    mov ax, 0x0302          ; write 2 sectors from 0000:FF00 to sectors 2-3
    mov cx, 0x0002
    xor dh, dh
    mov dl, [drive]
    mov bx, 0xff00
    int 0x13
    mov [0x60a], ax
    sbb cx, cx
    mov [0x60c], cx
    cli
    hlt

drive: db 0

times 510 - ($ - $$) db 0
dw 0xaa55
