/**
 * Instruction lengths for the block compiler: how many bytes the instruction at a
 * given address occupies in 16-bit real-mode code, so the compiler knows where the
 * next one starts. Opcode maps: SDM vol. 2 appendix A (one-byte map, two-byte map),
 * ModR/M and SIB sizes: SDM vol. 2 §2.1.5 tables 2-1 to 2-3; 8086 aliases: the
 * 8086 family user's manual opcode table.
 *
 * A wrong length could never corrupt a run: a block checks after every instruction
 * it hands to the interpreter that IP arrived where the compiler expected, and stops
 * otherwise. Returning 0 ("don't know") ends the block before the instruction.
 */
import { MODEL_386, MODEL_8086 } from '../cpu.js';

/** What a decoded instruction's prefixes said (only those the compiler cares about). */
export interface Prefixes {
  /** Bytes of prefixes before the opcode. */
  count: number;
  /** Segment override (ES=0 … GS=5) or -1. */
  segment: number;
  operand32: boolean;
  address32: boolean;
  /** 0xF2, 0xF3 or 0. */
  rep: number;
  lock: boolean;
}

/** Immediate sizes of the one-byte map: 1 = imm8, 2 = imm16, 'v' = operand size, 0 = none. */
const enum Imm {
  None = 0,
  Byte = 1,
  Word = 2,
  Operand = 3,
  /** A far pointer: offset of operand size + 16-bit selector. */
  Far = 4,
  /** ENTER: imm16 + imm8. */
  Enter = 5,
  /** moffs: an offset of address size. */
  Moffs = 6,
}

/** Per one-byte opcode: has a ModR/M byte (bit 7) and its immediate kind (low bits). */
const ONE_BYTE = new Uint8Array(256);
const MODRM = 0x80;

function define(ops: number[], value: number): void {
  for (const op of ops) ONE_BYTE[op] = value;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

for (let row = 0; row < 8; row++) {
  const base = row << 3;
  define([base, base + 1, base + 2, base + 3], MODRM);
  define([base + 4], Imm.Byte);
  define([base + 5], Imm.Operand);
}
define([0x62, 0x63], MODRM);
define([0x68], Imm.Operand);
define([0x69], MODRM | Imm.Operand);
define([0x6a], Imm.Byte);
define([0x6b], MODRM | Imm.Byte);
define(range(0x70, 0x7f), Imm.Byte);
define([0x80, 0x82, 0x83], MODRM | Imm.Byte);
define([0x81], MODRM | Imm.Operand);
define(range(0x84, 0x8f), MODRM);
define([0x9a, 0xea], Imm.Far);
define(range(0xa0, 0xa3), Imm.Moffs);
define([0xa8], Imm.Byte);
define([0xa9], Imm.Operand);
define(range(0xb0, 0xb7), Imm.Byte);
define(range(0xb8, 0xbf), Imm.Operand);
define([0xc0, 0xc1], MODRM | Imm.Byte);
define([0xc2, 0xca], Imm.Word);
define([0xc4, 0xc5], MODRM);
define([0xc6], MODRM | Imm.Byte);
define([0xc7], MODRM | Imm.Operand);
define([0xc8], Imm.Enter);
define([0xcd, 0xd4, 0xd5], Imm.Byte);
define(range(0xd0, 0xd3), MODRM);
define(range(0xd8, 0xdf), MODRM);
define(range(0xe0, 0xe7), Imm.Byte);
define([0xe8, 0xe9], Imm.Operand);
define([0xeb], Imm.Byte);
define([0xf6, 0xf7, 0xfe, 0xff], MODRM);

/** Two-byte (0F xx) opcodes the compiler lets through on the 386, with their form. */
const TWO_BYTE = new Int16Array(256).fill(-1);
for (const op of [0x31, 0xa0, 0xa1, 0xa2, 0xa8, 0xa9, ...range(0xc8, 0xcf)]) TWO_BYTE[op] = 0;
for (const op of [...range(0x90, 0x9f), 0xa3, 0xa5, 0xab, 0xad, 0xaf, 0xb0, 0xb1, 0xb3, 0xb6, 0xb7, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0xc1]) {
  TWO_BYTE[op] = MODRM;
}
for (const op of [0xa4, 0xac, 0xba]) TWO_BYTE[op] = MODRM | Imm.Byte;

/** Size of a ModR/M byte with its SIB and displacement, given the bytes from the ModR/M on. */
export function modrmLength(modrm: number, sib: number, address32: boolean): number {
  const mod = modrm >> 6;
  const rm = modrm & 7;
  if (mod === 3) return 1;
  if (!address32) {
    if (mod === 0) return rm === 6 ? 3 : 1;
    return mod === 1 ? 2 : 3;
  }
  let n = 1;
  if (rm === 4) {
    n++;
    if (mod === 0 && (sib & 7) === 5) n += 4;
  } else if (mod === 0 && rm === 5) {
    n += 4;
  }
  if (mod === 1) n += 1;
  else if (mod === 2) n += 4;
  return n;
}

/** Whether `op` is a prefix on this model. */
export function isPrefix(model: number, op: number): boolean {
  switch (op) {
    case 0x26: case 0x2e: case 0x36: case 0x3e: case 0xf0: case 0xf2: case 0xf3:
      return true;
    case 0xf1:
      return model === MODEL_8086;
    case 0x64: case 0x65: case 0x66: case 0x67:
      return model === MODEL_386;
    default:
      return false;
  }
}

/** Reads the prefixes at `bytes[at…]` into `out`; returns the opcode's index. */
export function readPrefixes(model: number, bytes: Uint8Array, at: number, end: number, out: Prefixes): number {
  out.count = 0;
  out.segment = -1;
  out.operand32 = false;
  out.address32 = false;
  out.rep = 0;
  out.lock = false;
  let i = at;
  while (i < end && isPrefix(model, bytes[i])) {
    const p = bytes[i];
    switch (p) {
      case 0x26: out.segment = 0; break;
      case 0x2e: out.segment = 1; break;
      case 0x36: out.segment = 2; break;
      case 0x3e: out.segment = 3; break;
      case 0x64: out.segment = 4; break;
      case 0x65: out.segment = 5; break;
      case 0x66: out.operand32 = true; break;
      case 0x67: out.address32 = true; break;
      case 0xf2: case 0xf3: out.rep = p; break;
      default: out.lock = true; break;
    }
    i++;
  }
  out.count = i - at;
  return i;
}

/**
 * Length of the instruction whose opcode (after prefixes) is at `bytes[op]`, or 0 when
 * the compiler should not go past it (unknown forms, the 8086's aliases that transfer
 * control, two-byte opcodes outside the short list). `end` bounds the bytes readable.
 */
export function lengthFrom(model: number, bytes: Uint8Array, op: number, end: number, p: Prefixes): number {
  if (op >= end) return 0;
  const opcode = bytes[op];
  let info: number;
  let at = op + 1;
  if (opcode === 0x0f) {
    if (model !== MODEL_386 || at >= end) return 0;
    info = TWO_BYTE[bytes[at]];
    if (info < 0) return 0;
    at++;
  } else {
    if (model === MODEL_8086 && ((opcode >= 0x60 && opcode <= 0x6f) || opcode === 0xc0 || opcode === 0xc1 || opcode === 0xc8 || opcode === 0xc9)) {
      return 0; // Aliases of Jcc and RET/RETF on the 8086.
    }
    if (model !== MODEL_386 && opcode >= 0x64 && opcode <= 0x67) return 0;
    info = ONE_BYTE[opcode];
  }
  if (info & MODRM) {
    if (at >= end) return 0;
    const modrm = bytes[at];
    at += modrmLength(modrm, at + 1 < end ? bytes[at + 1] : 0, p.address32);
    // Group 3's TEST (reg 0, and its alias 1) is the only form with an immediate.
    if ((opcode === 0xf6 || opcode === 0xf7) && ((modrm >> 3) & 7) < 2) at += opcode === 0xf6 ? 1 : p.operand32 ? 4 : 2;
  }
  switch ((info & 0x7f) as Imm) {
    case Imm.Byte: at += 1; break;
    case Imm.Word: at += 2; break;
    case Imm.Operand: at += p.operand32 ? 4 : 2; break;
    case Imm.Far: at += p.operand32 ? 6 : 4; break;
    case Imm.Enter: at += 3; break;
    case Imm.Moffs: at += p.address32 ? 4 : 2; break;
    default: break;
  }
  return at > end ? 0 : at - op + p.count;
}
