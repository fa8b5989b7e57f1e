; A two-stage boot disk: the boot sector prints with INT 10h AH=0Eh, loads
; sectors 2-3 with INT 13h AH=02h (CHS, DL = the boot drive the BIOS passed)
; to 0000:7E00 and jumps there. Stage 2 reads the tick count (INT 1Ah AH=00h),
; waits for a key (INT 16h AH=00h), echoes it, waits until the tick count has
; moved on by at least 3 ticks, reads the RTC time (INT 1Ah AH=02h) and halts.
bits 16
org 0x7c00

start:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov [boot_drive], dl
    mov si, msg_stage1
    call print

    mov ah, 0x02            ; read sectors
    mov al, 2               ; two of them
    mov ch, 0               ; cylinder 0
    mov cl, 2               ; from sector 2 (1-based)
    mov dh, 0               ; head 0
    mov dl, [boot_drive]
    mov bx, 0x7e00          ; ES:BX = 0000:7E00
    int 0x13
    jc disk_error
    cmp al, 2
    jne disk_error
    jmp stage2

disk_error:
    mov si, msg_disk_error
    call print
    cli
    hlt

; Prints the zero-terminated string at DS:SI with teletype output.
print:
    lodsb
    test al, al
    jz .done
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    jmp print
.done:
    ret

boot_drive: db 0
msg_stage1: db 'Stage 1 loaded', 13, 10, 0
msg_disk_error: db 'Disk error', 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xaa55

; ---- sector 2: stage 2 ----
stage2:
    mov si, msg_stage2
    call print
    mov ah, 0x00
    int 0x1a                ; CX:DX = ticks since midnight
    mov [start_ticks], dx

    mov si, msg_press
    call print
    mov ah, 0x00
    int 0x16                ; AL = ASCII, AH = scan code
    mov [key], ax
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    mov si, msg_newline
    call print

wait_ticks:                 ; spin (no exits but the INT 1Ah calls) until 3 ticks have passed
    mov ah, 0x00
    int 0x1a
    sub dx, [start_ticks]
    cmp dx, 3
    jb wait_ticks

    mov si, msg_ticks
    call print
    mov ah, 0x02
    int 0x1a                ; CH:CL:DH = hours:minutes:seconds in BCD
    jc rtc_error
    mov al, ch
    call print_bcd
    mov al, ':'
    call putc
    mov al, cl
    call print_bcd
    mov si, msg_newline
    call print
    mov ax, [key]           ; leave the key in AX for the test
    cli
    hlt

rtc_error:
    mov si, msg_rtc_error
    call print
    cli
    hlt

; Prints AL as two BCD digits.
print_bcd:
    push ax
    shr al, 4
    add al, '0'
    call putc
    pop ax
    and al, 0x0f
    add al, '0'
    call putc
    ret

putc:
    push bx
    push ax
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    pop ax
    pop bx
    ret

start_ticks: dw 0
key: dw 0
msg_stage2: db 'Stage 2 running from sector 2', 13, 10, 0
msg_press: db 'Press a key: ', 0
msg_ticks: db 'Timer ticks OK, RTC time ', 0
msg_rtc_error: db 'RTC error', 13, 10, 0
msg_newline: db 13, 10, 0

times 1536 - ($ - $$) db 0
