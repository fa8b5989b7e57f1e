; A fault inside a compiled loop (286/386 real mode: a word read at offset FFFFh is
; beyond the 64 KiB limit, #GP, vector 13; SDM vol. 3A §20.1.3). The handler counts
; it and moves SI on, so the faulting MOV is executed again and then goes through.
bits 16
cpu 286
org 0x7c00
%include "prologue.inc"
  zero_segments_and_stack
  mov word [13 * 4], gp_handler
  mov word [13 * 4 + 2], 0
  mov word [0x502], 0
  mov si, 0xfff0
  mov cx, 40
  xor bx, bx
.loop:
  add bx, cx
  mov ax, [si]                ; faults once, at SI = FFFFh
  add bx, ax
  inc si
  dec cx
  jnz .loop
  mov [0x500], bx
  hlt
gp_handler:
  inc word [0x502]
  inc si                      ; SI = 0: the MOV goes through when it runs again
  iret
