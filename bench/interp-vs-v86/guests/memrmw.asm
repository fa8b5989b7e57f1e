; memrmw: read-modify-write passes over three word arrays, through several
; 16-bit addressing forms: [si+disp16], [bx+si], [bx+si+disp8], [bp+si]
; (BP-based, so through SS), and a direct [disp16] counter.
;
;   fill A[i] = v, B[i] = not v, v = 1 + i * 9E37h (16-bit), i < LEN; C = 0; B[LEN] = 0
;   for rep in 1..REPS: for i in 0..LEN-1:
;     t = A[i] + B[i]; A[i] = t; B[i+1] ^= t; C[i] += t
;
; Results: the arrays A (LEN words), B (LEN+1 words) and C (LEN words).
; Instructions: 6 + 8 * LEN + 2 + REPS * (4 + 8 * LEN), plus the frame's 13.
%include "frame.inc"

LEN     equ 2048
ARR_A   equ 0x1000
ARR_B   equ 0x2000           ; LEN + 1 words
ARR_C   equ 0x3100
COUNTER equ RESULT + 0x10

GUEST_BEGIN 6000
  xor si, si
  mov ax, 1
  mov cx, LEN
  mov bx, ARR_B
  mov bp, ARR_C
  mov word [bx + LEN * 2], 0
.fill:
  mov [si + ARR_A], ax
  not ax
  mov [bx + si], ax
  not ax
  mov word [bp + si], 0
  add ax, 0x9E37
  add si, 2
  loop .fill
  mov dx, [reps]
  mov [COUNTER], dx
.outer:
  xor si, si
  mov cx, LEN
.inner:
  mov ax, [si + ARR_A]
  add ax, [bx + si]
  mov [si + ARR_A], ax
  xor [bx + si + 2], ax
  add [bp + si], ax        ; BP-based addressing defaults to SS (SDM vol. 1, 3.7.4.1)
  add si, 2
  dec cx
  jnz .inner
  dec word [COUNTER]
  jnz .outer
GUEST_END
