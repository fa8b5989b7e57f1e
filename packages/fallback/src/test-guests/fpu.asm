; An x87 instruction: the fallback must refuse it (no FPU state in CpuState).
bits 16
org 0x1000
    fninit
    hlt
