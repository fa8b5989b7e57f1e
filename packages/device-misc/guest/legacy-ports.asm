; legacy-ports.asm: a boot sector that drives the PC's legacy chips the way a
; BIOS does and reports each result on COM1 (polled, 115200 8N1), then halts.
; Assemble: nasm -f bin legacy-ports.asm -o legacy-ports.bin
;
; 1. COM1 set up as Linux's 8250 driver does; every line below goes out there.
; 2. Port 0xE9 detected (reads back 0xE9), a message sent with REP OUTSB.
; 3. POST code 0x42 to port 0x80.
; 4. CMOS time: wait while UIP, then hours:minutes:seconds in BCD.
; 5. PIT channel 2, mode 0, count 1000, gated by port 0x61; wait for OUT2
;    (port 0x61 bit 5), as TSC calibration loops do.
; 6. 8042 self test (0xAA -> 0x55).
; 7. A20 off through the 8042 output port (0xD1, 0xDD): FFFF:0510 must alias
;    0000:0500. Then A20 on through port 0x92 bit 1: it must not.

bits 16
org 0x7c00

COM1            equ 0x3f8
POST_CODE       equ 0x42

start:
    cli
    cld
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00

    ; --- COM1: IER 0, DLAB, divisor 1 (115200), 8N1, FIFOs on (trigger 14), DTR|RTS|OUT2
    mov dx, COM1 + 1
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x80
    out dx, al
    mov dx, COM1
    mov al, 1
    out dx, al
    inc dx
    xor al, al
    out dx, al
    mov dx, COM1 + 3
    mov al, 0x03
    out dx, al
    dec dx
    mov al, 0xc7
    out dx, al
    mov dx, COM1 + 4
    mov al, 0x0b
    out dx, al

    ; --- debug console
    in al, 0xe9
    cmp al, 0xe9
    jne .no_debugcon
    mov si, msg_debugcon
    mov cx, msg_debugcon_len
    mov dx, 0xe9
    rep outsb
.no_debugcon:
    mov al, POST_CODE
    out 0x80, al

    ; --- CMOS time
.uip:
    mov al, 0x0a
    out 0x70, al
    in al, 0x71
    test al, 0x80
    jnz .uip
    mov al, 0x04
    call print_cmos_bcd
    mov al, ':'
    call putc
    mov al, 0x02
    call print_cmos_bcd
    mov al, ':'
    call putc
    mov al, 0x00
    call print_cmos_bcd
    mov si, crlf
    call puts

    ; --- PIT channel 2
    in al, 0x61
    and al, 0xfc            ; gate off, speaker off
    out 0x61, al
    mov al, 0xb0            ; channel 2, LSB then MSB, mode 0, binary
    out 0x43, al
    mov ax, 1000
    out 0x42, al
    mov al, ah
    out 0x42, al
    in al, 0x61
    or al, 0x01             ; gate on: counting starts
    out 0x61, al
.wait_out2:
    in al, 0x61
    test al, 0x20
    jz .wait_out2
    mov si, msg_pit
    call puts

    ; --- 8042 self test
    mov al, 0xaa
    out 0x64, al
.wait_obf:
    in al, 0x64
    test al, 0x01
    jz .wait_obf
    in al, 0x60
    mov si, msg_kbc_bad
    cmp al, 0x55
    jne .kbc_print
    mov si, msg_kbc_ok
.kbc_print:
    call puts

    ; --- A20 off through the 8042 output port
    call kbc_wait
    mov al, 0xd1
    out 0x64, al
    call kbc_wait
    mov al, 0xdd            ; reset line high, A20 off
    out 0x60, al
    mov si, msg_a20_off
    call puts
    call a20_report

    ; --- A20 on through port 0x92
    in al, 0x92
    or al, 0x02
    and al, 0xfe            ; never the fast reset bit
    out 0x92, al
    mov si, msg_a20_on
    call puts
    call a20_report

    hlt

; Writes two different words to 0000:0500 and FFFF:0510 (linear 0x100500) and
; says whether the second write landed on the first.
a20_report:
    push es
    mov ax, 0xffff
    mov es, ax
    mov word [0x0500], 0x1234
    mov word [es:0x0510], 0x5678
    pop es
    mov si, msg_wraps
    cmp word [0x0500], 0x5678
    je .print
    mov si, msg_separate
.print:
    jmp puts

kbc_wait:
    in al, 0x64
    test al, 0x02
    jnz kbc_wait
    ret

; al = CMOS index; prints the BCD byte there as two digits
print_cmos_bcd:
    out 0x70, al
    in al, 0x71
    mov ah, al
    shr al, 4
    add al, '0'
    call putc
    mov al, ah
    and al, 0x0f
    add al, '0'
    jmp putc

; si = zero-terminated string
puts:
    lodsb
    test al, al
    jz .done
    call putc
    jmp puts
.done:
    ret

; al = character; waits for THR empty (LSR bit 5)
putc:
    push dx
    push ax
    mov dx, COM1 + 5
.wait:
    in al, dx
    test al, 0x20
    jz .wait
    pop ax
    mov dx, COM1
    out dx, al
    pop dx
    ret

msg_debugcon:     db "debugcon ok", 10
msg_debugcon_len  equ $ - msg_debugcon
crlf:             db 13, 10, 0
msg_pit:          db "PIT channel 2 reached terminal count", 13, 10, 0
msg_kbc_ok:       db "8042 self test passed", 13, 10, 0
msg_kbc_bad:      db "8042 self test FAILED", 13, 10, 0
msg_a20_off:      db "A20 off: ", 0
msg_a20_on:       db "A20 on: ", 0
msg_wraps:        db "FFFF:0510 wraps to 0000:0500", 13, 10, 0
msg_separate:     db "FFFF:0510 is separate memory", 13, 10, 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
