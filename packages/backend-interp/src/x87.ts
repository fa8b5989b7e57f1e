/**
 * The coprocessor escape opcodes D8-DF on a machine without an FPU (an 8086/286/386
 * with no 8087/287/387 fitted). The CPU decodes the ModR/M operand (and on the 8086
 * performs the bus read for the coprocessor); nothing answers, so FNINIT/FNSTSW/FNSTCW
 * leave memory and AX unchanged and the classic detection (FNINIT; FNSTSW into a word
 * preset to non-zero; test it for zero) correctly finds no FPU. CPUID reports no FPU
 * either. Later CPUs check segment limits for the memory operand (#GP at offset FFFF).
 */
import { type Cpu, MODEL_8086 } from './cpu.js';

export function escape(cpu: Cpu, _opcode: number): void {
  cpu.decodeModrm();
  if (cpu.modIsMem && cpu.model !== MODEL_8086) cpu.readMem16(cpu.eaSeg, cpu.eaOff);
}
