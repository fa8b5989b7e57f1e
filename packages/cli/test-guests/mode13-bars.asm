; mode13-bars.asm - a boot sector for the BIOS (run with --bios): sets mode 13h
; with INT 10h AX=0013h, draws 16 vertical bars of the default palette's
; colours 0-15 (20 pixels wide each) over the top half and colour 4 (red) over
; the bottom half, straight into A000:0000, then spins with interrupts on
; (for the live half-block display and 320x200 screenshots).
BITS 16
ORG 0x7C00

WIDTH   equ 320
HEIGHT  equ 200
BAR     equ 20
RED     equ 4

start:
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    mov ax, 0x0013
    int 0x10
    mov ax, 0xA000
    mov es, ax
    xor di, di
    cld
    xor dx, dx                  ; row
.row:
    xor cx, cx                  ; column
.pixel:
    mov ax, cx
    mov bl, BAR
    div bl                      ; AL = column / 20 = bar colour 0-15
    cmp dx, HEIGHT / 2
    jb .store
    mov al, RED
.store:
    stosb
    inc cx
    cmp cx, WIDTH
    jb .pixel
    inc dx
    cmp dx, HEIGHT
    jb .row
    sti
spin:
    hlt
    jmp spin

    times 510 - ($ - $$) db 0
    dw 0xAA55
