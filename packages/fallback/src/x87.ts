/**
 * Recognising an x87 instruction from its bytes, so the fallback can refuse it:
 * the x87 registers (ST0-ST7, control/status/tag words) are not part of core's
 * CpuState, and the interpreter has no FPU, so running one there would silently
 * drop the FPU's work.
 */

/** Prefix bytes (SDM vol. 2A §2.1.1): segment overrides, operand/address size, LOCK, REP. */
const PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);
/** ESC opcodes D8-DF are the x87 instructions (SDM vol. 1 §8.1, vol. 2A appendix A.4). */
const ESC_FIRST = 0xd8;
const ESC_LAST = 0xdf;
/** The longest instruction (SDM vol. 2A §2.1): at most 15 bytes, prefixes included. */
export const MAX_INSTRUCTION_LENGTH = 15;

/** True when `bytes` (the instruction's bytes from its first prefix) encode an x87 instruction. */
export function isX87Instruction(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (PREFIXES.has(byte)) continue;
    return byte >= ESC_FIRST && byte <= ESC_LAST;
  }
  return false;
}
