; CPU model differences, stored as words at 0000:0500 (STOSW):
; 1 value pushed by PUSH SP minus SP before it, 2 SHL by CL=33 of 1, 3 FLAGS from PUSHF (top nibble),
; 4 IP pushed by a divide error minus the DIV's address.
bits 16
org 0x7c00
%include "prologue.inc"
    results_at_0500
    mov word [0 * 4], divide_error   ; INT 0 handler
    mov word [0 * 4 + 2], 0
    push sp                          ; 1: 8086 pushes SP after the decrement
    pop ax
    sub ax, sp
    stosw
    mov ax, 1                        ; 2: 8086 shifts 33 times (-> 0), 286+ mask to 1 (-> 2)
    mov cl, 33
    shl ax, cl
    stosw
    pushf                            ; 3: FLAGS bits 12-15
    pop ax
    and ax, 0xf000
    stosw
    xor dx, dx                       ; 4: divide by zero
    mov ax, 1
    xor bx, bx
faulting:
    div bx
after:
    hlt
divide_error:
    pop ax                           ; pushed IP
    sub ax, faulting
    stosw
    hlt
