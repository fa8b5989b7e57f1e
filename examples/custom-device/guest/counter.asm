; counter.asm - a guest for the custom counter device (examples/custom-device).
; Real-mode 16-bit, loaded at 0000:7C00 as a boot sector.
; Sets the counter's step to 2, reads it four times and prints each value as a
; digit, then halts. Expected screen, row 0: "Counter: 2 4 6 8"

BITS 16
ORG 0x7C00

COUNTER_PORT equ 0x510          ; where run.ts registers the device
NEXT         equ 0              ; read: next value
STEP         equ 1              ; write: step
WHITE        equ 0x07           ; light grey on black

start:
    xor ax, ax
    mov ds, ax
    mov ax, 0xB800              ; B800:0000 = B8000h, colour text buffer
    mov es, ax
    xor di, di

    mov si, label               ; print the label
.label:
    mov al, [si]
    test al, al
    jz .count
    mov ah, WHITE
    mov [es:di], ax             ; character and attribute in one word
    add di, 2
    inc si
    jmp .label

.count:
    mov dx, COUNTER_PORT + STEP
    mov al, 2
    out dx, al                  ; step = 2
    mov cx, 4                   ; four readings
.read:
    mov dx, COUNTER_PORT + NEXT
    in al, dx                   ; 2, 4, 6, 8
    add al, '0'
    mov ah, WHITE
    mov [es:di], ax
    mov word [es:di+2], (WHITE << 8) | ' '
    add di, 4
    loop .read

.done:
    hlt
    jmp .done

label: db "Counter: ", 0

    times 510 - ($ - $$) db 0
    dw 0xAA55
