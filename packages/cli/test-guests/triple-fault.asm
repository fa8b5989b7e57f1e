; triple-fault.asm - a boot sector that shuts the CPU down.
; It loads an IDT with limit 0, so no interrupt vector is inside it, then raises
; INT 3: the vector is beyond the limit (#GP), #GP's vector is too (#DF), and so is
; #DF's: a triple fault, which a PC turns into a shutdown (Intel SDM vol. 3A §6.15,
; "Interrupt 8 - Double Fault Exception"; §20.1.4 for the real-mode IDT limit check).
BITS 16
ORG 0x7C00
    lidt [empty_idt]
    int3
    hlt                 ; never reached
empty_idt:
    dw 0                ; limit
    dd 0                ; base
    times 510 - ($ - $$) db 0
    dw 0xAA55
