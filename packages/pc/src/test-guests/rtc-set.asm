; INT 1Ah setting functions, checked by reading back through the BIOS and
; straight from the RTC's registers (CMOS ports 70h/71h). Results at 0000:0600:
;   600 CX, 602 DX  AH=00h right after AH=01h set 0012:3456h (interrupts off: no tick between)
;   604 AH=05h CF, 606 AH=03h CF (0000h = clear, FFFFh = set)
;   608 CX, 60A DX  AH=04h after setting 2031-07-04 (CX=2031h, DX=0704h)
;   60C CX, 60E DX  AH=02h after setting 12:34:00 with DL=1 (CX=1234h, DH=seconds since, DL=1)
;   610 RTC register 04h (hours, BCD: 12h), 611 register B (24-hour + DSE: 03h)
;   612 register 04h after switching the RTC to binary and setting 23:45:00 (23 = 17h)
;   614 CX from AH=02h then (still BCD at the interface: 2345h)
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov ah, 0x01            ; set the tick count to 0012:3456h
    mov cx, 0x0012
    mov dx, 0x3456
    int 0x1a
    mov ah, 0x00            ; and read it back
    int 0x1a
    mov [0x600], cx
    mov [0x602], dx
    sti
    mov ah, 0x05            ; set the date: 2031-07-04
    mov cx, 0x2031
    mov dx, 0x0704
    int 0x1a
    sbb ax, ax
    mov [0x604], ax
    mov ah, 0x03            ; set the time: 12:34:00, daylight saving on
    mov cx, 0x1234
    mov dx, 0x0001
    int 0x1a
    sbb ax, ax
    mov [0x606], ax
    mov ah, 0x04
    int 0x1a
    mov [0x608], cx
    mov [0x60a], dx
    mov ah, 0x02
    int 0x1a
    mov [0x60c], cx
    mov [0x60e], dx
    mov al, 0x04            ; the hours register itself
    out 0x70, al
    in al, 0x71
    mov [0x610], al
    mov al, 0x0b            ; register B
    out 0x70, al
    in al, 0x71
    mov [0x611], al
    or al, 0x04             ; binary data mode (DM)
    mov ah, al
    mov al, 0x0b
    out 0x70, al
    mov al, ah
    out 0x71, al
    mov ah, 0x03            ; 23:45:00 given in BCD, stored in binary
    mov cx, 0x2345
    xor dx, dx
    int 0x1a
    mov al, 0x04
    out 0x70, al
    in al, 0x71
    mov [0x612], al
    mov ah, 0x02
    int 0x1a
    mov [0x614], cx
    cli
    hlt

times 510 - ($ - $$) db 0
dw 0xaa55
