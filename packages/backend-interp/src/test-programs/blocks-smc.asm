; Self-modifying code under the block compiler. Each loop pass patches the
; immediate of an instruction later in the same block, and a second loop patches
; the opcode of an instruction in another block. The interpreter (no prefetch queue
; modelled) sees a store to code at once, as a 486 or later does (SDM vol. 3A
; §11.6 "Self-modifying code"); compiled blocks must agree with it.
bits 16
cpu 386
org 0x7c00
%include "prologue.inc"
  zero_segments_and_stack
  mov cx, 100
  mov bx, 1
patch_loop:
  mov [cs:patch + 1], bx      ; the ADD's imm16, three bytes ahead in this block
patch:
  add ax, strict word 0      ; the accumulator form 05h: imm16 at patch + 1
  inc bx
  dec cx
  jnz patch_loop
  mov [0x500], ax             ; 1 + 2 + ... + 100 = 5050

  ; The opcode of `target` alternates INC DX / DEC DX (42h / 4Ah) every pass.
  xor dx, dx
  mov cx, 7
opcode_loop:
  call target
  xor byte [cs:target], 0x08
  loop opcode_loop
  mov [0x502], dx             ; +1 -1 +1 -1 +1 -1 +1 = 1
  hlt
target:
  inc dx
  ret
