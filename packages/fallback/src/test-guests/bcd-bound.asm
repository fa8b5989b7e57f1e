; A guest that needs the instructions KVM's emulator (and the fake KVM's tiny CPU)
; cannot execute: DAA, AAA and BOUND (including a BOUND that raises #BR, vector 5,
; whose handler fixes the index and returns to retry it, SDM vol. 2A "BOUND").
; It writes "OK" to the VGA text buffer at B800:0000 (an MMIO device in the tests),
; once through an instruction the fake KVM knows (an MMIO exit) and once through
; one it does not (served inline by the interpreter), sends AL to port 0xE9, halts.
; Results: BL = 0x15 (DAA of 0x0F), AX = 0x0107 after AAA, DX = 0x0150 after #BR,
; CX = 1 (#BR taken once), BP = 0x1F4B read back from the screen.
bits 16
org 0x1000
    mov word [5 * 4], br_handler ; IVT entry 5 (#BR) -> br_handler, segment 0
    mov word [5 * 4 + 2], 0
    mov al, 0x0f
    daa                     ; AL = 0x15 (low nibble > 9: +6)
    mov bl, al
    mov ax, 0x0009
    add al, 8               ; AL = 0x11, AF = 1
    aaa                     ; AX = 0x0107, CF = AF = 1
    bound ax, [bounds]      ; 0x107 in [0x100, 0x200]: no exception
    mov dx, 0x0050
    bound dx, [bounds]      ; 0x50 < 0x100: #BR, handler sets DX = 0x150, retried
    push ax
    mov ax, 0xb800
    mov ds, ax
    pop ax
    mov cx, 0x1f4f          ; 'O' white on blue
    mov [0x0000], cx        ; an MMIO exit on KVM
    mov word [0x0002], 0x1f4b ; 'K': executed by the interpreter, inline MMIO
    mov bp, [0x0002]
    mov ch, 0               ; CX = #BR count
    mov cl, [cs:br_count]
    out 0xe9, al
    hlt
br_handler:
    mov dx, 0x0150
    inc byte [cs:br_count]
    iret
br_count: db 0
bounds: dw 0x0100, 0x0200
