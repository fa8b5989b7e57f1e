; muldiv: a Lehmer-style generator driven by MUL and DIV, with a signed IDIV
; folded into a checksum each step.
;
;   x = 1, sum = 0
;   for rep in 1..REPS: for i in 1..INNER:
;     (q, x) = divmod(x * A + C, M)          unsigned 32/16 DIV; x < M keeps q < 65536
;     sum = (sum + q) xor (signed x rem signed A)   IDIV truncates toward zero,
;                                                    the remainder takes the dividend's sign
;
; Results: RESULT+0 = x, RESULT+2 = sum.
; Instructions: 6 + REPS * (3 + 13 * INNER) + 2, plus the frame's 13.
%include "frame.inc"

INNER     equ 1000
MODULUS   equ 65521          ; largest prime below 2^16
MULTIPLIER equ 40503         ; > 7FFFh, so IDIV sees a negative divisor
INCREMENT equ 12345
COUNTER   equ RESULT + 0x10  ; the outer loop counter lives in memory

GUEST_BEGIN 7500
  mov si, 1
  xor bx, bx
  mov di, MULTIPLIER
  mov bp, MODULUS
  mov ax, [reps]
  mov [COUNTER], ax
.outer:
  mov cx, INNER
.inner:
  mov ax, si
  mul di                   ; DX:AX = x * A
  add ax, INCREMENT
  adc dx, 0
  div bp                   ; AX = quotient, DX = remainder (SDM vol. 2A, DIV)
  mov si, dx
  add bx, ax
  mov ax, si
  cwd                      ; DX:AX = sign-extended x
  idiv di                  ; signed divide by A (negative as a 16-bit signed number)
  xor bx, dx
  dec cx
  jnz .inner
  dec word [COUNTER]
  jnz .outer
  mov [RESULT], si
  mov [RESULT+2], bx
GUEST_END
