; A 64 KiB system ROM for v86, which ships no BIOS of its own: v86 maps the
; image at the top of the first megabyte (F0000h-FFFFFh) and the CPU starts at
; the reset vector F000:FFF0 (SDM vol. 3A, 9.1.4 "First Instruction Executed").
; The stub copies the benchmark guest, which run.mjs places in this ROM at
; GUEST_OFFSET with its length at LENGTH_OFFSET, to 0000:7C00 and jumps there,
; so the guest runs at the same address and with the same registers it gets
; on tinyvm (CS = 0, IP = 7C00h).
  bits 16
  org 0

GUEST_OFFSET  equ 0x0200
LENGTH_OFFSET equ 0x0100

start:
  cli
  cld
  mov ax, cs
  mov ds, ax
  xor ax, ax
  mov es, ax
  mov ss, ax
  mov sp, 0x7C00
  mov si, GUEST_OFFSET
  mov di, 0x7C00
  mov cx, [LENGTH_OFFSET]
  rep movsb
  xor ax, ax               ; the guest expects DS = 0 like tinyvm gives it
  mov ds, ax
  jmp 0x0000:0x7C00

  times LENGTH_OFFSET - ($ - $$) db 0
guest_length: dw 0
  times GUEST_OFFSET - ($ - $$) db 0
  times 0xFFF0 - ($ - $$) db 0
reset_vector:
  jmp 0xF000:start
  times 0x10000 - ($ - $$) db 0
