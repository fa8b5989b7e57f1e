; cursor.asm - a boot sector that writes "ok" at row 3, column 5 and moves the
; hardware cursor just after it through the CRTC (ports 3D4h/3D5h), the way a
; BIOS does: `out dx, ax` with the register index in AL and the value in AH.
; A flat guest (--load 0x7c00): it ends in HLT with interrupts as it found them.
BITS 16
ORG 0x7C00
ROW     equ 3
COL     equ 5
CELL    equ ROW * 80 + COL
    mov ax, 0xB800
    mov es, ax
    mov word [es:CELL * 2], 0x0700 | 'o'
    mov word [es:CELL * 2 + 2], 0x0700 | 'k'
    mov dx, 0x3D4
    mov ax, ((CELL + 2) & 0xFF) << 8 | 0x0F     ; CR0F cursor location low
    out dx, ax
    mov ax, ((CELL + 2) >> 8) << 8 | 0x0E       ; CR0E cursor location high
    out dx, ax
    hlt
    times 510 - ($ - $$) db 0
    dw 0xAA55
