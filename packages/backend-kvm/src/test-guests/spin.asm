; Never exits: only a deadline can stop it.
bits 16
org 0x1000
    jmp $
