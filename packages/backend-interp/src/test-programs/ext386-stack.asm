; 386/486 real mode: the ID flag (CPUID detection), 32-bit CALL/RET and IRETD frames,
; ENTER/LEAVE, REP MOVSD with 32-bit addressing, #GP for an offset past 64 KiB, ICEBP.
; Results as in ext386-alu.asm.
bits 16
org 0x7c00
%include "prologue.inc"
    results_at_0500
    mov word [13 * 4], gp_handler
    mov word [13 * 4 + 2], 0
    mov word [1 * 4], db_handler
    mov word [1 * 4 + 2], 0
    pushfd                       ; 1: EFLAGS.ID can be toggled (CPUID present)
    pop eax
    mov ecx, eax
    xor eax, 0x200000
    push eax
    popfd
    pushfd
    pop eax
    xor eax, ecx
    stosd
    mov ebx, esp                 ; 2: o32 CALL pushes 4 bytes (ESP difference inside the callee)
    call dword callee
    stosd
    push dword 0x202             ; 3: IRETD pops EIP, CS, EFLAGS (32 bits each); returns to .after_iret
    push dword 0
    push dword .after_iret
    o32 iret
.after_iret:
    pushfd
    pop eax
    and eax, 0x200               ; IF from the popped image
    stosd
    mov bp, 0x1234               ; 4: ENTER 8, 0 then LEAVE restores BP and SP
    mov ebx, esp
    enter 8, 0
    mov eax, esp
    sub ebx, eax                 ; 2 (BP) + 8 (frame) = 10
    leave
    mov eax, ebx
    stosd
    mov ax, bp                   ; 5
    stosd
    mov esi, 0x600               ; 6: a32 REP MOVSD copies 3 dwords from 0x600 to 0x700
    mov dword [0x600], 0x11111111
    mov dword [0x604], 0x22222222
    mov dword [0x608], 0x33333333
    push di
    mov edi, 0x700
    mov ecx, 3
    a32 rep movsd
    pop di
    mov eax, [0x708]
    stosd
    mov eax, ecx                 ; 7: ECX counted down to 0
    stosd
    mov esi, 0x10000             ; 8: offset past the 64 KiB limit -> #GP, handler sets EAX
    xor eax, eax
    mov al, [esi]
    stosd
    xor eax, eax                 ; 9: ICEBP (F1) traps through vector 1
    db 0xf1
    stosd
    hlt
callee:
    mov eax, ebx
    sub eax, esp
    o32 ret
gp_handler:
    mov eax, 0x0d0d              ; the faulting MOV is skipped (3 bytes: 67 8A 06)
    push bp
    mov bp, sp
    add word [bp + 2], 3
    pop bp
    iret
db_handler:
    mov eax, 0xdb
    iret
