/**
 * Arithmetic and logic with their flag effects (SDM vol. 2 instruction pages). The
 * common operations record lazy flags; the rarer ones compute flags directly.
 */
import { MODEL_8086, type Cpu } from './cpu.js';
import { AF, CF, LAZY_ADD, LAZY_LOGIC, LAZY_SUB, OF, PARITY, SF, ZF } from './flags.js';

export function maskOf(bits: number): number {
  return bits === 32 ? 0xffffffff : (1 << bits) - 1;
}

function trunc(v: number, bits: number): number {
  return bits === 32 ? v >>> 0 : v & ((1 << bits) - 1);
}

export type AluOperation = (cpu: Cpu, d: number, s: number, bits: number) => number;

/**
 * The eight ALU operations one function each, indexed by reg field, so a handler
 * built for one operation calls a small monomorphic function (the JIT inlines it).
 */
export const ALU_OPERATIONS: readonly AluOperation[] = [
  (cpu, d, s, bits) => {
    const r = d + s;
    cpu.setLazy(LAZY_ADD, d, s, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d | s;
    cpu.setLazy(LAZY_LOGIC, 0, 0, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d + s + cpu.getCF();
    cpu.setLazy(LAZY_ADD, d, s, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d - s - cpu.getCF();
    cpu.setLazy(LAZY_SUB, d, s, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d & s;
    cpu.setLazy(LAZY_LOGIC, 0, 0, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d - s;
    cpu.setLazy(LAZY_SUB, d, s, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d ^ s;
    cpu.setLazy(LAZY_LOGIC, 0, 0, r, bits);
    return trunc(r, bits);
  },
  (cpu, d, s, bits) => {
    const r = d - s;
    cpu.setLazy(LAZY_SUB, d, s, r, bits);
    return trunc(r, bits);
  },
];

/** The eight ALU operations of opcodes 00-3F and group 1 (80-83), by reg field: ADD OR ADC SBB AND SUB XOR CMP. */
export function arith(cpu: Cpu, op: number, d: number, s: number, bits: number): number {
  let r: number;
  switch (op) {
    case 0: r = d + s; cpu.setLazy(LAZY_ADD, d, s, r, bits); break;
    case 1: r = d | s; cpu.setLazy(LAZY_LOGIC, 0, 0, r, bits); break;
    case 2: r = d + s + cpu.getCF(); cpu.setLazy(LAZY_ADD, d, s, r, bits); break;
    case 3: r = d - s - cpu.getCF(); cpu.setLazy(LAZY_SUB, d, s, r, bits); break;
    case 4: r = d & s; cpu.setLazy(LAZY_LOGIC, 0, 0, r, bits); break;
    case 5: r = d - s; cpu.setLazy(LAZY_SUB, d, s, r, bits); break;
    case 6: r = d ^ s; cpu.setLazy(LAZY_LOGIC, 0, 0, r, bits); break;
    default: r = d - s; cpu.setLazy(LAZY_SUB, d, s, r, bits); break;
  }
  return trunc(r, bits);
}

export function inc(cpu: Cpu, d: number, bits: number): number {
  const r = d + 1;
  cpu.setLazyKeepCarry(LAZY_ADD, d, 1, r, bits);
  return trunc(r, bits);
}

export function dec(cpu: Cpu, d: number, bits: number): number {
  const r = d - 1;
  cpu.setLazyKeepCarry(LAZY_SUB, d, 1, r, bits);
  return trunc(r, bits);
}

export function neg(cpu: Cpu, d: number, bits: number): number {
  const r = 0 - d;
  cpu.setLazy(LAZY_SUB, 0, d, r, bits);
  return trunc(r, bits);
}

/** SF, ZF, PF of a result as flag bits. */
export function szp(r: number, bits: number): number {
  const v = trunc(r, bits);
  return (v === 0 ? ZF : 0) | ((v >>> (bits - 1)) & 1 ? SF : 0) | PARITY[v & 0xff];
}

/**
 * Group 2 shifts and rotates by reg field: ROL ROR RCL RCR SHL SHR SAL SAR.
 * The 8086 uses the count as given (up to 255); later CPUs mask it to 5 bits
 * (SDM vol. 2 "SAL/SAR/SHL/SHR": IA-32 compatibility). A zero count changes nothing.
 * Rotates touch only CF and OF; shifts set SF/ZF/PF from the result. OF is defined
 * for 1-bit shifts; for larger counts we keep what the last 1-bit step produces.
 */
export function shift(cpu: Cpu, op: number, v: number, count: number, bits: number): number {
  if (cpu.model !== MODEL_8086) count &= 31;
  if (count === 0) return v;
  // Rotates change only CF and OF: the other status flags may stay lazy. Shifts set all six.
  const flags = cpu.flags;
  const top = bits - 1;
  const mask = maskOf(bits);
  let cf = cpu.getCF();
  let of = 0;
  switch (op) {
    case 0: // ROL
      for (let i = 0; i < count; i++) {
        cf = (v >>> top) & 1;
        v = (((v << 1) | cf) & mask) >>> 0;
      }
      of = ((v >>> top) & 1) ^ cf;
      cpu.flags = (flags & ~(CF | OF)) | cf | (of ? OF : 0);
      cpu.lazyMask &= ~(CF | OF);
      return v;
    case 1: // ROR
      for (let i = 0; i < count; i++) {
        cf = v & 1;
        v = ((v >>> 1) | (cf << top)) >>> 0;
      }
      of = ((v >>> top) ^ (v >>> (top - 1))) & 1;
      cpu.flags = (flags & ~(CF | OF)) | cf | (of ? OF : 0);
      cpu.lazyMask &= ~(CF | OF);
      return v;
    case 2: // RCL
      for (let i = 0; i < count; i++) {
        const out = (v >>> top) & 1;
        v = (((v << 1) | cf) & mask) >>> 0;
        cf = out;
      }
      of = ((v >>> top) & 1) ^ cf;
      cpu.flags = (flags & ~(CF | OF)) | cf | (of ? OF : 0);
      cpu.lazyMask &= ~(CF | OF);
      return v;
    case 3: // RCR
      for (let i = 0; i < count; i++) {
        const out = v & 1;
        v = ((v >>> 1) | (cf << top)) >>> 0;
        cf = out;
      }
      of = ((v >>> top) ^ (v >>> (top - 1))) & 1;
      cpu.flags = (flags & ~(CF | OF)) | cf | (of ? OF : 0);
      cpu.lazyMask &= ~(CF | OF);
      return v;
    case 4: // SHL
    case 6: // SAL (undocumented alias on 286+)
      for (let i = 0; i < count; i++) {
        cf = (v >>> top) & 1;
        v = ((v << 1) & mask) >>> 0;
      }
      of = ((v >>> top) & 1) ^ cf;
      break;
    case 5: // SHR
      for (let i = 0; i < count; i++) {
        of = (v >>> top) & 1;
        cf = v & 1;
        v >>>= 1;
      }
      break;
    default: // SAR
      for (let i = 0; i < count; i++) {
        cf = v & 1;
        v = ((v >>> 1) | (v & (1 << top))) >>> 0;
      }
      of = 0;
      break;
  }
  // AF (undefined): bit 4 of the result after SHL/SAL (the last doubling's carry out
  // of bit 3); after SHR/SAR the 286 sets it and the 8086 clears it (SingleStepTests data).
  const af = op === 4 || op === 6 ? v & AF : cpu.model === MODEL_8086 ? 0 : AF;
  cpu.flags = (flags & ~(CF | OF | SF | ZF | 4 | AF)) | cf | (of ? OF : 0) | szp(v, bits) | af;
  cpu.lazyMask = 0;
  return v;
}

/** 8086 undocumented group 2 /6 (SETMO/SETMOC): the operand becomes all ones, flags as for OR with all ones. */
export function setAllOnes(cpu: Cpu, bits: number): number {
  const v = maskOf(bits);
  cpu.setLazy(LAZY_LOGIC, 0, 0, v, bits);
  return v;
}

/** 32×32 → 64-bit unsigned product as [low, high] in two numbers (no BigInt on the hot path). */
export function mulU32(a: number, b: number, out: Float64Array): void {
  const aL = a & 0xffff, aH = a >>> 16, bL = b & 0xffff, bH = b >>> 16;
  const ll = aL * bL;
  const mid = aH * bL + aL * bH; // < 2^33
  const lowSum = ll + (mid % 65536) * 65536; // < 2^49
  const low = lowSum % 4294967296;
  const high = aH * bH + Math.floor(mid / 65536) + Math.floor(lowSum / 4294967296);
  out[0] = low;
  out[1] = high % 4294967296;
}
