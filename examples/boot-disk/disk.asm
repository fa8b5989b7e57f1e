; A tiny shell on a 4-sector boot disk, using only the BIOS: the boot sector
; loads the rest with INT 13h and jumps to it; the shell reads lines with
; INT 16h, echoes with INT 10h, and knows five commands:
;   time   the RTC time (INT 1Ah AH=02h) and the tick count (AH=00h)
;   mem    conventional memory (INT 12h) and extended memory (INT 15h AH=88h)
;   draw   mode 13h colour bars for a second (INT 1Ah ticks), then back to text
;   serial "hello, serial" to COM1 (INT 14h)
;   help   the list
bits 16
org 0x7c00

boot:
    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    sti
    mov [drive], dl
    mov ax, 0x0203          ; read 3 sectors
    mov cx, 0x0002          ; cylinder 0, sector 2
    xor dh, dh
    mov bx, shell
    int 0x13
    jc .fail
    jmp shell
.fail:
    mov si, msg_fail
    call puts
    cli
    hlt

; Prints the zero-terminated string at DS:SI.
puts:
    pusha
.next:
    lodsb
    test al, al
    jz .done
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    jmp .next
.done:
    popa
    ret

drive: db 0
msg_fail: db 'disk read failed', 13, 10, 0

times 510 - ($ - $$) db 0
dw 0xaa55

; ---- sectors 2-4 ----
shell:
    mov si, msg_banner
    call puts
.prompt:
    mov si, msg_prompt
    call puts
    call read_line
    mov si, line
    mov di, cmd_time
    call streq
    je do_time
    mov di, cmd_mem
    call streq
    je do_mem
    mov di, cmd_draw
    call streq
    je do_draw
    mov di, cmd_serial
    call streq
    je do_serial
    mov di, cmd_help
    call streq
    je do_help
    cmp byte [line], 0
    je .prompt
    mov si, msg_unknown
    call puts
    jmp .prompt

do_help:
    mov si, msg_help
    call puts
    jmp shell.prompt

do_time:
    mov ah, 0x02
    int 0x1a
    mov si, msg_time
    call puts
    mov al, ch
    call put_bcd
    mov al, ':'
    call putc
    mov al, cl
    call put_bcd
    mov al, ':'
    call putc
    mov al, dh
    call put_bcd
    mov si, msg_ticks
    call puts
    mov ah, 0x00
    int 0x1a
    mov ax, cx
    call put_hex
    mov ax, dx
    call put_hex
    call newline
    jmp shell.prompt

do_mem:
    mov si, msg_base
    call puts
    int 0x12
    call put_dec
    mov si, msg_ext
    call puts
    mov ah, 0x88
    int 0x15
    call put_dec
    mov si, msg_kib
    call puts
    jmp shell.prompt

do_draw:
    mov ax, 0x0013
    int 0x10
    push es
    mov ax, 0xa000
    mov es, ax
    xor di, di
    xor dx, dx              ; row
.row:
    mov cx, 320
    xor bx, bx
.pixel:
    mov ax, bx              ; colour = column / 20 + 32
    push dx
    xor dx, dx
    push cx
    mov cx, 20
    div cx
    pop cx
    pop dx
    add al, 32
    stosb
    inc bx
    loop .pixel
    inc dx
    cmp dx, 200
    jb .row
    pop es
    mov ah, 0x00            ; wait 18 ticks (about a second)
    int 0x1a
    mov bx, dx
.wait:
    mov ah, 0x00
    int 0x1a
    sub dx, bx
    cmp dx, 18
    jb .wait
    mov ax, 0x0003
    int 0x10
    mov si, msg_drawn
    call puts
    jmp shell.prompt

do_serial:
    mov ax, 0x00e3          ; 9600 8N1
    xor dx, dx
    int 0x14
    mov si, msg_serial
.next:
    lodsb
    test al, al
    jz .done
    mov ah, 0x01
    xor dx, dx
    int 0x14
    jmp .next
.done:
    mov si, msg_sent
    call puts
    jmp shell.prompt

; Reads a line into `line` (at most 31 characters) with echo and backspace.
read_line:
    mov di, line
.key:
    mov ah, 0x00
    int 0x16
    cmp al, 13
    je .enter
    cmp al, 8
    je .backspace
    cmp al, ' '
    jb .key
    cmp di, line + 31
    jae .key
    stosb
    call putc
    jmp .key
.backspace:
    cmp di, line
    je .key
    dec di
    mov al, 8
    call putc
    mov al, ' '
    call putc
    mov al, 8
    call putc
    jmp .key
.enter:
    mov byte [di], 0
    call newline
    ret

; ZF = 1 when the strings at SI and DI are equal.
streq:
    push si
    push di
.next:
    mov al, [si]
    cmp al, [di]
    jne .done
    inc si
    inc di
    test al, al
    jnz .next
.done:
    pop di
    pop si
    ret

putc:
    pusha
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    popa
    ret

newline:
    mov al, 13
    call putc
    mov al, 10
    call putc
    ret

put_bcd:
    push ax
    shr al, 4
    add al, '0'
    call putc
    pop ax
    and al, 0x0f
    add al, '0'
    call putc
    ret

put_hex:                    ; AX as four hex digits
    mov cx, 4
.digit:
    rol ax, 4
    push ax
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .print
    add al, 7
.print:
    call putc
    pop ax
    loop .digit
    ret

put_dec:                    ; AX in decimal
    xor cx, cx
    mov bx, 10
.divide:
    xor dx, dx
    div bx
    push dx
    inc cx
    test ax, ax
    jnz .divide
.print:
    pop ax
    add al, '0'
    call putc
    loop .print
    ret

msg_banner: db 'tinyvm boot disk shell (type help)', 13, 10, 0
msg_prompt: db '$ ', 0
msg_unknown: db 'unknown command', 13, 10, 0
msg_help: db 'commands: time mem draw serial help', 13, 10, 0
msg_time: db 'RTC ', 0
msg_ticks: db ', ticks 0x', 0
msg_base: db 'base ', 0
msg_ext: db ' KiB, extended ', 0
msg_kib: db ' KiB', 13, 10, 0
msg_drawn: db 'drew 16 colour bars', 13, 10, 0
msg_serial: db 'hello, serial', 13, 10, 0
msg_sent: db 'sent to COM1', 13, 10, 0
cmd_time: db 'time', 0
cmd_mem: db 'mem', 0
cmd_draw: db 'draw', 0
cmd_serial: db 'serial', 0
cmd_help: db 'help', 0
line: times 32 db 0

times 2048 - ($ - $$) db 0
