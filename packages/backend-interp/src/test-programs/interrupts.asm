; Interrupt delivery: INT 3, INTO, BOUND (#BR), an invalid opcode (#UD on 286+),
; and the single-step trap. Each handler appends its vector (a word) at 0000:0500
; then returns; a trap handler counts the instructions it saw in 0x600.
bits 16
org 0x7c00
%include "prologue.inc"
    results_at_0500
    mov word [1 * 4], trap
    mov word [3 * 4], int3_handler
    mov word [4 * 4], into_handler
    mov word [5 * 4], bound_handler
    mov word [6 * 4], ud_handler
    int3
    mov al, 0x7f                ; INTO with OF set
    add al, 1
    into
    mov word [0x700], 0         ; BOUND bx, [0x700] with bounds 0..10, bx = 20
    mov word [0x702], 10
    mov bx, 20
    bound bx, [0x700]
    db 0x0f, 0xff               ; invalid opcode (#UD)
    mov word [0x600], 0         ; single-step three NOPs
    pushf
    pop ax
    or ax, 0x100
    push ax
    popf                        ; TF takes effect after the next instruction
    nop
    nop
    nop
    pushf
    pop ax
    and ax, 0xfeff
    push ax
    popf
    hlt
int3_handler:
    mov ax, 3
    stosw
    iret
into_handler:
    mov ax, 4
    stosw
    iret
bound_handler:
    mov ax, 5
    stosw
    mov bx, 5                   ; fix the index so BOUND passes when retried
    iret
ud_handler:
    mov ax, 6
    stosw
    push bp                     ; skip the two-byte invalid opcode
    mov bp, sp
    add word [bp + 2], 2
    pop bp
    iret
trap:
    inc word [0x600]
    iret
