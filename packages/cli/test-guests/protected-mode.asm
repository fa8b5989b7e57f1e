; protected-mode.asm - a boot sector that sets CR0.PE (Intel SDM vol. 3A §9.9.1).
; The interpreter implements real mode only and answers with an internal-error
; exit, which tinyvm's machine does not handle: the run stops with an error.
BITS 16
ORG 0x7C00
    mov eax, cr0
    or al, 1            ; PE
    mov cr0, eax
    hlt                 ; not reached on the interpreter
    times 510 - ($ - $$) db 0
    dw 0xAA55
