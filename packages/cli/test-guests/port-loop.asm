; port-loop.asm - a boot sector that writes to port 80h (the POST diagnostic
; port) forever: one port-I/O exit per iteration, never a HLT (for --max-exits).
BITS 16
ORG 0x7C00
    xor al, al
again:
    out 0x80, al
    inc al
    jmp again
    times 510 - ($ - $$) db 0
    dw 0xAA55
