; A boot sector using DAA and AAA, which KVM's instruction emulator cannot run
; (on hosts without unrestricted guest it emulates real mode and stops with an
; internal emulation error; so does the fake /dev/kvm of backend-kvm's tests),
; printing the results through the BIOS (INT 10h AH=0Eh):
;   "DAA 15 AAA 0107"  (DAA of 0Fh = 15h; AAA after 9 + 8: AX = 0107h)
; then halting with interrupts off.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov al, 0x0f
    daa                     ; AL = 15h (low nibble > 9: +6)
    mov [daa_result], al
    mov ax, 0x0009
    add al, 8               ; AL = 11h, AF = 1
    aaa                     ; AX = 0107h
    mov [aaa_result], ax
    mov si, daa_text
    call print
    mov al, [daa_result]
    call hex8
    mov si, aaa_text
    call print
    mov al, [aaa_result + 1]
    call hex8
    mov al, [aaa_result]
    call hex8
    cli
    hlt

; Prints AL as two hex digits.
hex8:
    push ax
    shr al, 4
    call nibble
    pop ax
    and al, 0x0f
nibble:
    add al, '0'
    cmp al, '9'
    jbe .digit
    add al, 'A' - '9' - 1
.digit:
    mov ah, 0x0e
    mov bx, 0x0007
    int 0x10
    ret

; Prints the zero-terminated string at DS:SI.
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

daa_text: db 'DAA ', 0
aaa_text: db ' AAA ', 0
daa_result: db 0
aaa_result: dw 0

times 510 - ($ - $$) db 0
dw 0xaa55
