; A20 and reset. First boot: INT 15h AX=2402h (A20 state), AX=2400h (off) and a
; wrap check (FFFF:0510 is 0000:0500 when A20 is off), AX=2401h (on) and the check
; again, POST code 42h to port 80h, then a fast reset through port 92h bit 0. The
; second boot finds its marker at 0000:05F0 (RAM survives a reset) and halts.
; Results: 0600 A20 state at boot, 0602 wrapped with A20 off (1), 0604 wrapped with
; A20 on (0), 0606 A20 state after 2400h, 0608 boots seen.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    inc word [0x608]
    cmp word [0x5f0], 0xbeef
    je second_boot
    mov word [0x5f0], 0xbeef

    mov ax, 0x2402
    int 0x15
    xor ah, ah
    mov [0x600], ax
    mov ax, 0x2400
    int 0x15
    mov ax, 0x2402
    int 0x15
    xor ah, ah
    mov [0x606], ax
    call wraps
    mov [0x602], ax
    mov ax, 0x2401
    int 0x15
    call wraps
    mov [0x604], ax

    mov al, 0x42
    out 0x80, al
    in al, 0x92             ; fast reset: bit 0 from 0 to 1
    or al, 1
    out 0x92, al
    jmp $                   ; not reached

second_boot:
    cli
    hlt

; AX = 1 when FFFF:0510 and 0000:0500 are the same byte.
wraps:
    push es
    mov ax, 0xffff
    mov es, ax
    mov byte [0x500], 0x11
    mov byte [es:0x510], 0x22
    xor ax, ax
    cmp byte [0x500], 0x22
    jne .no
    inc ax
.no:
    pop es
    ret

times 510 - ($ - $$) db 0
dw 0xaa55
