; 386 real-mode extensions: 32-bit addressing with SIB, FS/GS, LFS/LGS/LSS,
; PUSH/POP FS/GS, MOVZX/MOVSX, PUSHAD/POPAD. Results as in ext386-alu.asm.
bits 16
org 0x7c00
%include "prologue.inc"
    results_at_0500
    mov esi, 0x600                        ; 1: [esi + ecx*4 + 8] addresses 0x614
    mov ecx, 3
    mov dword [esi + ecx*4 + 8], 0xdeadbeef
    mov eax, [0x614]
    stosd
    mov ebx, 0x10                         ; 2: SIB with EBP base defaults to SS (SS = 0x60 -> 0x600 + 0x10 + 0x20)
    mov ax, 0x60
    mov ss, ax
    mov ebp, 0x10
    mov dword [ebp + ebx*2], 0xcafe0001
    xor ax, ax
    mov ss, ax
    mov eax, [0x630]
    stosd
    mov ax, 0x70                          ; 3: FS and GS overrides (FS:0x10 = 0x710, GS:0x20 = 0x820)
    mov fs, ax
    mov ax, 0x80
    mov gs, ax
    mov byte [fs:0x10], 0x5a
    mov byte [gs:0x20], 0xa5
    movzx eax, byte [0x710]
    movzx ebx, byte [0x820]
    shl ebx, 8
    or eax, ebx
    stosd
    push fs                               ; 4: PUSH FS / POP GS moves the selector
    pop gs
    xor eax, eax
    mov ax, gs
    stosd
    mov dword [0x640], 0x12345678         ; 5: LFS loads offset 0x12345678 and FS = 0x9abc
    mov word [0x644], 0x9abc
    o32 lfs eax, [0x640]
    stosd
    xor eax, eax
    mov ax, fs                            ; 6
    stosd
    movsx eax, word [0x644]               ; 7: MOVSX r32, m16 (0x9abc -> 0xFFFF9ABC)
    stosd
    mov eax, 0x11111111                   ; 8: PUSHAD/POPAD round trip after clobbering EBX
    mov ebx, 0x22222222
    pushad
    xor ebx, ebx
    popad
    mov eax, ebx
    stosd
    mov eax, 0xffffffff                   ; 9: 67-prefixed LODSB uses ESI
    mov esi, 0x614
    a32 lodsb
    movzx eax, al
    stosd
    mov eax, esi                          ; 10: ESI advanced to 0x615
    stosd
    mov ecx, 0x10005                      ; 11: 67 LOOP uses ECX (runs 0x10005 times)
    xor eax, eax
.count:
    inc eax
    a32 loop .count
    stosd
    hlt
