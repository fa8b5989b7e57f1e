; spin.asm - a boot sector that never halts and never exits (for --timeout).
BITS 16
ORG 0x7C00
spin:
    jmp spin
    times 510 - ($ - $$) db 0
    dw 0xAA55
