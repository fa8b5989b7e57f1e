/**
 * The instructions the block compiler translates to JavaScript itself (the rest of a
 * block goes through the interpreter one instruction at a time). They are the ones
 * real-mode loops spend their time in: MOV, the ALU group, INC/DEC, TEST, shifts by
 * one, group 3 (NOT/NEG/MUL/DIV), PUSH/POP of a register, and the near branches.
 * Only 16-bit operand and address size without REP/LOCK: anything else is left to the
 * interpreter. Each translation does what the interpreter's handler does (opcodes.ts,
 * alu.ts), in the same order, with the same helpers where the flag rules are subtle
 * (shift, multiply, divide), so the two cannot disagree on the result.
 */
import { MODEL_8086 } from '../cpu.js';
import { AF, CF, LAZY_ADD, LAZY_LOGIC, LAZY_SUB, OF, PF, SF, ZF } from '../flags.js';
import { type RmOperand, reg16, reg8, rmOperand } from './operands.js';

export const ALL_STATUS = CF | PF | AF | ZF | SF | OF;

export type Control =
  /** A near jump to `target` when `condition` holds (always when null), after `before` ran. */
  | { kind: 'jump'; target: number; condition: string | null; before: string }
  /** A near jump to the value `before` leaves in the local `target` (RET, indirect JMP/CALL). */
  | { kind: 'indirect'; before: string };

export interface Native {
  /** The instruction's code; with `flagsLive` false it may skip recording its status flags. */
  code(flagsLive: boolean): string;
  /** Status flags it reads. */
  reads: number;
  /** Status flags it sets whatever their old value (so an earlier instruction's are dead). */
  writes: number;
  /** It can fault (memory, stack, divide): the block sets instrStart first and keeps every flag exact before it. */
  faults: boolean;
  /** It writes memory: the block stops after it if that write hit compiled code. */
  writesMemory: boolean;
  /** A divide: the 8086 pushes the next instruction's address for #DE, so IP is set first. */
  needsNextIp: boolean;
  control: Control | null;
}

const MASK = { 8: '0xff', 16: '0xffff' } as const;

function native(partial: Partial<Native> & Pick<Native, 'code'>): Native {
  return { reads: 0, writes: 0, faults: false, writesMemory: false, needsNextIp: false, control: null, ...partial };
}

/** Jcc condition codes (SDM vol. 2 appendix B): the expression and the flags it reads. */
const CONDITIONS: readonly [string, number][] = [
  ['cpu.getOF() !== 0', OF],
  ['cpu.getCF() !== 0', CF],
  ['cpu.getZF() !== 0', ZF],
  ['(cpu.getCF() | cpu.getZF()) !== 0', CF | ZF],
  ['cpu.getSF() !== 0', SF],
  ['cpu.getPF() !== 0', PF],
  ['(cpu.getSF() !== 0) !== (cpu.getOF() !== 0)', SF | OF],
  ['cpu.getZF() !== 0 || (cpu.getSF() !== 0) !== (cpu.getOF() !== 0)', ZF | SF | OF],
];

export function condition(cc: number): [string, number] {
  const [expr, reads] = CONDITIONS[cc >> 1];
  return [(cc & 1) === 0 ? expr : `!(${expr})`, reads];
}

/** ADD OR ADC SBB AND SUB XOR CMP of `d` (read from `dst`) and `src`, as alu.ts's arith. */
function alu(op: number, bits: 8 | 16, dst: RmOperand, src: string, source: RmOperand | null = null): Native {
  const expr = ['d + s', 'd | s', 'd + s + cpu.getCF()', 'd - s - cpu.getCF()', 'd & s', 'd - s', 'd ^ s', 'd - s'][op];
  const logic = op === 1 || op === 4 || op === 6;
  const kind = logic ? LAZY_LOGIC : op === 0 || op === 2 ? LAZY_ADD : LAZY_SUB;
  return native({
    reads: op === 2 || op === 3 ? CF : 0,
    writes: ALL_STATUS,
    faults: dst.memory || (source?.memory ?? false),
    writesMemory: dst.memory && op !== 7,
    code: (live) =>
      `${dst.setup}${source?.setup ?? ''} const d = ${dst.read(bits)}; const s = ${src}; const r = ${expr};` +
      (live ? ` cpu.setLazy(${kind}, ${logic ? '0, 0' : 'd, s'}, r, ${bits});` : '') +
      (op !== 7 ? ` ${dst.write(bits, `r & ${MASK[bits]}`)}` : ''),
  });
}

function incDec(decrement: boolean, bits: 8 | 16, dst: RmOperand): Native {
  return native({
    reads: CF,
    writes: ALL_STATUS & ~CF,
    faults: dst.memory,
    writesMemory: dst.memory,
    code: (live) =>
      `${dst.setup} const d = ${dst.read(bits)}; const r = d ${decrement ? '-' : '+'} 1;` +
      (live ? ` cpu.setLazyKeepCarry(${decrement ? LAZY_SUB : LAZY_ADD}, d, 1, r, ${bits});` : '') +
      ` ${dst.write(bits, `r & ${MASK[bits]}`)}`,
  });
}

function test(bits: 8 | 16, dst: RmOperand, src: string): Native {
  return native({
    writes: ALL_STATUS,
    faults: dst.memory,
    code: (live) => `${dst.setup} const v = ${dst.read(bits)} & ${src};` + (live ? ` cpu.setLazy(${LAZY_LOGIC}, 0, 0, v, ${bits});` : ''),
  });
}

function mov(bits: 8 | 16, dst: RmOperand, src: string): Native {
  return native({ faults: dst.memory, writesMemory: dst.memory, code: () => `${dst.setup} ${dst.write(bits, src)}` });
}

function load(bits: 8 | 16, reg: string, src: RmOperand): Native {
  return native({ faults: src.memory, code: () => `${src.setup} ${reg} = ${src.read(bits)};` });
}

/** Group 2 by a known count or CL through alu.ts's shift (its undefined-flag rules per model). */
function shiftBy(model: number, op: number, bits: 8 | 16, dst: RmOperand, count: string, byOne: boolean): Native | null {
  if (op === 6 && model === MODEL_8086) return null; // SETMO: left to the interpreter
  const rotate = op < 4;
  return native({
    // By one: rotates replace CF and OF (RCL/RCR read CF), shifts all six. A variable
    // count may be zero and then changes nothing, so it reads (passes on) every flag.
    reads: byOne ? (op === 2 || op === 3 ? CF : 0) : ALL_STATUS,
    writes: byOne ? (rotate ? CF | OF : ALL_STATUS) : 0,
    faults: dst.memory,
    writesMemory: dst.memory,
    code: () => `${dst.setup} const r = shift(cpu, ${op}, ${dst.read(bits)}, ${count}, ${bits}); ${dst.write(bits, 'r')}`,
  });
}

function group3(model: number, bits: 8 | 16, dst: RmOperand, op: number, imm: number): Native {
  switch (op) {
    case 0:
    case 1:
      return test(bits, dst, String(imm));
    case 2:
      return native({ faults: dst.memory, writesMemory: dst.memory, code: () => `${dst.setup} ${dst.write(bits, `~${dst.read(bits)} & ${MASK[bits]}`)}` });
    case 3:
      return native({
        writes: ALL_STATUS,
        faults: dst.memory,
        writesMemory: dst.memory,
        code: (live) =>
          `${dst.setup} const d = ${dst.read(bits)}; const r = 0 - d;` +
          (live ? ` cpu.setLazy(${LAZY_SUB}, 0, d, r, ${bits});` : '') +
          ` ${dst.write(bits, `r & ${MASK[bits]}`)}`,
      });
    case 4:
    case 5:
      // multiply() reads cpu.rep (the 8086's REP-negated product): this form has no prefix.
      return native({
        writes: ALL_STATUS,
        faults: dst.memory,
        code: () => `${dst.setup} cpu.rep = 0; multiply(cpu, ${op === 5}, ${dst.read(bits)}, ${bits});`,
      });
    default:
      return native({
        reads: ALL_STATUS,
        faults: true,
        needsNextIp: model === MODEL_8086,
        code: () => `${dst.setup} cpu.rep = 0; divide(cpu, ${op === 7}, ${dst.read(bits)}, ${bits});`,
      });
  }
}

const s8 = (v: number): number => (v << 24) >> 24;

/**
 * The native translation of the instruction whose opcode is at bytes[at] (16-bit
 * operand and address size, no REP/LOCK prefix, segment override `segment`), or null
 * to leave it to the interpreter. `ip`/`next` are its own and the next IP.
 */
export function translate(model: number, bytes: Uint8Array, at: number, segment: number, next: number): Native | null {
  const op = bytes[at];
  const rm = (): RmOperand => rmOperand(bytes, at + 1, segment);
  const regField = (bytes[at + 1] >> 3) & 7;
  const word = (i: number): number => bytes[i] | (bytes[i + 1] << 8);
  /** Index of the byte after the ModR/M operand (where an immediate starts). */
  const afterModrm = (): number => {
    const m = bytes[at + 1];
    const mod = m >> 6;
    if (mod === 3) return at + 2;
    if (mod === 0) return (m & 7) === 6 ? at + 4 : at + 2;
    return mod === 1 ? at + 3 : at + 4;
  };
  const register = (bits: 8 | 16, r: number): RmOperand => registerOperand(bits, r);

  if (op < 0x40 && (op & 7) < 6) {
    const aluOp = op >> 3;
    switch (op & 7) {
      case 0: return alu(aluOp, 8, rm(), reg8(regField));
      case 1: return alu(aluOp, 16, rm(), reg16(regField));
      case 2: return alu(aluOp, 8, register(8, regField), rm().read(8), rm());
      case 3: return alu(aluOp, 16, register(16, regField), rm().read(16), rm());
      case 4: return alu(aluOp, 8, register(8, 0), String(bytes[at + 1]));
      default: return alu(aluOp, 16, register(16, 0), String(word(at + 1)));
    }
  }
  if (op >= 0x40 && op <= 0x4f) return incDec(op >= 0x48, 16, register(16, op & 7));
  if (op >= 0x50 && op <= 0x57) {
    if (op === 0x54 && model === MODEL_8086) return null; // PUSH SP pushes the new SP on the 8086
    return native({ faults: true, writesMemory: true, code: () => `cpu.push16(${reg16(op & 7)});` });
  }
  if (op >= 0x58 && op <= 0x5f) return native({ faults: true, code: () => `const v = cpu.pop16(); ${reg16(op & 7)} = v;` });
  if (op >= 0x70 && op <= 0x7f) {
    const [expr, reads] = condition(op & 15);
    return native({ reads, code: () => '', control: { kind: 'jump', target: (next + s8(bytes[at + 1])) & 0xffff, condition: expr, before: '' } });
  }
  switch (op) {
    case 0x80:
    case 0x82:
      return alu(regField, 8, rm(), String(bytes[afterModrm()]));
    case 0x81:
      return alu(regField, 16, rm(), String(word(afterModrm())));
    case 0x83:
      return alu(regField, 16, rm(), String(s8(bytes[afterModrm()]) & 0xffff));
    case 0x84: return test(8, rm(), reg8(regField));
    case 0x85: return test(16, rm(), reg16(regField));
    case 0x86:
    case 0x87: {
      const operand = rm();
      if (operand.memory) return null;
      const a = operand.read(op === 0x86 ? 8 : 16);
      const b = op === 0x86 ? reg8(regField) : reg16(regField);
      return native({ code: () => `const t = ${a}; ${a} = ${b}; ${b} = t;` });
    }
    case 0x88: return mov(8, rm(), reg8(regField));
    case 0x89: return mov(16, rm(), reg16(regField));
    case 0x8a: return load(8, reg8(regField), rm());
    case 0x8b: return load(16, reg16(regField), rm());
    case 0x8d: {
      const operand = rm();
      if (!operand.memory) return null; // #UD on the 286+, odd on the 8086: the interpreter's business
      return native({ code: () => `${operand.setup} ${reg16(regField)} = ea;` });
    }
    case 0x90: return native({ code: () => '' });
    case 0x98: return native({ code: () => 'r16[0] = (r8[0] << 24) >> 24;' });
    case 0x99: return native({ code: () => 'r16[4] = r16[0] & 0x8000 ? 0xffff : 0;' });
    case 0xa0: case 0xa1: case 0xa2: case 0xa3: {
      const seg = segment >= 0 ? segment : 3;
      const address = word(at + 1);
      const bits = op & 1 ? 16 : 8;
      const acc = bits === 8 ? 'r8[0]' : 'r16[0]';
      if (op < 0xa2) return native({ faults: true, code: () => `${acc} = cpu.readMem${bits}(${seg}, ${address});` });
      return native({ faults: true, writesMemory: true, code: () => `cpu.writeMem${bits}(${seg}, ${address}, ${acc});` });
    }
    case 0xa8: return test(8, register(8, 0), String(bytes[at + 1]));
    case 0xa9: return test(16, register(16, 0), String(word(at + 1)));
    case 0xc3:
      return native({ faults: true, code: () => '', control: { kind: 'indirect', before: 'const target = cpu.pop16();' } });
    case 0xc6:
      if (regField !== 0) return null;
      return mov(8, rm(), String(bytes[afterModrm()]));
    case 0xc7:
      if (regField !== 0) return null;
      return mov(16, rm(), String(word(afterModrm())));
    case 0xd0:
    case 0xd1:
      return shiftBy(model, regField, op === 0xd0 ? 8 : 16, rm(), '1', true);
    case 0xd2:
    case 0xd3:
      return shiftBy(model, regField, op === 0xd2 ? 8 : 16, rm(), 'r8[4]', false);
    case 0xe2: case 0xe1: case 0xe0: {
      const target = (next + s8(bytes[at + 1])) & 0xffff;
      const zf = op === 0xe1 ? ' && cpu.getZF() !== 0' : op === 0xe0 ? ' && cpu.getZF() === 0' : '';
      return native({
        reads: op === 0xe2 ? 0 : ZF,
        code: () => '',
        control: { kind: 'jump', target, condition: `c !== 0${zf}`, before: 'const c = (r16[2] - 1) & 0xffff; r16[2] = c;' },
      });
    }
    case 0xe3:
      return native({ code: () => '', control: { kind: 'jump', target: (next + s8(bytes[at + 1])) & 0xffff, condition: 'r16[2] === 0', before: '' } });
    case 0xe8:
      return native({
        faults: true,
        writesMemory: true,
        code: () => '',
        control: { kind: 'jump', target: (next + word(at + 1)) & 0xffff, condition: null, before: `cpu.push16(${next});` },
      });
    case 0xe9:
      return native({ code: () => '', control: { kind: 'jump', target: (next + word(at + 1)) & 0xffff, condition: null, before: '' } });
    case 0xeb:
      return native({ code: () => '', control: { kind: 'jump', target: (next + s8(bytes[at + 1])) & 0xffff, condition: null, before: '' } });
    case 0xf6:
    case 0xf7: {
      const bits = op === 0xf6 ? 8 : 16;
      const i = afterModrm();
      return group3(model, bits, rm(), regField, bits === 8 ? bytes[i] : word(i));
    }
    case 0xfc: return native({ code: () => 'cpu.flags &= ~0x400;' });
    case 0xfd: return native({ code: () => 'cpu.flags |= 0x400;' });
    case 0xfe:
    case 0xff: {
      const bits = op === 0xfe ? 8 : 16;
      if (regField < 2) return incDec(regField === 1, bits, rm());
      if (op === 0xfe) return null;
      const operand = rm();
      // PUSH SP through r/m: the 8086 pushes the decremented SP (as opcode 54).
      if (regField === 6 && !operand.memory && model === MODEL_8086) return null;
      if (regField === 6) return native({ faults: true, writesMemory: true, code: () => `${operand.setup} cpu.push16(${operand.read(16)});` });
      if (regField === 2) {
        return native({
          faults: true,
          writesMemory: true,
          code: () => '',
          control: { kind: 'indirect', before: `${operand.setup} const target = ${operand.read(16)}; cpu.push16(${next});` },
        });
      }
      if (regField === 4) {
        return native({ faults: operand.memory, code: () => '', control: { kind: 'indirect', before: `${operand.setup} const target = ${operand.read(16)};` } });
      }
      return null;
    }
    default:
      if (op >= 0xb0 && op <= 0xb7) return native({ code: () => `${reg8(op & 7)} = ${bytes[at + 1]};` });
      if (op >= 0xb8 && op <= 0xbf) return native({ code: () => `${reg16(op & 7)} = ${word(at + 1)};` });
      if (op >= 0x91 && op <= 0x97) return native({ code: () => `const t = r16[0]; r16[0] = ${reg16(op & 7)}; ${reg16(op & 7)} = t;` });
      return null;
  }
}

/** A register as an r/m operand (the accumulator forms, an ALU's register destination). */
function registerOperand(bits: 8 | 16, r: number): RmOperand {
  const name = bits === 8 ? reg8(r) : reg16(r);
  return { memory: false, setup: '', read: () => name, write: (_bits, value) => `${name} = ${value};` };
}
