; The classic FPU detection: FNINIT, FNSTSW to a word preset to 5A5A, FNSTCW.
; With no coprocessor both words stay as preset; AX = 1 means "FPU found".
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov word [0x600], 0x5a5a
    mov word [0x602], 0x5a5a
    fninit
    fnstsw [0x600]
    fnstcw [0x602]
    fld1                        ; other ESC opcodes are decoded and ignored
    fadd dword [0x604]
    xor ax, ax
    cmp byte [0x600], 0
    jne .done
    inc ax
.done:
    hlt
