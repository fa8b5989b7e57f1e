; arith: a tight register-only arithmetic loop (add, adc, xor, rol, inc, dec, jnz).
; Each inner iteration mixes the carry of one addition into another sum, so a
; wrong CF, rotate or wrap shows in the result.
;
;   for rep in 1..REPS: for i in 1..INNER:
;     ax += bx (CF = carry out); si += dx + CF; dx ^= ax; dx = rol(dx, 1); bx += 1
;
; Results: RESULT+0 = ax, +2 = bx, +4 = dx, +6 = si (all 16-bit).
; Instructions: 5 + REPS * (3 + 7 * INNER) + 4, plus the frame's 13.
%include "frame.inc"

INNER equ 1000

GUEST_BEGIN 14000
  xor ax, ax
  mov bx, 1
  xor dx, dx
  xor si, si
  mov bp, [reps]
.outer:
  mov cx, INNER
.inner:
  add ax, bx
  adc si, dx               ; CF from the add above: xor/rol come after it
  xor dx, ax
  rol dx, 1
  inc bx                   ; INC and DEC leave CF alone (SDM vol. 2A, INC/DEC)
  dec cx
  jnz .inner
  dec bp
  jnz .outer
  mov [RESULT], ax
  mov [RESULT+2], bx
  mov [RESULT+4], dx
  mov [RESULT+6], si
GUEST_END
