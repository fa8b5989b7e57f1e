; serial-hello.asm - a boot sector that writes a line to COM1 (polling the
; 16550's line status register, LSR bit 5 = transmitter holding register empty),
; then "ready" on the screen, then spins (for --until-serial and --until-screen:
; the guest never halts, so only the match can stop it with status 0).
BITS 16
ORG 0x7C00

COM1        equ 0x3F8
LSR         equ COM1 + 5
THRE_BIT    equ 0x20

start:
    xor ax, ax
    mov ds, ax
    mov si, message
.next:
    lodsb
    test al, al
    jz .screen
    mov ah, al
    mov dx, LSR
.wait:
    in al, dx
    test al, THRE_BIT
    jz .wait
    mov al, ah
    mov dx, COM1
    out dx, al
    jmp .next
.screen:
    mov ax, 0xB800
    mov es, ax
    mov word [es:0], 0x0700 | 'r'
    mov word [es:2], 0x0700 | 'e'
    mov word [es:4], 0x0700 | 'a'
    mov word [es:6], 0x0700 | 'd'
    mov word [es:8], 0x0700 | 'y'
spin:
    jmp spin

message db 'booted: serial ok', 13, 10, 0
    times 510 - ($ - $$) db 0
    dw 0xAA55
