; The benchmark guest: ECX times OUT DX, AL (one exit each), then HLT.
; The host sets ECX (iterations) and DX (port) before running it.
bits 16
org 0x1000
again:
    out dx, al
    dec ecx
    jnz again
    hlt
