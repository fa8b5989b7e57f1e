; 386 bit instructions, SETcc, Jcc rel16, CPUID, RDTSC. Results as in ext386-alu.asm.
bits 16
org 0x7c00
%include "prologue.inc"
    results_at_0500
    mov eax, 0x00000100            ; 1: BT eax, 8 sets CF -> SETC
    bt eax, 8
    setc al
    movzx eax, al
    stosd
    mov eax, 0                     ; 2: BTS bit 31
    bts eax, 31
    stosd
    mov eax, 0xffffffff            ; 3: BTR bit 0, BTC bit 4
    btr eax, 0
    btc eax, 4
    stosd
    mov dword [0x600], 0           ; 4: BTS m32 with register offset 40 sets bit 8 of [0x604]
    mov dword [0x604], 0
    mov ecx, 40
    bts [0x600], ecx
    mov eax, [0x604]
    stosd
    mov eax, 0x00f0_0000           ; 5: BSF -> 20
    bsf eax, eax
    stosd
    mov eax, 0x00f0_0000           ; 6: BSR -> 23
    bsr eax, eax
    stosd
    mov eax, 0                     ; 7: BSF of 0 sets ZF -> SETZ
    mov ecx, 0x77
    bsf ecx, eax
    setz al
    movzx eax, al
    stosd
    mov eax, 5                     ; 8: CMP + SETcc: 5 < 7 signed -> SETL = 1, SETG = 0 in bit 8
    cmp eax, 7
    setl bl
    setg bh
    movzx eax, bx
    stosd
    xor eax, eax                   ; 9: Jcc rel16 over more than 127 bytes
    cmp eax, 0
    je near .far
    mov eax, 0xbad
    times 200 nop
.far:
    add eax, 0x600d
    stosd
    xor eax, eax                   ; 10: CPUID leaf 0 vendor EBX = "Genu"
    cpuid
    mov eax, ebx
    stosd
    rdtsc                          ; 11: RDTSC increases
    mov ebx, eax
    nop
    rdtsc
    sub eax, ebx
    seta al
    movzx eax, al
    stosd
    hlt
