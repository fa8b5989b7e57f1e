; Reads port 0x60 into BL, then reads a word from MMIO at D000:0004 (no RAM there)
; into CX and writes it back, plus one, to D000:0008; then halts.
bits 16
org 0x1000
    in al, 0x60
    mov bl, al
    mov ax, 0xd000
    mov ds, ax
    mov cx, [0x0004]
    inc cx
    mov [0x0008], cx
    hlt
