; 386/486 real-mode extensions: 32-bit registers and arithmetic. Each result is
; stored with STOSD to 0000:0500 onwards (one dword per result, in order).
bits 16
org 0x7c00
%include "prologue.inc"
    results_at_0500
    mov eax, 0x12345678          ; 1: BSWAP
    bswap eax
    stosd
    mov eax, 0xfffffffe          ; 2: ADD with carry out, then ADC 0 -> 1 + carry
    add eax, 3
    mov eax, 0
    adc eax, 0
    stosd
    mov ax, 0x8000               ; 3: CWDE
    cwde
    stosd
    mov eax, 0x80000000          ; 4: CDQ -> EDX
    cdq
    mov eax, edx
    stosd
    mov ebx, 0x00010001          ; 5: IMUL r32, r/m32 (0x10001 * 0x10001 truncated = 0x00020001)
    imul ebx, ebx
    mov eax, ebx
    stosd
    mov ecx, -7                  ; 6: IMUL r32, r/m32, imm8 (-7 * 3 = -21)
    imul eax, ecx, 3
    stosd
    mov eax, 0x11223344          ; 7: SHLD eax, ebx, 8 with ebx = 0xAABBCCDD -> 0x223344AA
    mov ebx, 0xaabbccdd
    shld eax, ebx, 8
    stosd
    mov eax, 0x11223344          ; 8: SHRD eax, ebx, cl (cl = 4) -> 0xD1122334
    mov cl, 4
    shrd eax, ebx, cl
    stosd
    mov eax, 5                   ; 9: XADD: eax = 5 + 10, ebx = old eax (5); store eax then ebx
    mov ebx, 10
    xadd eax, ebx
    stosd
    mov eax, ebx
    stosd                        ; 10
    mov eax, 7                   ; 11: CMPXCHG equal: [mem] = 7 -> replaced by ecx (0x99)
    mov dword [0x600], 7
    mov ecx, 0x99
    cmpxchg [0x600], ecx
    mov eax, [0x600]
    stosd
    mov eax, 1                   ; 12: CMPXCHG unequal: eax gets [mem] (0x99)
    cmpxchg [0x600], ecx
    stosd
    mov eax, 0x80000000          ; 13: 32-bit MUL: 0x80000000 * 6 -> EDX = 3, EAX = 0
    mov ecx, 6
    mul ecx
    add eax, edx
    stosd
    mov edx, 3                   ; 14: 64/32 DIV: 0x3_00000005 / 0x10 -> quotient 0x30000000
    mov eax, 5
    mov ecx, 0x10
    div ecx
    stosd
    mov eax, edx                 ; 15: remainder 5
    stosd
    mov eax, -100                ; 16: IDIV 32: -100 / 7 = -14
    cdq
    mov ecx, 7
    idiv ecx
    stosd
    mov eax, 0xf0                ; 17: SAR 32-bit by 4 of 0xF0000000 -> 0xFF000000
    shl eax, 24
    sar eax, 4
    stosd
    hlt
