; INT 13h on the boot hard disk (DL from the BIOS). Results from 0000:0600:
;   600 AH=08h CX   602 AH=08h DX    604 AH=15h AX    606 AH=15h CX:DX low word
;   608 AH=41h BX   60A AH=41h AH/CX: CX   60C AH=42h CF:AH (read LBA 2 to 0000:1000)
;   60E AH=02h past the last sector: CF:AH   610 AH=02h with AL=0: CF:AH
;   612 AH=03h write of sector 3 then AH=02h read back: first word   614 AH=48h sectors (low word)
;   616 AH=01h status after an error   618 AH=02h on drive 81h (absent): CF:AH
;   61A AH=42h count field after a read that runs off the end
; CF:AH is stored as a word: high byte = CF, low byte = AH.
bits 16
org 0x7c00
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    mov [drive], dl

    mov ah, 0x08
    int 0x13
    mov [0x600], cx
    mov [0x602], dx
    mov ah, 0x15
    mov dl, [drive]
    int 0x13
    mov [0x604], ax
    mov [0x606], dx
    mov ah, 0x41
    mov bx, 0x55aa
    mov dl, [drive]
    int 0x13
    mov [0x608], bx
    mov [0x60a], cx

    mov si, packet          ; extended read: 1 sector, LBA 2, to 0000:1000
    mov ah, 0x42
    mov dl, [drive]
    int 0x13
    call store_status
    mov [0x60c], ax

    mov ah, 0x02            ; CHS read of cylinder 0, head 0, sector 63 .. the image has 4 sectors
    mov al, 1
    mov cx, 0x003f
    xor dh, dh
    mov dl, [drive]
    mov bx, 0x2000
    int 0x13
    call store_status
    mov [0x60e], ax

    mov ah, 0x01            ; status of that last operation
    mov dl, [drive]
    int 0x13
    mov [0x616], ax

    mov ah, 0x02            ; zero sectors: invalid
    mov al, 0
    mov cx, 0x0001
    xor dh, dh
    mov dl, [drive]
    int 0x13
    call store_status
    mov [0x610], ax

    mov word [0x3000], 0xbeef   ; write sector 4 (CHS 0/0/4) from 0000:3000, read it back to 0000:3200
    mov ax, 0x0301
    mov cx, 0x0004
    xor dh, dh
    mov dl, [drive]
    mov bx, 0x3000
    int 0x13
    jc .write_failed
    mov ax, 0x0201
    mov cx, 0x0004
    mov dl, [drive]
    mov bx, 0x3200
    int 0x13
    mov ax, [0x3200]
    mov [0x612], ax
.write_failed:

    mov word [params], 26
    mov si, params
    mov ah, 0x48
    mov dl, [drive]
    int 0x13
    mov ax, [params + 16]
    mov [0x614], ax

    mov ah, 0x02            ; a drive that is not there
    mov al, 1
    mov cx, 0x0001
    xor dh, dh
    mov dl, 0x81
    mov bx, 0x2000
    int 0x13
    call store_status
    mov [0x618], ax

    mov word [packet2 + 2], 8   ; 8 sectors from LBA 2: only 2 exist
    mov si, packet2
    mov ah, 0x42
    mov dl, [drive]
    int 0x13
    mov ax, [packet2 + 2]
    mov [0x61a], ax
    cli
    hlt

; AX = (CF << 8) | AH
store_status:
    mov al, ah
    mov ah, 0
    adc ah, 0               ; MOV leaves CF alone
    ret

drive: db 0
packet: db 16, 0
        dw 1, 0x1000, 0
        dq 2
packet2: db 16, 0
        dw 8, 0x4000, 0
        dq 2
params: times 30 db 0

times 510 - ($ - $$) db 0
dw 0xaa55
; sectors 2-4 (LBA 1-3)
times 512 db 0x11
times 512 db 0x22
times 512 db 0x33
