; An empty interrupt table (limit 0), then INT 3: the CPU cannot deliver #GP or #DF
; either, so it shuts down (triple fault; Intel SDM vol. 3A 6.15, interrupt 8).
bits 16
org 0x1000
    lidt [cs:idtr]
    int 3
    hlt
idtr:
    dw 0
    dd 0
