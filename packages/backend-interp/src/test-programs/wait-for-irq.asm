; External interrupts: IF=0 until STI; HLT waits; the handler for vector 0x20 counts
; in 0x600 and the main program halts again.
bits 16
org 0x7c00
%include "prologue.inc"
    cli
    zero_segments_and_stack
    mov word [0x20 * 4], irq
    mov word [0x20 * 4 + 2], 0
    mov word [0x600], 0
    hlt                         ; first halt with IF=0
    sti
    hlt                         ; woken by the interrupt
    cli
    hlt
irq:
    inc word [0x600]
    iret
