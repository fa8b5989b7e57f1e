; strmove: REP MOVSW of a 16 KiB buffer back and forth between two segments.
; After each copy one word of the destination is incremented (a rotating index),
; then DS and ES swap, so every copy carries all earlier increments along and
; the last destination holds the fill pattern plus every increment.
;
;   fill SRC[i] = 0x1234 + i * 0x9E37 (16-bit), i < WORDS      (STOSW / LOOP)
;   for k in 0..REPS-1: copy DS:0 -> ES:0 (WORDS words); ES:[(6k) & 3FFEh] += 1; swap DS, ES
;
; Results: RESULT+0 = the segment written last (SRC_SEG or DST_SEG); that
; segment's buffer is checked word by word.
; Instructions, REP MOVSW counted once (guests.mjs also counts it per element):
;   6 + 3 * WORDS + 5 + REPS * 13 + 3, plus the frame's 13.
%include "frame.inc"

WORDS   equ 8192
SRC_SEG equ 0x1000
DST_SEG equ 0x2000

GUEST_BEGIN 12000
  mov bp, [reps]           ; read before DS moves away from segment 0
  mov ax, SRC_SEG
  mov es, ax
  xor di, di
  mov ax, 0x1234
  mov cx, WORDS
.fill:
  stosw
  add ax, 0x9E37
  loop .fill
  mov ax, SRC_SEG
  mov ds, ax
  mov ax, DST_SEG
  mov es, ax
  xor bx, bx
.outer:
  xor si, si
  xor di, di
  mov cx, WORDS
  rep movsw
  inc word [es:bx]
  add bx, 6
  and bx, (WORDS * 2 - 1) & ~1
  mov ax, ds               ; swap DS and ES through AX and DX
  mov dx, es
  mov ds, dx
  mov es, ax
  dec bp
  jnz .outer
  xor ax, ax               ; ES is now the older buffer; report DS, the newest
  mov es, ax
  mov [es:RESULT], ds
GUEST_END
