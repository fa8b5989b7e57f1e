; A workout for the block compiler: loops whose bodies use the translated forms
; (memory read-modify-write, PUSH/POP, CALL/RET, shifts and rotates, MUL/DIV,
; LOOP/JCXZ, XCHG, CBW/CWD, LEA, TEST, NEG/NOT, MOV with overrides) and carry
; flags from one block into the next. Results go to 0x500 onwards (ES:DI, STOSW).
bits 16
cpu 386
org 0x7c00
%include "prologue.inc"
results_at_0500

  ; 1. A table of 64 words, then sums and xors in memory.
  mov si, 0x1000
  mov cx, 64
  mov ax, 0x1234
.fill:
  mov [si], ax
  rol ax, 1
  add ax, cx
  lea si, [si + 2]
  loop .fill
  mov si, 0x1000
  mov cx, 64
  xor bx, bx
  xor dx, dx
.sum:
  add bx, [si]
  adc dx, 0                   ; the carry of the ADD, across instructions of one block
  xor [si], bx
  not word [si]
  add si, 2
  dec cx
  jnz .sum
  mov ax, bx
  stosw
  mov ax, dx
  stosw
  mov ax, [0x1000 + 62]
  stosw

  ; 2. Calls and the stack: a subroutine that divides and multiplies.
  mov cx, 50
  mov bp, 7
  xor bx, bx
.calls:
  push cx
  mov ax, cx
  call work
  add bx, ax
  pop cx
  loop .calls
  mov ax, bx
  stosw

  ; 3. Flags carried out of a block into a branch of the next one.
  mov cx, 40
  xor si, si
.flags:
  mov ax, cx
  shl ax, 11                  ; CF from the shift
  jnc .nc
  inc si
.nc:
  sub ax, 0x4000              ; CF from the SUB, tested after the jump
  jmp .t
.t:
  jb .b
  add si, 0x100
.b:
  loop .flags
  mov ax, si
  stosw

  ; 4. Bytes, CBW/CWD, NEG, XCHG, TEST, segment override, JCXZ.
  mov cx, 30
  xor bx, bx
.bytes:
  mov al, cl
  neg al
  cbw
  cwd
  xchg ax, dx
  xchg bx, ax
  add bx, dx
  test bl, 3
  jz .skip
  mov [es:0x600 + bx], bl
  sar bx, 1
  rcr byte [0x600], 1
.skip:
  dec cx
  jcxz .done
  jmp .bytes
.done:
  mov ax, bx
  stosw
  mov al, [0x600]
  stosb
  hlt

work:
  xor dx, dx
  mul bp                      ; DX:AX = CX * 7
  mov dx, 0
  mov si, 3
  div si                      ; AX = CX * 7 / 3, DX = remainder
  imul ax, ax, 5              ; 186+ form: left to the interpreter inside the block
  add ax, dx
  ret
