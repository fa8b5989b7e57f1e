; echo-keys.asm - a boot sector that echoes the keyboard on the screen, for
; the live display and --type tests. No BIOS: it polls the 8042 keyboard
; controller (status port 64h bit 0 = output buffer full, data port 60h) and
; writes into the VGA text buffer at B8000h itself, moving the CRTC cursor.
;
; Row 0: a title in white on blue. From row 2 on, each key's make code (scan
; code set 1) is shown: letters, digits and the usual punctuation as the
; character they type (Shift gives capitals), Enter starts a new line,
; Backspace erases, Escape halts the CPU, any other key as [xx] (hex make code;
; an E0h prefix shows as [e0]). Break codes (bit 7 set) are not shown.
; A flat guest: run it with --load 0x7c00 (through the BIOS, its IRQ 1 handler
; would take the keys from port 60h first).
BITS 16
ORG 0x7C00

KBC_STATUS  equ 0x64
KBC_DATA    equ 0x60
OBF_BIT     equ 0x01            ; status bit 0: a byte is waiting in port 60h
BREAK_BIT   equ 0x80
EXTENDED    equ 0xE0
SC_ESCAPE   equ 0x01
SC_BACKSP   equ 0x0E
SC_ENTER    equ 0x1C
SC_LSHIFT   equ 0x2A
SC_RSHIFT   equ 0x36
CRTC_INDEX  equ 0x3D4
TITLE_ATTR  equ 0x1F            ; white on blue
TEXT_ATTR   equ 0x07            ; light grey on black
COLUMNS     equ 80

start:
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7C00
    mov ax, 0xB800
    mov es, ax
    cld
    ; Clear the page to grey on black.
    xor di, di
    mov ax, (TEXT_ATTR << 8) | ' '
    mov cx, COLUMNS * 25
    rep stosw
    ; The title bar across row 0.
    xor di, di
    mov ah, TITLE_ATTR
    mov si, title
.title:
    lodsb
    test al, al
    jz .pad
    stosw
    jmp .title
.pad:
    mov al, ' '
.padloop:
    cmp di, COLUMNS * 2
    jae .ready
    stosw
    jmp .padloop
.ready:
    mov di, 2 * COLUMNS * 2     ; row 2, column 0
    call cursor

poll:
    in al, KBC_STATUS
    test al, OBF_BIT
    jz poll
    in al, KBC_DATA
    cmp al, EXTENDED
    je .hex
    cmp al, SC_LSHIFT | BREAK_BIT
    je .shift_up
    cmp al, SC_RSHIFT | BREAK_BIT
    je .shift_up
    test al, BREAK_BIT
    jnz poll
    cmp al, SC_LSHIFT
    je .shift_down
    cmp al, SC_RSHIFT
    je .shift_down
    cmp al, SC_ESCAPE
    je halt
    cmp al, SC_ENTER
    je .enter
    cmp al, SC_BACKSP
    je .backspace
    cmp al, ascii_end - ascii
    jae .hex
    mov ah, al                  ; keep the make code for [xx]
    mov bx, ascii
    xlatb
    test al, al
    jz .hex_of_code
    cmp byte [shift], 0
    je .put
    cmp al, 'a'
    jb .put
    cmp al, 'z'
    ja .put
    sub al, 'a' - 'A'
.put:
    call putc
    jmp poll
.hex_of_code:
    mov al, ah
.hex:
    mov ah, al
    mov al, '['
    call putc
    mov al, ah
    shr al, 4
    call hexdigit
    mov al, ah
    and al, 0x0F
    call hexdigit
    mov al, ']'
    call putc
    jmp poll
.shift_down:
    mov byte [shift], 1
    jmp poll
.shift_up:
    mov byte [shift], 0
    jmp poll
.enter:
    ; To the start of the next row (stays on the last row when full).
    mov ax, di
    xor dx, dx
    mov bx, COLUMNS * 2
    div bx
    inc ax
    cmp ax, 25
    jb .row_ok
    mov ax, 24
.row_ok:
    mul bx
    mov di, ax
    call cursor
    jmp poll
.backspace:
    cmp di, 2 * COLUMNS * 2
    jbe poll
    sub di, 2
    mov word [es:di], (TEXT_ATTR << 8) | ' '
    call cursor
    jmp poll

halt:
    cli
    hlt
    jmp halt

; AL = 0..15 -> one hex digit on the screen.
hexdigit:
    add al, '0'
    cmp al, '9'
    jbe putc
    add al, 'a' - '0' - 10
; AL = character -> the screen at DI, advancing (stops at the last cell).
putc:
    cmp di, COLUMNS * 25 * 2 - 2
    ja .full
    mov [es:di], al
    mov byte [es:di + 1], TEXT_ATTR
    add di, 2
.full:
    ; falls through to move the cursor
; The CRTC cursor location (CR0E high, CR0F low) = DI / 2.
cursor:
    push ax
    push dx
    push bx
    mov bx, di
    shr bx, 1
    mov dx, CRTC_INDEX
    mov al, 0x0E
    mov ah, bh
    out dx, ax
    mov al, 0x0F
    mov ah, bl
    out dx, ax
    pop bx
    pop dx
    pop ax
    ret

title db 'tinyvm echo-keys: type, Esc halts', 0
shift db 0
; Set 1 make code -> character (0 = shown as hex).
ascii:
    db 0, 0, '1234567890-=', 0, 0
    db 'qwertyuiop[]', 0, 0
    db "asdfghjkl;'`", 0, '\'
    db 'zxcvbnm,./', 0, 0, 0, ' '
ascii_end:

    times 510 - ($ - $$) db 0
    dw 0xAA55
