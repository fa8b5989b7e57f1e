; Port I/O in instructions the fake KVM does not know (OUT DX,AX and IN AL,DX),
; so the interpreter's io exits go through the machine's port bus: writes the
; word 0x4241 to port 0xE9, reads port 0xE9 into BL, halts.
bits 16
org 0x1000
    mov dx, 0x00e9
    mov ax, 0x4241
    out dx, ax              ; fallback: an io exit (out, size 2)
    in al, dx               ; fallback: an io exit (in, size 1), completed by the interpreter
    mov bl, al
    hlt
