/**
 * Instruction templates for the generator: each makes one random valid
 * real-mode instruction (bytes) and says which arithmetic flags it needs
 * defined (`reads`), leaves defined (`defines`) and leaves undefined
 * (`undefines`), after the SDM vol. 2 "Flags Affected" sections.
 *
 * Constraints that keep a case well-defined and inside its sandbox:
 * - SP is never an operand (its value must stay in the safe stack range);
 *   no MOV to a segment register, no CS override (data stay in scratch);
 * - control flow only jumps forward, to the next instruction boundary
 *   (`skip` = bytes of the following instruction, filled in by the generator);
 * - REP string instructions get a small CX first; no port I/O;
 * - no instruction whose result is architecturally undefined (BSF/BSR get a
 *   non-zero source, SHLD/SHRD of 16-bit operands count below 16, no BSWAP r16);
 * - 32-bit addressing only with base and index zero-extended from a byte just before.
 */
import { ARITH, AF, CF, CONDITION_READS, LAHF_FLAGS, OF, PF, SF, ZF } from './flags.js';
import type { Random } from './random.js';

export interface Instruction {
  bytes: number[];
  reads: number;
  defines: number;
  undefines: number;
  /** A forward branch: its rel8/rel16 displacement (at `displacementAt`, `displacementSize` bytes) skips the next instruction. */
  branch?: { displacementAt: number; displacementSize: 1 | 2 };
  /** The template's name, for reports. */
  name: string;
  /**
   * Its flag writes may not happen: a count of 0 in CL (shifts, rotates, SHLD/SHRD)
   * or in CX (REP CMPS/SCAS) leaves every flag as it was.
   */
  mayKeepFlags?: boolean;
}

type Size = 1 | 2 | 4;

/** A general register for an operand of `size`: any byte register, no (E)SP for words. */
function gpr(rng: Random, size: Size): number {
  if (size === 1) return rng.below(8);
  return rng.pick([0, 1, 2, 3, 5, 6, 7]);
}

const SEGMENT_OVERRIDES = [0x26, 0x36, 0x3e, 0x64, 0x65];

/** ModRM (16-bit addressing) with displacement, and maybe a segment override; `reg` is the reg field. */
function modrm(rng: Random, reg: number, size: Size, options: { memoryOnly?: boolean; registerOnly?: boolean } = {}): { prefix: number[]; bytes: number[] } {
  const register = options.registerOnly || (!options.memoryOnly && rng.chance(0.4));
  if (register) return { prefix: [], bytes: [0xc0 | (reg << 3) | gpr(rng, size)] };
  const mod = rng.below(3);
  const rm = rng.below(8);
  const bytes = [(mod << 6) | (reg << 3) | rm];
  if (mod === 1) bytes.push(rng.below(256));
  if (mod === 2 || (mod === 0 && rm === 6)) bytes.push(rng.below(256), rng.below(256));
  const prefix = rng.chance(0.15) ? [rng.pick(SEGMENT_OVERRIDES)] : [];
  return { prefix, bytes };
}

function imm(rng: Random, size: Size): number[] {
  const out: number[] = [];
  for (let i = 0; i < size; i++) out.push(rng.below(256));
  return out;
}

/** Word or dword (a 66 prefix): the operand size of a w=1 instruction. */
function wordSize(rng: Random): { size: Size; prefix: number[] } {
  return rng.chance(0.3) ? { size: 4, prefix: [0x66] } : { size: 2, prefix: [] };
}

function sized(rng: Random): { size: Size; prefix: number[]; w: number } {
  if (rng.chance(0.4)) return { size: 1, prefix: [], w: 0 };
  return { ...wordSize(rng), w: 1 };
}

const make = (name: string, bytes: number[], reads: number, defines: number, undefines = 0): Instruction => ({ name, bytes, reads, defines, undefines });

/** ADD OR ADC SBB AND SUB XOR CMP: the flags each leaves (AF undefined after the logic ops). */
function aluFlags(op: number): { reads: number; defines: number; undefines: number } {
  const logic = op === 1 || op === 4 || op === 6;
  return {
    reads: op === 2 || op === 3 ? CF : 0,
    defines: logic ? ARITH & ~AF : ARITH,
    undefines: logic ? AF : 0,
  };
}

export const TEMPLATES: readonly ((rng: Random) => Instruction)[] = [
  // ALU r/m,r and r,r/m (00-3B)
  (rng) => {
    const op = rng.below(8);
    const { size, prefix, w } = sized(rng);
    const m = modrm(rng, gpr(rng, size), size);
    const f = aluFlags(op);
    return make('alu r/m', [...prefix, ...m.prefix, (op << 3) | (rng.below(2) << 1) | w, ...m.bytes], f.reads, f.defines, f.undefines);
  },
  // ALU AL/AX/EAX, imm (04, 05, ... 3D)
  (rng) => {
    const op = rng.below(8);
    const { size, prefix, w } = sized(rng);
    const f = aluFlags(op);
    return make('alu acc,imm', [...prefix, (op << 3) | 4 | w, ...imm(rng, size)], f.reads, f.defines, f.undefines);
  },
  // Group 1: 80, 81, 83 /op imm
  (rng) => {
    const op = rng.below(8);
    const { size, prefix, w } = sized(rng);
    const signExtended = w === 1 && rng.chance(0.5);
    const m = modrm(rng, op, size);
    const f = aluFlags(op);
    const opcode = w === 0 ? 0x80 : signExtended ? 0x83 : 0x81;
    return make('group1', [...prefix, ...m.prefix, opcode, ...m.bytes, ...imm(rng, signExtended ? 1 : size)], f.reads, f.defines, f.undefines);
  },
  // INC/DEC r16/r32 (40-4F) and INC/DEC r/m (FE/FF /0 /1): CF unaffected
  (rng) => {
    if (rng.chance(0.5)) {
      const { prefix } = wordSize(rng);
      return make('inc/dec reg', [...prefix, 0x40 | (rng.below(2) << 3) | gpr(rng, 2)], 0, ARITH & ~CF);
    }
    const { size, prefix, w } = sized(rng);
    const m = modrm(rng, rng.below(2), size);
    return make('inc/dec r/m', [...prefix, ...m.prefix, 0xfe | w, ...m.bytes], 0, ARITH & ~CF);
  },
  // Group 3: TEST imm, NOT, NEG, MUL, IMUL, DIV, IDIV (F6/F7); a divide error ends on vector 0
  (rng) => {
    const op = rng.pick([0, 2, 3, 4, 5, 6, 7]);
    const { size, prefix, w } = sized(rng);
    const m = modrm(rng, op, size);
    const bytes = [...prefix, ...m.prefix, 0xf6 | w, ...m.bytes, ...(op === 0 ? imm(rng, size) : [])];
    switch (op) {
      case 0: return make('test imm', bytes, 0, ARITH & ~AF, AF);
      case 2: return make('not', bytes, 0, 0);
      case 3: return make('neg', bytes, 0, ARITH);
      case 4: case 5: return make(op === 4 ? 'mul' : 'imul', bytes, 0, CF | OF, SF | ZF | AF | PF);
      default: return make(op === 6 ? 'div' : 'idiv', bytes, 0, 0, ARITH);
    }
  },
  // Shifts and rotates (C0/C1 imm8, D0/D1 by 1, D2/D3 by CL); /6 (SAL alias) left out
  (rng) => {
    const op = rng.pick([0, 1, 2, 3, 4, 5, 7]);
    const { size, prefix, w } = sized(rng);
    const form = rng.below(3);
    const m = modrm(rng, op, size);
    const rotate = op < 4;
    const reads = op === 2 || op === 3 ? CF : 0;
    let count: number | undefined;
    let opcode: number;
    const tail: number[] = [];
    if (form === 0) {
      opcode = 0xd0 | w;
      count = 1;
    } else if (form === 1) {
      opcode = 0xc0 | w;
      count = rng.below(32);
      tail.push(count);
    } else {
      opcode = 0xd2 | w;
    }
    const bytes = [...prefix, ...m.prefix, opcode, ...m.bytes, ...tail];
    // SDM "SAL/SAR/SHL/SHR" and "RCL/RCR/ROL/ROR" Flags Affected: OF only for a count of 1;
    // AF undefined after shifts; CF undefined when a shift count reaches the operand size.
    const masked = count === undefined ? undefined : count & 31;
    if (masked === 0) return make(rotate ? 'rotate 0' : 'shift 0', bytes, 0, 0);
    const ofDefined = masked === 1;
    const byCl = masked === undefined;
    if (rotate) return { ...make('rotate', bytes, reads, CF | (ofDefined ? OF : 0), ofDefined ? 0 : OF), mayKeepFlags: byCl };
    const cfDefined = masked !== undefined && masked < size * 8;
    const shift = make('shift', bytes, 0, (SF | ZF | PF) | (cfDefined ? CF : 0) | (ofDefined ? OF : 0), AF | (cfDefined ? 0 : CF) | (ofDefined ? 0 : OF));
    return { ...shift, mayKeepFlags: byCl };
  },
  // MOV r/m,r and r,r/m (88-8B), MOV r/m,imm (C6/C7), MOV reg,imm (B0-BF), MOV moffs (A0-A3)
  (rng) => {
    const form = rng.below(4);
    const { size, prefix, w } = sized(rng);
    if (form === 0) {
      const m = modrm(rng, gpr(rng, size), size);
      return make('mov r/m', [...prefix, ...m.prefix, 0x88 | (rng.below(2) << 1) | w, ...m.bytes], 0, 0);
    }
    if (form === 1) {
      const m = modrm(rng, 0, size);
      return make('mov r/m,imm', [...prefix, ...m.prefix, 0xc6 | w, ...m.bytes, ...imm(rng, size)], 0, 0);
    }
    if (form === 2) return make('mov reg,imm', [...prefix, 0xb0 | (w << 3) | gpr(rng, size), ...imm(rng, size)], 0, 0);
    return make('mov moffs', [...prefix, 0xa0 | (rng.below(2) << 1) | w, ...imm(rng, 2)], 0, 0);
  },
  // XCHG r/m,r (86/87), XCHG AX,r (91-97), LEA (8D), MOV r/m,Sreg (8C)
  (rng) => {
    const form = rng.below(4);
    const { size, prefix, w } = sized(rng);
    if (form === 0) {
      const m = modrm(rng, gpr(rng, size), size);
      return make('xchg r/m', [...prefix, ...m.prefix, 0x86 | w, ...m.bytes], 0, 0);
    }
    if (form === 1) return make('xchg ax', [...wordSize(rng).prefix, 0x90 | gpr(rng, 2)], 0, 0);
    if (form === 2) {
      const m = modrm(rng, gpr(rng, 2), 2, { memoryOnly: true });
      return make('lea', [...wordSize(rng).prefix, 0x8d, ...m.bytes], 0, 0);
    }
    const m = modrm(rng, rng.below(6), 2);
    return make('mov r/m,sreg', [0x8c, ...m.bytes], 0, 0);
  },
  // CBW/CWDE, CWD/CDQ, LAHF, SAHF, XLAT, NOP, CLC, STC, CMC, CLD, STD, CLI, STI
  (rng) => {
    const choice = rng.below(13);
    switch (choice) {
      case 0: return make('cbw', [...wordSize(rng).prefix, 0x98], 0, 0);
      case 1: return make('cwd', [...wordSize(rng).prefix, 0x99], 0, 0);
      case 2: return make('lahf', [0x9f], LAHF_FLAGS, 0);
      case 3: return make('sahf', [0x9e], 0, LAHF_FLAGS);
      case 4: return make('xlat', [0xd7], 0, 0);
      case 5: return make('nop', [0x90], 0, 0);
      case 6: return make('clc', [0xf8], 0, CF);
      case 7: return make('stc', [0xf9], 0, CF);
      case 8: return make('cmc', [0xf5], CF, CF);
      case 9: return make('cld', [0xfc], 0, 0);
      case 10: return make('std', [0xfd], 0, 0);
      case 11: return make('cli', [0xfa], 0, 0);
      default: return make('sti', [0xfb], 0, 0);
    }
  },
  // PUSH/POP r (50-5F, not SP), PUSH imm (68/6A), PUSHF/POPF, PUSHA/POPA
  (rng) => {
    const choice = rng.below(7);
    const { prefix } = wordSize(rng);
    switch (choice) {
      case 0: return make('push', [...prefix, 0x50 | gpr(rng, 2)], 0, 0);
      case 1: return make('pop', [...prefix, 0x58 | gpr(rng, 2)], 0, 0);
      case 2: return make('push imm', rng.chance(0.5) ? [...prefix, 0x6a, rng.below(256)] : [...prefix, 0x68, ...imm(rng, prefix.length ? 4 : 2)], 0, 0);
      case 3: return make('pushf', [...prefix, 0x9c], ARITH, 0);
      // POPF may set TF (a single-step trap, vector 1, after the next instruction): both must agree.
      case 4: return make('popf', [0x9d], 0, ARITH);
      case 5: return make('pusha', [...prefix, 0x60], 0, 0);
      default: return make('popa', [...prefix, 0x61], 0, 0);
    }
  },
  // String instructions, one element or REP with a small CX (MOV CX,n first)
  (rng) => {
    const op = rng.pick([0xa4, 0xa6, 0xaa, 0xac, 0xae]);
    const { size, prefix, w } = sized(rng);
    const compares = op === 0xa6 || op === 0xae;
    const rep = rng.chance(0.6) ? [compares ? rng.pick([0xf2, 0xf3]) : 0xf3] : [];
    const setCount = rep.length ? [0xb9, rng.below(9), 0] : [];
    const override = op !== 0xaa && op !== 0xae && rng.chance(0.15) ? [rng.pick(SEGMENT_OVERRIDES)] : [];
    const bytes = [...setCount, ...prefix, ...override, ...rep, op | w];
    void size;
    return compares ? { ...make('cmps/scas', bytes, 0, ARITH), mayKeepFlags: rep.length > 0 } : make('movs/stos/lods', bytes, 0, 0);
  },
  // BCD: DAA DAS AAA AAS AAM AAD
  (rng) => {
    const choice = rng.below(6);
    switch (choice) {
      case 0: return make('daa', [0x27], AF | CF, ARITH & ~OF, OF);
      case 1: return make('das', [0x2f], AF | CF, ARITH & ~OF, OF);
      case 2: return make('aaa', [0x37], AF, AF | CF, OF | SF | ZF | PF);
      case 3: return make('aas', [0x3f], AF, AF | CF, OF | SF | ZF | PF);
      // AAM 0 is a divide error (vector 0).
      case 4: return make('aam', [0xd4, rng.chance(0.9) ? rng.below(256) : 10], 0, SF | ZF | PF, OF | AF | CF);
      default: return make('aad', [0xd5, rng.chance(0.9) ? rng.below(256) : 10], 0, SF | ZF | PF, OF | AF | CF);
    }
  },
  // Bit tests: BT/BTS/BTR/BTC r/m,r (0F A3/AB/B3/BB) and r/m,imm8 (0F BA /4-/7)
  (rng) => {
    const op = rng.below(4);
    const { size, prefix } = wordSize(rng);
    if (rng.chance(0.5)) {
      // Register form only: a register bit offset on memory reaches far outside the operand.
      const m = modrm(rng, gpr(rng, size), size, { registerOnly: true });
      return make('bt r', [...prefix, 0x0f, 0xa3 | (op << 3), ...m.bytes], 0, CF, OF | SF | AF | PF);
    }
    const m = modrm(rng, 4 + op, size);
    return make('bt imm', [...prefix, ...m.prefix, 0x0f, 0xba, ...m.bytes, rng.below(256)], 0, CF, OF | SF | AF | PF);
  },
  // MOVZX/MOVSX (0F B6/B7/BE/BF), IMUL r,r/m (0F AF), IMUL r,r/m,imm (69/6B)
  (rng) => {
    const choice = rng.below(3);
    const { size, prefix } = wordSize(rng);
    if (choice === 0) {
      const from: Size = rng.chance(0.5) ? 1 : 2;
      const m = modrm(rng, gpr(rng, size), from);
      return make('movzx/movsx', [...prefix, ...m.prefix, 0x0f, (rng.chance(0.5) ? 0xb6 : 0xbe) | (from === 2 ? 1 : 0), ...m.bytes], 0, 0);
    }
    const m = modrm(rng, gpr(rng, size), size);
    if (choice === 1) return make('imul r,r/m', [...prefix, ...m.prefix, 0x0f, 0xaf, ...m.bytes], 0, CF | OF, SF | ZF | AF | PF);
    const byteImm = rng.chance(0.5);
    return make('imul imm', [...prefix, ...m.prefix, byteImm ? 0x6b : 0x69, ...m.bytes, ...imm(rng, byteImm ? 1 : size)], 0, CF | OF, SF | ZF | AF | PF);
  },
  // SETcc r/m8 (0F 90-9F)
  (rng) => {
    const cc = rng.below(16);
    const m = modrm(rng, 0, 1);
    return make('setcc', [...m.prefix, 0x0f, 0x90 | cc, ...m.bytes], CONDITION_READS[cc], 0);
  },
  // 486: XADD (0F C0/C1), CMPXCHG (0F B0/B1), BSWAP r32 (66 0F C8+r)
  (rng) => {
    const choice = rng.below(3);
    if (choice === 2) return make('bswap', [0x66, 0x0f, 0xc8 | gpr(rng, 4)], 0, 0);
    const { size, prefix, w } = sized(rng);
    const m = modrm(rng, gpr(rng, size), size);
    return make(choice === 0 ? 'xadd' : 'cmpxchg', [...prefix, ...m.prefix, 0x0f, (choice === 0 ? 0xc0 : 0xb0) | w, ...m.bytes], 0, ARITH);
  },
  // SHLD/SHRD (0F A4/AC imm8, A5/AD CL): 16-bit counts kept below 16, CL only with 32-bit operands
  (rng) => {
    const right = rng.chance(0.5) ? 8 : 0;
    const byCl = rng.chance(0.4);
    const size: Size = byCl || rng.chance(0.5) ? 4 : 2;
    const prefix = size === 4 ? [0x66] : [];
    const m = modrm(rng, gpr(rng, size), size);
    const count = size === 2 ? rng.below(16) : rng.below(32);
    const bytes = [...prefix, ...m.prefix, 0x0f, (byCl ? 0xa5 : 0xa4) | right, ...m.bytes, ...(byCl ? [] : [count])];
    if (!byCl && count === 0) return make('shld/shrd 0', bytes, 0, 0);
    const shld = make('shld/shrd', bytes, 0, SF | ZF | PF | (!byCl ? CF : 0) | (!byCl && count === 1 ? OF : 0), AF | (byCl ? CF : 0) | (!byCl && count === 1 ? 0 : OF));
    return { ...shld, mayKeepFlags: byCl };
  },
  // Forward branches over the next instruction: Jcc rel8, Jcc rel16 (0F 8x), JMP rel8, JCXZ, LOOP/LOOPE/LOOPNE, CALL rel16
  (rng) => {
    const choice = rng.below(6);
    const cc = rng.below(16);
    const branch = (name: string, bytes: number[], reads: number, size: 1 | 2): Instruction => ({
      ...make(name, bytes, reads, 0),
      branch: { displacementAt: bytes.length - size, displacementSize: size },
    });
    switch (choice) {
      case 0: return branch('jcc rel8', [0x70 | cc, 0], CONDITION_READS[cc], 1);
      case 1: return branch('jcc rel16', [0x0f, 0x80 | cc, 0, 0], CONDITION_READS[cc], 2);
      case 2: return branch('jmp rel8', [0xeb, 0], 0, 1);
      case 3: return branch('jcxz', [0xe3, 0], 0, 1);
      case 4: {
        const op = rng.pick([0xe0, 0xe1, 0xe2]);
        return branch('loop', [op, 0], op === 0xe2 ? 0 : ZF, 1);
      }
      default: return branch('call rel16', [0xe8, 0, 0], 0, 2);
    }
  },
  // BSF/BSR (0F BC/BD) of a register first loaded with a non-zero value (a zero source leaves the destination undefined)
  (rng) => {
    const { size, prefix } = wordSize(rng);
    const source = gpr(rng, size);
    const value = imm(rng, size);
    if (!value.some((b) => b !== 0)) value[rng.below(size)] = 1 << rng.below(8);
    const modrmByte = 0xc0 | (gpr(rng, size) << 3) | source;
    return make('bsf/bsr', [...prefix, 0xb8 | source, ...value, ...prefix, 0x0f, rng.chance(0.5) ? 0xbc : 0xbd, modrmByte], 0, ZF, CF | OF | SF | AF | PF);
  },
  // 32-bit addressing (67h) with a SIB byte: MOVZX from a byte register keeps base and index small,
  // then an ALU op on [base + index * scale + disp8] with a non-negative disp8, so the sum stays
  // below 64 KiB (KVM nested in QEMU does not raise the real-mode #GP for an offset past FFFFh)
  (rng) => {
    const base = gpr(rng, 4);
    const index = gpr(rng, 4);
    const zeroExtend = (r: number): number[] => [0x66, 0x0f, 0xb6, 0xc0 | (r << 3) | r];
    const op = rng.below(8);
    const { size, prefix, w } = sized(rng);
    const sib = (rng.below(4) << 6) | (index << 3) | base;
    const f = aluFlags(op);
    const bytes = [...zeroExtend(base), ...zeroExtend(index), ...prefix, 0x67, (op << 3) | (rng.below(2) << 1) | w, 0x44 | (gpr(rng, size) << 3), sib, rng.below(128)];
    return make('alu [sib]', bytes, f.reads, f.defines, f.undefines);
  },
  // Interrupts and traps: INT3, INT n, INTO, BOUND (each may end on its vector's HLT)
  (rng) => {
    const choice = rng.below(4);
    switch (choice) {
      case 0: return make('int3', [0xcc], ARITH, 0);
      // Vectors 32-255, so an ending on vectors 0-31 is always an exception (and #UD means invalid code).
      case 1: return make('int n', [0xcd, rng.between(32, 255)], ARITH, 0);
      case 2: return make('into', [0xce], ARITH, 0);
      default: {
        const { size, prefix } = wordSize(rng);
        const m = modrm(rng, gpr(rng, size), size, { memoryOnly: true });
        return make('bound', [...prefix, ...m.prefix, 0x62, ...m.bytes], ARITH, 0);
      }
    }
  },
];
