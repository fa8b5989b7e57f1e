; hello.asm - the boot sector of the classic tiny KVM program, for tinyvm.
;
; Real-mode 16-bit code, assembled with `nasm -f bin hello.asm -o hello.bin`,
; loaded at guest address 0 and entered at 0000:0000 (ORG 0, CS = DS = 0).
; It clears the 80x25 text screen to green-on-black, writes a greeting into
; the VGA text buffer at B8000h one character byte at a time, and halts.
;
; Every store below is a single byte (`mov byte [es:di], ...`), so with the
; buffer trapped (--vga-trap) each one is exactly one MMIO exit:
;   clearing: 80 * 25 cells * 2 bytes (character, attribute)
;   greeting: one byte per character (the attribute is already green)

BITS 16
ORG 0

COLUMNS     equ 80
ROWS        equ 25
GREEN       equ 0x02            ; attribute: green (2) on black (0), no blink
VGA_SEGMENT equ 0xB800          ; B800:0000 = B8000h, colour text buffer

start:
    mov ax, VGA_SEGMENT
    mov es, ax
    xor di, di
    mov cx, COLUMNS * ROWS
clear:
    mov byte [es:di], ' '       ; character
    inc di
    mov byte [es:di], GREEN     ; attribute
    inc di
    loop clear

    xor di, di                  ; back to row 0, column 0
    mov si, greeting
print:
    mov cl, [si]                ; DS = 0 and ORG 0: SI is the guest address
    test cl, cl
    jz done
    mov byte [es:di], cl
    add di, 2                   ; skip the attribute byte
    inc si
    jmp print

done:
    hlt
    jmp done                    ; if anything wakes the CPU, halt again

greeting:
    db "Hello from tinyvm!", 0
