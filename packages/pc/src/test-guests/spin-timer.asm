; The timer must tick while the guest makes no exits at all: hook INT 1Ch
; (called by the BIOS's INT 08h on every tick) to count into 0000:0600, then
; spin reading the BIOS tick count at 0040:006C directly until it has moved on
; by 5, and halt. Only memory reads in the loop: no I/O, no BIOS calls.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov word [0x1c * 4], tick_hook
    mov word [0x1c * 4 + 2], 0
    sti
    mov bx, [0x46c]
.spin:
    mov ax, [0x46c]
    sub ax, bx
    cmp ax, 5
    jb .spin
    mov [0x602], ax
    cli
    hlt

tick_hook:
    inc word [cs:0x600]
    iret

times 510 - ($ - $$) db 0
dw 0xaa55
