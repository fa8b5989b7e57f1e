; INT 11h, 12h and INT 15h (E820 map, E801h, 88h, C0h, 86h wait). Results from 0000:0600:
;   600 INT 11h AX        602 INT 12h AX        604 INT 15h/88h AX    606 E801h AX
;   608 E801h BX          60A C0h: model byte   60C E820 entry count  60E 86h CF (0 = ok)
;   610 ticks waited by 86h (200 ms)            612 INT 1Ah AH=04h CX (century, year, BCD)
;   614 INT 1Ah AH=04h DX (month, day, BCD)     616 its CF    700 E820 entries (20 bytes each)
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    int 0x11
    mov [0x600], ax
    int 0x12
    mov [0x602], ax
    mov ah, 0x88
    int 0x15
    mov [0x604], ax
    mov ax, 0xe801
    int 0x15
    mov [0x606], ax
    mov [0x608], bx
    mov ah, 0xc0
    int 0x15
    mov al, [es:bx + 2]
    mov [0x60a], al
    xor ax, ax
    mov es, ax

    xor ebx, ebx            ; E820: continuation 0
    mov di, 0x700
    xor bp, bp
.e820:
    mov eax, 0xe820
    mov edx, 0x534d4150     ; 'SMAP'
    mov ecx, 20
    int 0x15
    jc .e820_done
    cmp eax, 0x534d4150
    jne .e820_done
    inc bp
    add di, 20
    test ebx, ebx
    jnz .e820
.e820_done:
    mov [0x60c], bp

    mov ah, 0x00
    int 0x1a
    mov si, dx
    mov ah, 0x86            ; wait CX:DX = 200000 microseconds
    mov cx, 0x0003
    mov dx, 0x0d40
    int 0x15
    sbb ax, ax
    mov [0x60e], ax
    mov ah, 0x00
    int 0x1a
    sub dx, si
    mov [0x610], dx
    mov ah, 0x04            ; RTC date
    int 0x1a
    mov [0x612], cx
    mov [0x614], dx
    sbb ax, ax
    mov [0x616], ax
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
