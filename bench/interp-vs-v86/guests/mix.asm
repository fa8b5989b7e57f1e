; mix: Collatz trajectories of 1..LIMIT on 32-bit values held in DX:AX, so the
; loop is branchy and data-dependent: CALL/RET, PUSH/POP, SHR/RCR and SHL/RCL
; pairs, ADD/ADC chains, TEST/CMP with conditional jumps, STOSB, a memory add.
;
;   for rep in 1..REPS:
;     for n in 1..LIMIT: steps = collatz(n); TABLE[n-1] = steps (byte); SUM += steps
;   collatz(n): count steps of n -> n/2 (even) or 3n+1 (odd) until n = 1
;
; Results: RESULT+0 = SUM (16-bit, over all reps), TABLE = LIMIT bytes of steps.
; Instructions: depend on each trajectory; guests.mjs walks the same paths.
; Per rep: 2 + sum over n of (11 + collatz cost) + 2; before the reps 2.
;   collatz cost = 1 + per step: (DX != 0 ? 2 : 4) + 2 + (even ? 4 : 11); + 5 to return
%include "frame.inc"

LIMIT equ 1000           ; peaks above 2^16 (703 reaches 250504), so DX is exercised
TABLE equ 0x1000
SUM   equ RESULT

GUEST_BEGIN 130
  mov bp, [reps]
  mov word [SUM], 0
.outer:
  mov di, TABLE
  mov bx, 1
.next:
  push bx
  mov ax, bx
  xor dx, dx
  call collatz
  pop bx
  mov al, cl
  stosb
  add [SUM], cx
  inc bx
  cmp bx, LIMIT + 1
  jne .next
  dec bp
  jnz .outer
GUEST_END

; DX:AX = n >= 1. Returns CX = number of steps to reach 1. Clobbers AX, DX, SI.
collatz:
  xor cx, cx
.loop:
  test dx, dx
  jnz .step
  cmp ax, 1
  je .done
.step:
  test al, 1
  jnz .odd
  shr dx, 1                ; n /= 2 across the pair: SHR then RCR through CF
  rcr ax, 1
  inc cx
  jmp .loop
.odd:
  mov si, ax               ; n = 3n + 1 = n + 2n + 1
  push dx
  shl ax, 1
  rcl dx, 1
  add ax, si
  pop si                   ; POP leaves the flags, so ADC still sees the ADD's carry
  adc dx, si
  add ax, 1
  adc dx, 0
  inc cx
  jmp .loop
.done:
  ret
