/**
 * Faster handlers for the instructions real-mode code runs most: the ALU forms with
 * a ModR/M byte (00-3B), INC/DEC/PUSH/POP of a 16-bit register, JZ/JNZ, MOV r/m
 * forms and shifts/rotates by one. Each looks at the common case first (16-bit
 * operand size, a register operand or a RAM word) and hands anything else to the
 * general handler it replaces (opcodes.ts), so the behaviour is that handler's:
 * only the route to it is shorter. Every instruction is defined in the SDM vol. 2;
 * the flag rules are those of alu.ts.
 */
import { arith, inc, dec, setAllOnes, shift } from './alu.js';
import { type Cpu, type Handler, MODEL_8086, REG8_INDEX, ESP, SS } from './cpu.js';
import { divide, multiply } from './muldiv.js';
import { group3Operation } from './opcodes.js';

/** ALU op (0-7: ADD OR ADC SBB AND SUB XOR CMP) on Ev,Gv (form 1) or Gv,Ev (form 3), 16-bit. */
function aluWord(op: number, toReg: boolean, general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const m = cpu.fetch8();
    const regs16 = cpu.regs16;
    const reg = ((m >> 3) & 7) << 1;
    if (m >= 0xc0) {
      const rm = (m & 7) << 1;
      if (toReg) {
        const r = arith(cpu, op, regs16[reg], regs16[rm], 16);
        if (op !== 7) regs16[reg] = r;
      } else {
        const r = arith(cpu, op, regs16[rm], regs16[reg], 16);
        if (op !== 7) regs16[rm] = r;
      }
      return;
    }
    cpu.decodeModrmFrom(m);
    const v = cpu.readMem16(cpu.eaSeg, cpu.eaOff);
    if (toReg) {
      const r = arith(cpu, op, regs16[reg], v, 16);
      if (op !== 7) regs16[reg] = r;
    } else {
      const r = arith(cpu, op, v, regs16[reg], 16);
      if (op !== 7) cpu.writeMem16(cpu.eaSeg, cpu.eaOff, r);
    }
  };
}

/** ALU op on Eb,Gb (form 0) or Gb,Eb (form 2). */
function aluByte(op: number, toReg: boolean): Handler {
  return (cpu) => {
    const m = cpu.fetch8();
    const regs8 = cpu.regs8;
    const reg = REG8_INDEX[(m >> 3) & 7];
    if (m >= 0xc0) {
      const rm = REG8_INDEX[m & 7];
      if (toReg) {
        const r = arith(cpu, op, regs8[reg], regs8[rm], 8);
        if (op !== 7) regs8[reg] = r;
      } else {
        const r = arith(cpu, op, regs8[rm], regs8[reg], 8);
        if (op !== 7) regs8[rm] = r;
      }
      return;
    }
    cpu.decodeModrmFrom(m);
    const v = cpu.readMem8(cpu.eaSeg, cpu.eaOff);
    if (toReg) {
      const r = arith(cpu, op, regs8[reg], v, 8);
      if (op !== 7) regs8[reg] = r;
    } else {
      const r = arith(cpu, op, v, regs8[reg], 8);
      if (op !== 7) cpu.writeMem8(cpu.eaSeg, cpu.eaOff, r);
    }
  };
}

/** MOV Ev,Gv (89) and MOV Gv,Ev (8B), 16-bit. */
function movWord(toReg: boolean, general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const m = cpu.fetch8();
    const regs16 = cpu.regs16;
    const reg = ((m >> 3) & 7) << 1;
    if (m >= 0xc0) {
      const rm = (m & 7) << 1;
      if (toReg) regs16[reg] = regs16[rm];
      else regs16[rm] = regs16[reg];
      return;
    }
    cpu.decodeModrmFrom(m);
    if (toReg) regs16[reg] = cpu.readMem16(cpu.eaSeg, cpu.eaOff);
    else cpu.writeMem16(cpu.eaSeg, cpu.eaOff, regs16[reg]);
  };
}

function incDecWord(r: number, decrement: boolean, general: Handler): Handler {
  const i = r << 1;
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const regs16 = cpu.regs16;
    regs16[i] = decrement ? dec(cpu, regs16[i], 16) : inc(cpu, regs16[i], 16);
  };
}

/** PUSH r16 (not SP: the 8086 pushes the decremented value) with a 16-bit stack. */
function pushWord(r: number, general: Handler): Handler {
  const i = r << 1;
  return (cpu) => {
    if (cpu.opSize32 || cpu.stackBig) {
      general(cpu);
      return;
    }
    const regs16 = cpu.regs16;
    const sp = (regs16[ESP << 1] - 2) & 0xffff;
    cpu.writeMem16(SS, sp, regs16[i]);
    regs16[ESP << 1] = sp;
  };
}

function popWord(r: number, general: Handler): Handler {
  const i = r << 1;
  return (cpu) => {
    if (cpu.opSize32 || cpu.stackBig) {
      general(cpu);
      return;
    }
    const regs16 = cpu.regs16;
    const sp = regs16[ESP << 1];
    const v = cpu.readMem16(SS, sp);
    regs16[ESP << 1] = sp + 2;
    regs16[i] = v;
  };
}

/** JZ (74) / JNZ (75) rel8 in 16-bit code. */
function jumpIfZero(whenZero: boolean, general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const rel = (cpu.fetch8() << 24) >> 24;
    if ((cpu.getZF() !== 0) === whenZero) cpu.eip = (cpu.eip + rel) & 0xffff;
  };
}

/** Group 1 with a word operand: 81 (imm16) or 83 (imm8 sign-extended). */
function group1Word(imm8: boolean, general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const m = cpu.fetch8();
    const op = (m >> 3) & 7;
    const regs16 = cpu.regs16;
    if (m >= 0xc0) {
      const rm = (m & 7) << 1;
      const s = imm8 ? ((cpu.fetch8() << 24) >> 24) & 0xffff : cpu.fetch16();
      const r = arith(cpu, op, regs16[rm], s, 16);
      if (op !== 7) regs16[rm] = r;
      return;
    }
    cpu.decodeModrmFrom(m);
    // The operand is read before the immediate is fetched, as in the general handler.
    const d = cpu.readMem16(cpu.eaSeg, cpu.eaOff);
    const s = imm8 ? ((cpu.fetch8() << 24) >> 24) & 0xffff : cpu.fetch16();
    const r = arith(cpu, op, d, s, 16);
    if (op !== 7) cpu.writeMem16(cpu.eaSeg, cpu.eaOff, r);
  };
}

/** Group 2 by one (D1) with a 16-bit operand; 32-bit goes the general way. */
function shiftWordByOne(general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const m = cpu.fetch8();
    const op = (m >> 3) & 7;
    if (m >= 0xc0 && op !== 6) {
      const rm = (m & 7) << 1;
      cpu.regs16[rm] = shift(cpu, op, cpu.regs16[rm], 1, 16);
      return;
    }
    cpu.decodeModrmFrom(m);
    const v = cpu.readRm16();
    // 8086 /6 is SETMO (the operand becomes all ones); later models decode /6 as SAL.
    if (op === 6 && cpu.model === MODEL_8086) cpu.writeRm16(setAllOnes(cpu, 16));
    else cpu.writeRm16(shift(cpu, op, v, 1, 16));
  };
}

/** MOV Eb,Gb (88) and MOV Gb,Eb (8A). */
function movByte(toReg: boolean): Handler {
  return (cpu) => {
    const m = cpu.fetch8();
    const regs8 = cpu.regs8;
    const reg = REG8_INDEX[(m >> 3) & 7];
    if (m >= 0xc0) {
      const rm = REG8_INDEX[m & 7];
      if (toReg) regs8[reg] = regs8[rm];
      else regs8[rm] = regs8[reg];
      return;
    }
    cpu.decodeModrmFrom(m);
    if (toReg) regs8[reg] = cpu.readMem8(cpu.eaSeg, cpu.eaOff);
    else cpu.writeMem8(cpu.eaSeg, cpu.eaOff, regs8[reg]);
  };
}

/** TEST Ev,Gv (85) with a 16-bit register pair: flags as AND, nothing written. */
function testWord(general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const m = cpu.fetch8();
    const regs16 = cpu.regs16;
    const s = regs16[((m >> 3) & 7) << 1];
    const d = m >= 0xc0 ? regs16[(m & 7) << 1] : (cpu.decodeModrmFrom(m), cpu.readMem16(cpu.eaSeg, cpu.eaOff));
    arith(cpu, 4, d, s, 16);
  };
}

/** JMP rel8 (EB) in 16-bit code. */
function jumpShort(general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const rel = (cpu.fetch8() << 24) >> 24;
    cpu.eip = (cpu.eip + rel) & 0xffff;
  };
}

/** CALL rel16 (E8) with 16-bit operands and stack: push IP, then jump. */
function callNear(general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32 || cpu.stackBig) {
      general(cpu);
      return;
    }
    const rel = cpu.fetch16();
    const regs16 = cpu.regs16;
    const sp = (regs16[ESP << 1] - 2) & 0xffff;
    const ip = cpu.eip;
    cpu.writeMem16(SS, sp, ip);
    regs16[ESP << 1] = sp;
    cpu.eip = (ip + rel) & 0xffff;
  };
}

/** RET (C3) with 16-bit operands and stack. */
function returnNear(general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32 || cpu.stackBig) {
      general(cpu);
      return;
    }
    const regs16 = cpu.regs16;
    const sp = regs16[ESP << 1];
    const ip = cpu.readMem16(SS, sp);
    regs16[ESP << 1] = sp + 2;
    cpu.eip = ip;
  };
}

/** Group 3 (F7) MUL/IMUL/DIV/IDIV of a 16-bit register; the rest as in opcodes.ts after the ModR/M byte. */
function group3Word(general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const m = cpu.fetch8();
    const op = (m >> 3) & 7;
    if (m >= 0xc0 && op >= 4) {
      const v = cpu.regs16[(m & 7) << 1];
      if (op < 6) multiply(cpu, op === 5, v, 16);
      else divide(cpu, op === 7, v, 16);
      return;
    }
    cpu.decodeModrmFrom(m);
    group3Operation(cpu, false);
  };
}

/** ALU op on AX,Iv (form 5) with a 16-bit operand, and on AL,Ib (form 4). */
function aluAccumulatorWord(op: number, general: Handler): Handler {
  return (cpu) => {
    if (cpu.opSize32) {
      general(cpu);
      return;
    }
    const r = arith(cpu, op, cpu.regs16[0], cpu.fetch16(), 16);
    if (op !== 7) cpu.regs16[0] = r;
  };
}

function aluAccumulatorByte(op: number): Handler {
  return (cpu) => {
    const r = arith(cpu, op, cpu.regs8[0], cpu.fetch8(), 8);
    if (op !== 7) cpu.regs8[0] = r;
  };
}

/** Replaces the hot handlers of a table built by buildTable (before the 8086's aliases are copied). */
export function installFastPaths(t: Handler[]): void {
  for (let op = 0; op < 8; op++) {
    const base = op << 3;
    t[base] = aluByte(op, false);
    t[base + 1] = aluWord(op, false, t[base + 1]);
    t[base + 2] = aluByte(op, true);
    t[base + 3] = aluWord(op, true, t[base + 3]);
    t[base + 4] = aluAccumulatorByte(op);
    t[base + 5] = aluAccumulatorWord(op, t[base + 5]);
  }
  for (let r = 0; r < 8; r++) {
    t[0x40 + r] = incDecWord(r, false, t[0x40 + r]);
    t[0x48 + r] = incDecWord(r, true, t[0x48 + r]);
    if (r !== ESP) {
      t[0x50 + r] = pushWord(r, t[0x50 + r]);
      t[0x58 + r] = popWord(r, t[0x58 + r]);
    }
  }
  t[0x74] = jumpIfZero(true, t[0x74]);
  t[0x75] = jumpIfZero(false, t[0x75]);
  t[0x81] = group1Word(false, t[0x81]);
  t[0x83] = group1Word(true, t[0x83]);
  t[0xd1] = shiftWordByOne(t[0xd1]);
  t[0xf7] = group3Word(t[0xf7]);
  t[0x85] = testWord(t[0x85]);
  t[0x88] = movByte(false);
  t[0x8a] = movByte(true);
  t[0xe8] = callNear(t[0xe8]);
  t[0xeb] = jumpShort(t[0xeb]);
  t[0xc3] = returnNear(t[0xc3]);
  t[0x89] = movWord(false, t[0x89]);
  t[0x8b] = movWord(true, t[0x8b]);
}
