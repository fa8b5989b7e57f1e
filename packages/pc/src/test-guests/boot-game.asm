; A 512-byte boot game that needs the BIOS and nothing else: it prints with
; INT 10h AH=0Eh (teletype) and reads keys with INT 16h AH=00h until the right
; letter ('x') comes, echoing each guess, then says how many tries it took and
; halts with interrupts off. Run flat (no BIOS) its INT 10h would jump into an
; empty IVT: `tinyvm run boot-game.bin` must boot it through the BIOS.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov si, prompt
    call print
.guess:
    mov ah, 0x00            ; wait for a key: AL = ASCII
    int 0x16
    mov ah, 0x0e            ; echo it
    mov bx, 0x0007
    int 0x10
    inc byte [tries]
    cmp al, 'x'
    jne .guess
    mov si, won
    call print
    mov al, [tries]
    add al, '0'             ; at most 9 tries fit one digit
    mov ah, 0x0e
    int 0x10
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

prompt: db 'Guess the letter: ', 0
won: db 13, 10, 'Got it in ', 0
tries: db 0

times 510 - ($ - $$) db 0
dw 0xaa55
