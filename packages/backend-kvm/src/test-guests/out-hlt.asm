; Writes "A" then "B" to the debug port 0xE9 (immediate and DX forms of OUT), then halts.
bits 16
org 0x1000
    mov al, 'A'
    out 0xe9, al
    mov al, 'B'
    mov dx, 0xe9
    out dx, al
    hlt
