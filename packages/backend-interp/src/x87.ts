/**
 * The coprocessor escape opcodes D8-DF on a machine without an FPU (an 8086/286/386
 * with no 8087/287/387 fitted). The CPU decodes the ModR/M operand and nothing
 * answers, so FNINIT/FNSTSW/FNSTCW leave memory and AX unchanged and the classic
 * detection (FNINIT; FNSTSW into a word preset to non-zero; test it for zero)
 * correctly finds no FPU. CPUID reports no FPU either. The 286 and later check the
 * memory operand against the segment limit (#GP at offset FFFF, as the 286 data shows).
 */
import { type Cpu, MODEL_8086 } from './cpu.js';

export function escape(cpu: Cpu, _opcode: number): void {
  cpu.decodeModrm();
  if (cpu.modIsMem && cpu.model !== MODEL_8086) cpu.readMem16(cpu.eaSeg, cpu.eaOff);
}
