/**
 * Which instructions a LOCK prefix may precede (SDM vol. 2A "LOCK"): the
 * read-modify-write forms of ADD ADC AND BTC BTR BTS CMPXCHG DEC INC NEG NOT OR SBB
 * SUB XOR XADD XCHG, and only with a memory destination; anything else raises #UD on
 * the 386 and later. The 8086 and 286 accept LOCK before any instruction.
 */
import type { Cpu } from './cpu.js';

/** One-byte opcodes with a ModR/M destination that LOCK may precede (all reg fields). */
const LOCKABLE = new Uint8Array(256);
for (const op of [0x00, 0x01, 0x08, 0x09, 0x10, 0x11, 0x18, 0x19, 0x20, 0x21, 0x28, 0x29, 0x30, 0x31, 0x86, 0x87]) LOCKABLE[op] = 1;

/** Reads the code byte `ahead` bytes past IP without consuming it. */
function peek(cpu: Cpu, ahead: number): number {
  const ip = cpu.eip;
  let b = 0;
  for (let i = 0; i <= ahead; i++) b = cpu.fetch8();
  cpu.eip = ip;
  return b;
}

/** Whether LOCK may precede opcode `op` (the ModR/M, or 0F's second byte, is next at IP). */
export function lockAllowed(cpu: Cpu, op: number): boolean {
  let modrm: number;
  if (op === 0x0f) {
    const second = peek(cpu, 0);
    modrm = peek(cpu, 1);
    const reg = (modrm >> 3) & 7;
    const ok = second === 0xab || second === 0xb3 || second === 0xbb || second === 0xb0 || second === 0xb1 ||
      second === 0xc0 || second === 0xc1 || (second === 0xba && reg >= 5);
    return ok && modrm < 0xc0;
  }
  modrm = peek(cpu, 0);
  if (modrm >= 0xc0) return false;
  const reg = (modrm >> 3) & 7;
  if (LOCKABLE[op] !== 0) return true;
  if (op >= 0x80 && op <= 0x83) return reg !== 7; // not CMP
  if (op === 0xf6 || op === 0xf7) return reg === 2 || reg === 3; // NOT, NEG
  if (op === 0xfe || op === 0xff) return reg <= 1; // INC, DEC
  return false;
}
