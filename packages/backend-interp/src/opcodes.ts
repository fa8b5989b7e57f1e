/**
 * The one-byte opcode map (SDM vol. 2 Appendix A, table A-2; 8086 family user's
 * manual for the 8086's aliases), built once per CPU model as an array of 512
 * handlers: 0x000-0x0FF one-byte opcodes, 0x100-0x1FF the 0F map (opcodes-0f.ts).
 */
import { ALU_OPERATIONS, arith, dec, inc, maskOf, neg, setAllOnes, shift, szp } from './alu.js';
import {
  type Cpu, type Handler, CS, DS, EAX, EBP, EBX, ECX, EDI, EDX, ES, ESI, ESP, EXIT_HLT, EXIT_IO,
  MODEL_286, MODEL_386, MODEL_8086, PENDING_IN_REG, SS,
} from './cpu.js';
import { AF, CF, DF, IF, LAZY_LOGIC, OF, PF, SF, ZF } from './flags.js';
import { divide, multiply } from './muldiv.js';
import { CMPS, INS, LODS, MOVS, OUTS, SCAS, STOS, stringOp } from './strings.js';
import { bcd } from './bcd.js';
import { escape } from './x87.js';
import { build0F } from './opcodes-0f.js';

/** Reads the r/m operand of the current size: 8 when `byte`, else 16/32 by operand size. */
function readRm(cpu: Cpu, byte: boolean): number {
  return byte ? cpu.readRm8() : cpu.readRmV();
}
function writeRm(cpu: Cpu, byte: boolean, v: number): void {
  if (byte) cpu.writeRm8(v);
  else cpu.writeRmV(v);
}
function getReg(cpu: Cpu, byte: boolean, r: number): number {
  return byte ? cpu.getReg8(r) : cpu.getRegV(r);
}
function setReg(cpu: Cpu, byte: boolean, r: number, v: number): void {
  if (byte) cpu.setReg8(r, v);
  else cpu.setRegV(r, v);
}
function bitsOf(cpu: Cpu, byte: boolean): number {
  return byte ? 8 : cpu.opSize32 ? 32 : 16;
}

/** #UD on 286+; the 8086 has no invalid opcodes (its table uses aliases instead). */
const invalid: Handler = (cpu) => cpu.undefinedOpcode();

/** ALU ops 00-3F: form 0 Eb,Gb 1 Ev,Gv 2 Gb,Eb 3 Gv,Ev 4 AL,Ib 5 eAX,Iv. */
function aluHandler(op: number, form: number): Handler {
  const byte = (form & 1) === 0;
  const arith = ALU_OPERATIONS[op];
  switch (form) {
    case 0:
    case 1:
      return (cpu) => {
        cpu.decodeModrm();
        const bits = bitsOf(cpu, byte);
        const r = arith(cpu, readRm(cpu, byte), getReg(cpu, byte, cpu.modReg), bits);
        if (op !== 7) writeRm(cpu, byte, r);
      };
    case 2:
    case 3:
      return (cpu) => {
        cpu.decodeModrm();
        const bits = bitsOf(cpu, byte);
        const r = arith(cpu, getReg(cpu, byte, cpu.modReg), readRm(cpu, byte), bits);
        if (op !== 7) setReg(cpu, byte, cpu.modReg, r);
      };
    case 4:
      return (cpu) => {
        const r = arith(cpu, cpu.regs8[0], cpu.fetch8(), 8);
        if (op !== 7) cpu.regs8[0] = r;
      };
    default:
      return (cpu) => {
        const bits = cpu.opSize32 ? 32 : 16;
        const r = arith(cpu, cpu.getRegV(EAX), cpu.fetchImm(), bits);
        if (op !== 7) cpu.setRegV(EAX, r);
      };
  }
}

function pushSeg(seg: number): Handler {
  return (cpu) => cpu.pushV(cpu.segSel[seg]);
}

function popSeg(seg: number): Handler {
  return (cpu) => {
    const v = cpu.popV() & 0xffff;
    cpu.loadSeg(seg, v);
    // MOV SS / POP SS hold off interrupts for one instruction so SS:SP can be set together.
    if (seg === SS) cpu.shadow = true;
  };
}

function jcc(cc: number): Handler {
  return (cpu) => {
    const rel = cpu.fetchS8();
    if (cpu.condition(cc)) cpu.jumpNear(cpu.eip + rel);
  };
}

/** Group 1 (80-83): ALU op from the reg field with an immediate. */
function group1(byte: boolean, signExtendedImm8: boolean): Handler {
  return (cpu) => {
    cpu.decodeModrm();
    const bits = bitsOf(cpu, byte);
    const d = readRm(cpu, byte);
    let s: number;
    if (byte) s = cpu.fetch8();
    else if (signExtendedImm8) s = cpu.fetchS8() & maskOf(bits);
    else s = cpu.fetchImm();
    const op = cpu.modReg;
    const r = arith(cpu, op, d, s, bits);
    if (op !== 7) writeRm(cpu, byte, r);
  };
}

/** Group 2 (C0 C1 D0-D3): shift/rotate by 1, CL or imm8. */
function group2(byte: boolean, countKind: 'one' | 'cl' | 'imm'): Handler {
  return (cpu) => {
    cpu.decodeModrm();
    const bits = bitsOf(cpu, byte);
    const v = readRm(cpu, byte);
    const count = countKind === 'one' ? 1 : countKind === 'cl' ? cpu.regs8[4] : cpu.fetch8();
    const op = cpu.modReg;
    if (op === 6 && cpu.model === MODEL_8086) {
      // SETMO/SETMOC: with a count of zero (CL form) nothing happens.
      if (count !== 0) writeRm(cpu, byte, setAllOnes(cpu, bits));
      return;
    }
    const r = shift(cpu, op, v, count, bits);
    if (count !== 0 || cpu.model === MODEL_8086) writeRm(cpu, byte, r);
  };
}

/** Group 3 (F6 F7): TEST NOT NEG MUL IMUL DIV IDIV. */
function group3(byte: boolean): Handler {
  return (cpu) => {
    cpu.decodeModrm();
    group3Operation(cpu, byte);
  };
}

/** Group 3 (F6/F7) after its ModR/M byte was decoded. */
function group3Operation(cpu: Cpu, byte: boolean): void {
  const bits = bitsOf(cpu, byte);
  const op = cpu.modReg;
  switch (op) {
    case 0:
    case 1: {
      // /1 is an undocumented alias of TEST.
      const v = readRm(cpu, byte);
      const imm = byte ? cpu.fetch8() : cpu.fetchImm();
      cpu.setLazy(LAZY_LOGIC, 0, 0, v & imm, bits);
      return;
    }
    case 2:
      writeRm(cpu, byte, ~readRm(cpu, byte) & maskOf(bits));
      return;
    case 3:
      writeRm(cpu, byte, neg(cpu, readRm(cpu, byte), bits));
      return;
    case 4:
    case 5:
      multiply(cpu, op === 5, readRm(cpu, byte), bits);
      return;
    default:
      divide(cpu, op === 7, readRm(cpu, byte), bits);
      return;
  }
}

function pushSp(cpu: Cpu): void {
  if (cpu.model === MODEL_8086) {
    // The 8086 decrements SP first and pushes the new value (80286 manual, appendix "8086 compatibility").
    const sp = (cpu.regs16[ESP << 1] - 2) & 0xffff;
    cpu.writeMem16(SS, sp, sp);
    cpu.regs16[ESP << 1] = sp;
    return;
  }
  cpu.pushV(cpu.getRegV(ESP));
}

function far(cpu: Cpu, call: boolean, selector: number, offset: number): void {
  if (call) {
    cpu.pushV(cpu.segSel[CS]);
    cpu.pushV(cpu.eip);
  }
  cpu.jumpFar(selector, offset);
}

/** Loads a far pointer from memory (LES LDS LSS LFS LGS, CALL/JMP far m16:16). */
export function loadFarPointer(cpu: Cpu, seg: number): void {
  cpu.decodeModrm();
  // Register operand: #UD on 286+; the 8086 reads at the address it computed last.
  if (!cpu.modIsMem && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
  const off = cpu.opSize32 ? cpu.readMem32(cpu.eaSeg, cpu.eaOff) : cpu.readMem16(cpu.eaSeg, cpu.eaOff);
  const sel = cpu.readMem16(cpu.eaSeg, (cpu.eaOff + (cpu.opSize32 ? 4 : 2)) & (cpu.addrSize32 ? 0xffffffff : 0xffff));
  cpu.setRegV(cpu.modReg, off);
  cpu.loadSeg(seg, sel);
  if (seg === SS) cpu.shadow = true;
}

function segRegOperand(cpu: Cpu, forWrite: boolean): number {
  let seg = cpu.modReg;
  if (cpu.model === MODEL_8086) return seg & 3;
  if (seg > (cpu.model === MODEL_286 ? 3 : 5) || (forWrite && seg === CS)) cpu.undefinedOpcode();
  return seg;
}

function inOut(cpu: Cpu, out: boolean, port: number, size: 1 | 2 | 4): void {
  cpu.exitRequest = EXIT_IO;
  cpu.ioDirectionOut = out;
  cpu.ioPort = port;
  cpu.ioSize = size;
  if (out) cpu.ioValue = size === 1 ? cpu.regs8[0] : size === 2 ? cpu.regs16[0] : cpu.regs[EAX];
  else cpu.awaitInput(PENDING_IN_REG);
}

function loopCount(cpu: Cpu): number {
  if (cpu.addrSize32) return (cpu.regs[ECX] = cpu.regs[ECX] - 1);
  return (cpu.regs16[ECX << 1] = cpu.regs16[ECX << 1] - 1);
}

function farReturn(cpu: Cpu, release: number): void {
  const ip = cpu.popV();
  const cs = cpu.popV() & 0xffff;
  cpu.jumpFar(cs, ip);
  cpu.adjustSp(release);
}

export function buildTable(model: number): Handler[] {
  const t: Handler[] = new Array<Handler>(512).fill(invalid);

  for (let op = 0; op < 8; op++) for (let form = 0; form < 6; form++) t[(op << 3) | form] = aluHandler(op, form);
  t[0x06] = pushSeg(ES); t[0x07] = popSeg(ES);
  t[0x0e] = pushSeg(CS);
  t[0x16] = pushSeg(SS); t[0x17] = popSeg(SS);
  t[0x1e] = pushSeg(DS); t[0x1f] = popSeg(DS);
  t[0x27] = (cpu) => bcd(cpu, 0x27);
  t[0x2f] = (cpu) => bcd(cpu, 0x2f);
  t[0x37] = (cpu) => bcd(cpu, 0x37);
  t[0x3f] = (cpu) => bcd(cpu, 0x3f);
  if (model === MODEL_8086) {
    // POP CS: only the 8086 has it (0F is the two-byte escape from the 286 on).
    t[0x0f] = popSeg(CS);
  } else {
    t[0x0f] = (cpu) => cpu.table[0x100 | cpu.fetch8()](cpu);
  }

  for (let r = 0; r < 8; r++) {
    t[0x40 + r] = (cpu) => cpu.setRegV(r, inc(cpu, cpu.getRegV(r), cpu.opSize32 ? 32 : 16));
    t[0x48 + r] = (cpu) => cpu.setRegV(r, dec(cpu, cpu.getRegV(r), cpu.opSize32 ? 32 : 16));
    t[0x50 + r] = r === ESP ? pushSp : (cpu) => cpu.pushV(cpu.getRegV(r));
    t[0x58 + r] = (cpu) => {
      const v = cpu.popV();
      cpu.setRegV(r, v);
    };
  }

  // 186/286 additions.
  t[0x60] = (cpu) => {
    const sp = cpu.getRegV(ESP);
    for (let r = 0; r < 8; r++) cpu.pushV(r === ESP ? sp : cpu.getRegV(r));
  };
  t[0x61] = (cpu) => {
    for (let r = 7; r >= 0; r--) {
      const v = cpu.popV();
      if (r !== ESP) cpu.setRegV(r, v);
    }
  };
  t[0x62] = (cpu) => {
    // BOUND (SDM vol. 2): #BR (5) when the signed index is outside [lower, upper].
    cpu.decodeModrm();
    if (!cpu.modIsMem) cpu.undefinedOpcode();
    const bits = cpu.opSize32 ? 32 : 16;
    const sx = (v: number): number => (bits === 32 ? v | 0 : (v << 16) >> 16);
    const index = sx(cpu.getRegV(cpu.modReg));
    const size = bits >> 3;
    const lower = sx(cpu.opSize32 ? cpu.readMem32(cpu.eaSeg, cpu.eaOff) : cpu.readMem16(cpu.eaSeg, cpu.eaOff));
    const upperOff = (cpu.eaOff + size) & (cpu.addrSize32 ? 0xffffffff : 0xffff);
    const upper = sx(cpu.opSize32 ? cpu.readMem32(cpu.eaSeg, upperOff) : cpu.readMem16(cpu.eaSeg, upperOff));
    if (index < lower || index > upper) cpu.fault(5);
  };
  t[0x68] = (cpu) => cpu.pushV(cpu.fetchImm());
  t[0x6a] = (cpu) => cpu.pushV(cpu.fetchS8());
  t[0x69] = (cpu) => imul3(cpu, false);
  t[0x6b] = (cpu) => imul3(cpu, true);
  t[0x6c] = (cpu) => stringOp(cpu, INS, 1);
  t[0x6d] = (cpu) => stringOp(cpu, INS, cpu.opSize32 ? 4 : 2);
  t[0x6e] = (cpu) => stringOp(cpu, OUTS, 1);
  t[0x6f] = (cpu) => stringOp(cpu, OUTS, cpu.opSize32 ? 4 : 2);

  for (let cc = 0; cc < 16; cc++) t[0x70 + cc] = jcc(cc);

  t[0x80] = group1(true, false);
  t[0x81] = group1(false, false);
  t[0x82] = group1(true, false);
  t[0x83] = group1(false, true);
  t[0x84] = (cpu) => {
    cpu.decodeModrm();
    cpu.setLazy(LAZY_LOGIC, 0, 0, cpu.readRm8() & cpu.getReg8(cpu.modReg), 8);
  };
  t[0x85] = (cpu) => {
    cpu.decodeModrm();
    cpu.setLazy(LAZY_LOGIC, 0, 0, cpu.readRmV() & cpu.getRegV(cpu.modReg), cpu.opSize32 ? 32 : 16);
  };
  t[0x86] = (cpu) => {
    cpu.decodeModrm();
    const a = cpu.readRm8();
    cpu.writeRm8(cpu.getReg8(cpu.modReg));
    cpu.setReg8(cpu.modReg, a);
  };
  t[0x87] = (cpu) => {
    cpu.decodeModrm();
    const a = cpu.readRmV();
    cpu.writeRmV(cpu.getRegV(cpu.modReg));
    cpu.setRegV(cpu.modReg, a);
  };
  t[0x88] = (cpu) => {
    cpu.decodeModrm();
    cpu.writeRm8(cpu.getReg8(cpu.modReg));
  };
  t[0x89] = (cpu) => {
    cpu.decodeModrm();
    cpu.writeRmV(cpu.getRegV(cpu.modReg));
  };
  t[0x8a] = (cpu) => {
    cpu.decodeModrm();
    cpu.setReg8(cpu.modReg, cpu.readRm8());
  };
  t[0x8b] = (cpu) => {
    cpu.decodeModrm();
    cpu.setRegV(cpu.modReg, cpu.readRmV());
  };
  t[0x8c] = (cpu) => {
    cpu.decodeModrm();
    const v = cpu.segSel[segRegOperand(cpu, false)];
    // To a register with a 32-bit operand the selector is zero-extended (386+).
    if (cpu.modIsMem) cpu.writeMem16(cpu.eaSeg, cpu.eaOff, v);
    else cpu.setRegV(cpu.modRm, v);
  };
  t[0x8d] = (cpu) => {
    cpu.decodeModrm();
    // With a register operand the 286+ raise #UD; the 8086 stores the address it
    // computed last (its EA register is not updated by a register operand).
    if (!cpu.modIsMem && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
    cpu.setRegV(cpu.modReg, cpu.eaOff);
  };
  t[0x8e] = (cpu) => {
    cpu.decodeModrm();
    const seg = segRegOperand(cpu, true);
    cpu.loadSeg(seg, cpu.readRm16());
    if (seg === SS) cpu.shadow = true;
  };
  t[0x8f] = (cpu) => {
    cpu.decodeModrm();
    if (cpu.modReg !== 0 && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
    // POP r/m computes the address after incrementing SP (SDM vol. 2 "POP"): pop first.
    const v = cpu.popV();
    cpu.writeRmV(v);
  };

  t[0x90] = () => {};
  for (let r = 1; r < 8; r++) {
    t[0x90 + r] = (cpu) => {
      const a = cpu.getRegV(EAX);
      cpu.setRegV(EAX, cpu.getRegV(r));
      cpu.setRegV(r, a);
    };
  }
  t[0x98] = (cpu) => {
    if (cpu.opSize32) cpu.regs[EAX] = (cpu.regs16[0] << 16) >> 16;
    else cpu.regs16[0] = (cpu.regs8[0] << 24) >> 24;
  };
  t[0x99] = (cpu) => {
    if (cpu.opSize32) cpu.regs[EDX] = cpu.regs[EAX] & 0x80000000 ? 0xffffffff : 0;
    else cpu.regs16[EDX << 1] = cpu.regs16[0] & 0x8000 ? 0xffff : 0;
  };
  t[0x9a] = (cpu) => {
    const off = cpu.fetchImm();
    const sel = cpu.fetch16();
    far(cpu, true, sel, off);
  };
  t[0x9b] = () => {}; // WAIT: no coprocessor to wait for.
  t[0x9c] = (cpu) => {
    const f = cpu.readFlags();
    // PUSHFD clears VM and RF in the image (SDM vol. 2 "PUSHF").
    if (cpu.opSize32) cpu.push32(f & 0x00fcffff);
    else cpu.push16(f);
  };
  t[0x9d] = (cpu) => {
    if (cpu.opSize32) cpu.writeFlags(cpu.pop32(), true);
    else cpu.writeFlags(cpu.pop16(), false);
  };
  t[0x9e] = (cpu) => {
    const f = cpu.materializeFlags();
    cpu.flags = (f & ~(SF | ZF | AF | PF | CF)) | (cpu.regs8[1] & (SF | ZF | AF | PF | CF));
  };
  t[0x9f] = (cpu) => {
    cpu.regs8[1] = cpu.readFlags() & 0xff;
  };

  const moffs = (cpu: Cpu): number => (cpu.addrSize32 ? cpu.fetch32() : cpu.fetch16());
  t[0xa0] = (cpu) => {
    cpu.regs8[0] = cpu.readMem8(cpu.dataSeg(), moffs(cpu));
  };
  t[0xa1] = (cpu) => {
    const off = moffs(cpu);
    cpu.setRegV(EAX, cpu.opSize32 ? cpu.readMem32(cpu.dataSeg(), off) : cpu.readMem16(cpu.dataSeg(), off));
  };
  t[0xa2] = (cpu) => cpu.writeMem8(cpu.dataSeg(), moffs(cpu), cpu.regs8[0]);
  t[0xa3] = (cpu) => {
    const off = moffs(cpu);
    if (cpu.opSize32) cpu.writeMem32(cpu.dataSeg(), off, cpu.regs[EAX]);
    else cpu.writeMem16(cpu.dataSeg(), off, cpu.regs16[0]);
  };
  const vsize = (cpu: Cpu): number => (cpu.opSize32 ? 4 : 2);
  t[0xa4] = (cpu) => stringOp(cpu, MOVS, 1);
  t[0xa5] = (cpu) => stringOp(cpu, MOVS, vsize(cpu));
  t[0xa6] = (cpu) => stringOp(cpu, CMPS, 1);
  t[0xa7] = (cpu) => stringOp(cpu, CMPS, vsize(cpu));
  t[0xa8] = (cpu) => cpu.setLazy(LAZY_LOGIC, 0, 0, cpu.regs8[0] & cpu.fetch8(), 8);
  t[0xa9] = (cpu) => cpu.setLazy(LAZY_LOGIC, 0, 0, cpu.getRegV(EAX) & cpu.fetchImm(), cpu.opSize32 ? 32 : 16);
  t[0xaa] = (cpu) => stringOp(cpu, STOS, 1);
  t[0xab] = (cpu) => stringOp(cpu, STOS, vsize(cpu));
  t[0xac] = (cpu) => stringOp(cpu, LODS, 1);
  t[0xad] = (cpu) => stringOp(cpu, LODS, vsize(cpu));
  t[0xae] = (cpu) => stringOp(cpu, SCAS, 1);
  t[0xaf] = (cpu) => stringOp(cpu, SCAS, vsize(cpu));

  for (let r = 0; r < 8; r++) {
    t[0xb0 + r] = (cpu) => cpu.setReg8(r, cpu.fetch8());
    t[0xb8 + r] = (cpu) => cpu.setRegV(r, cpu.fetchImm());
  }

  t[0xc0] = group2(true, 'imm');
  t[0xc1] = group2(false, 'imm');
  t[0xc2] = (cpu) => {
    const release = cpu.fetch16();
    cpu.jumpNear(cpu.popV());
    cpu.adjustSp(release);
  };
  t[0xc3] = (cpu) => cpu.jumpNear(cpu.popV());
  t[0xc4] = (cpu) => loadFarPointer(cpu, ES);
  t[0xc5] = (cpu) => loadFarPointer(cpu, DS);
  t[0xc6] = (cpu) => {
    cpu.decodeModrm();
    if (cpu.modReg !== 0 && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
    cpu.writeRm8(cpu.fetch8());
  };
  t[0xc7] = (cpu) => {
    cpu.decodeModrm();
    if (cpu.modReg !== 0 && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
    cpu.writeRmV(cpu.fetchImm());
  };
  t[0xc8] = enter;
  t[0xc9] = (cpu) => {
    // LEAVE: (E)SP = (E)BP, then pop (E)BP; a faulting read leaves SP as it was.
    const frame = cpu.stackBig ? cpu.regs[EBP] : cpu.regs16[EBP << 1];
    const v = cpu.opSize32 ? cpu.readMem32(SS, frame) : cpu.readMem16(SS, frame);
    if (cpu.stackBig) cpu.regs[ESP] = frame + (cpu.opSize32 ? 4 : 2);
    else cpu.regs16[ESP << 1] = frame + (cpu.opSize32 ? 4 : 2);
    cpu.setRegV(EBP, v);
  };
  t[0xca] = (cpu) => farReturn(cpu, cpu.fetch16());
  t[0xcb] = (cpu) => farReturn(cpu, 0);
  t[0xcc] = (cpu) => cpu.interrupt(3);
  t[0xcd] = (cpu) => cpu.interrupt(cpu.fetch8());
  t[0xce] = (cpu) => {
    if (cpu.getOF() !== 0) cpu.interrupt(4);
  };
  t[0xcf] = (cpu) => {
    const ip = cpu.popV();
    const cs = cpu.popV() & 0xffff;
    const f = cpu.popV();
    cpu.jumpFar(cs, ip);
    cpu.writeFlags(f, cpu.opSize32);
  };

  t[0xd0] = group2(true, 'one');
  t[0xd1] = group2(false, 'one');
  t[0xd2] = group2(true, 'cl');
  t[0xd3] = group2(false, 'cl');
  t[0xd4] = (cpu) => bcd(cpu, 0xd4);
  t[0xd5] = (cpu) => bcd(cpu, 0xd5);
  // SALC (undocumented on every model): AL = CF ? FF : 00.
  t[0xd6] = (cpu) => {
    cpu.regs8[0] = cpu.getCF() ? 0xff : 0;
  };
  t[0xd7] = (cpu) => {
    const off = cpu.addrSize32 ? (cpu.regs[EBX] + cpu.regs8[0]) >>> 0 : (cpu.regs16[EBX << 1] + cpu.regs8[0]) & 0xffff;
    cpu.regs8[0] = cpu.readMem8(cpu.dataSeg(), off);
  };
  for (let op = 0xd8; op <= 0xdf; op++) t[op] = (cpu) => escape(cpu, op);

  t[0xe0] = (cpu) => {
    const rel = cpu.fetchS8();
    if (loopCount(cpu) !== 0 && cpu.getZF() === 0) cpu.jumpNear(cpu.eip + rel);
  };
  t[0xe1] = (cpu) => {
    const rel = cpu.fetchS8();
    if (loopCount(cpu) !== 0 && cpu.getZF() !== 0) cpu.jumpNear(cpu.eip + rel);
  };
  t[0xe2] = (cpu) => {
    const rel = cpu.fetchS8();
    if (loopCount(cpu) !== 0) cpu.jumpNear(cpu.eip + rel);
  };
  t[0xe3] = (cpu) => {
    const rel = cpu.fetchS8();
    const count = cpu.addrSize32 ? cpu.regs[ECX] : cpu.regs16[ECX << 1];
    if (count === 0) cpu.jumpNear(cpu.eip + rel);
  };
  t[0xe4] = (cpu) => inOut(cpu, false, cpu.fetch8(), 1);
  t[0xe5] = (cpu) => inOut(cpu, false, cpu.fetch8(), cpu.opSize32 ? 4 : 2);
  t[0xe6] = (cpu) => inOut(cpu, true, cpu.fetch8(), 1);
  t[0xe7] = (cpu) => inOut(cpu, true, cpu.fetch8(), cpu.opSize32 ? 4 : 2);
  t[0xe8] = (cpu) => {
    const rel = cpu.fetchImm();
    cpu.pushV(cpu.eip);
    cpu.jumpNear(cpu.eip + rel);
  };
  t[0xe9] = (cpu) => {
    const rel = cpu.fetchImm();
    cpu.jumpNear(cpu.eip + rel);
  };
  t[0xea] = (cpu) => {
    const off = cpu.fetchImm();
    const sel = cpu.fetch16();
    far(cpu, false, sel, off);
  };
  t[0xeb] = (cpu) => {
    const rel = cpu.fetchS8();
    cpu.jumpNear(cpu.eip + rel);
  };
  t[0xec] = (cpu) => inOut(cpu, false, cpu.regs16[EDX << 1], 1);
  t[0xed] = (cpu) => inOut(cpu, false, cpu.regs16[EDX << 1], cpu.opSize32 ? 4 : 2);
  t[0xee] = (cpu) => inOut(cpu, true, cpu.regs16[EDX << 1], 1);
  t[0xef] = (cpu) => inOut(cpu, true, cpu.regs16[EDX << 1], cpu.opSize32 ? 4 : 2);

  t[0xf4] = (cpu) => {
    cpu.halted = true;
    cpu.exitRequest = EXIT_HLT;
  };
  t[0xf5] = (cpu) => {
    cpu.materializeFlags();
    cpu.flags ^= CF;
  };
  t[0xf6] = group3(true);
  t[0xf7] = group3(false);
  t[0xf8] = (cpu) => {
    cpu.materializeFlags();
    cpu.flags &= ~CF;
  };
  t[0xf9] = (cpu) => {
    cpu.materializeFlags();
    cpu.flags |= CF;
  };
  t[0xfa] = (cpu) => {
    cpu.flags &= ~IF;
  };
  t[0xfb] = (cpu) => {
    // STI enables interrupts after the next instruction (SDM vol. 2 "STI").
    if ((cpu.flags & IF) === 0) cpu.shadow = true;
    cpu.flags |= IF;
  };
  t[0xfc] = (cpu) => {
    cpu.flags &= ~DF;
  };
  t[0xfd] = (cpu) => {
    cpu.flags |= DF;
  };
  t[0xfe] = group4;
  t[0xff] = group5;

  if (model === MODEL_8086) {
    // The 8086 decodes only some opcode bits: 60-6F repeat 70-7F, C0/C1/C8/C9 repeat
    // C2/C3/CA/CB (8086 undocumented behaviour, confirmed by the SingleStepTests data).
    for (let i = 0; i < 16; i++) t[0x60 + i] = t[0x70 + i];
    t[0xc0] = t[0xc2];
    t[0xc1] = t[0xc3];
    t[0xc8] = t[0xca];
    t[0xc9] = t[0xcb];
  } else if (model === MODEL_286) {
    // 63 (ARPL) is protected-mode only; 64-67 are 386 prefixes: #UD on the 286.
    t[0x63] = invalid;
  }
  if (model === MODEL_386) {
    // F1 (undocumented ICEBP / INT1 on the 386 and later): a debug trap through vector 1.
    t[0xf1] = (cpu) => cpu.interrupt(1);
  }
  if (model !== MODEL_8086) build0F(t, model);
  return t;
}

function imul3(cpu: Cpu, imm8: boolean): void {
  cpu.decodeModrm();
  const bits = cpu.opSize32 ? 32 : 16;
  const a = bits === 32 ? cpu.readRm32() | 0 : (cpu.readRm16() << 16) >> 16;
  const b = imm8 ? cpu.fetchS8() : bits === 32 ? cpu.fetch32() | 0 : (cpu.fetch16() << 16) >> 16;
  imulTruncating(cpu, cpu.modReg, a, b, bits);
}

/** IMUL with a result the size of its operands: CF = OF = the product did not fit. */
export function imulTruncating(cpu: Cpu, reg: number, a: number, b: number, bits: number): void {
  const full = a * b;
  let r: number;
  let overflow: boolean;
  if (bits === 32) {
    r = Math.imul(a, b);
    overflow = full !== r;
  } else {
    r = (full << 16) >> 16;
    overflow = full !== r;
  }
  cpu.setRegV(reg, r >>> 0);
  // SF/ZF/PF (undefined) follow the high half of the product on the 286, as for
  // one-operand IMUL (SingleStepTests 80286 data); 32-bit: from the result.
  const high = bits === 32 ? r : (full >> 16) & 0xffff;
  cpu.setStatusFlags((overflow ? CF | OF : 0) | szp(high, bits) | AF);
}

function enter(cpu: Cpu): void {
  // ENTER size, level (SDM vol. 2 "ENTER"), real mode with a 16- or 32-bit frame.
  const size = cpu.fetch16();
  const level = cpu.fetch8() & 31;
  cpu.pushV(cpu.getRegV(EBP));
  const frame = cpu.getRegV(ESP);
  if (level > 0) {
    const step = cpu.opSize32 ? 4 : 2;
    for (let i = 1; i < level; i++) {
      const bp = cpu.stackBig ? (cpu.regs[EBP] - step) >>> 0 : (cpu.regs16[EBP << 1] - step) & 0xffff;
      if (cpu.stackBig) cpu.regs[EBP] = bp;
      else cpu.regs16[EBP << 1] = bp;
      cpu.pushV(cpu.opSize32 ? cpu.readMem32(SS, bp) : cpu.readMem16(SS, bp));
    }
    cpu.pushV(frame);
  }
  cpu.setRegV(EBP, frame);
  cpu.adjustSp(-size);
}

function group4(cpu: Cpu): void {
  cpu.decodeModrm();
  switch (cpu.modReg) {
    case 0:
      cpu.writeRm8(inc(cpu, cpu.readRm8(), 8));
      return;
    case 1:
      cpu.writeRm8(dec(cpu, cpu.readRm8(), 8));
      return;
    default:
      if (cpu.model !== MODEL_8086) cpu.undefinedOpcode();
      group5Operation(cpu, true);
  }
}

function group5(cpu: Cpu): void {
  cpu.decodeModrm();
  group5Operation(cpu, false);
}

/** FF: INC DEC CALL CALLF JMP JMPF PUSH (/7 is PUSH again on the 8086). On the 8086, FE /2-/7 do the same with a byte operand. */
function group5Operation(cpu: Cpu, byte: boolean): void {
  const bits = byte ? 8 : cpu.opSize32 ? 32 : 16;
  switch (cpu.modReg) {
    case 0:
      writeRm(cpu, byte, inc(cpu, readRm(cpu, byte), bits));
      return;
    case 1:
      writeRm(cpu, byte, dec(cpu, readRm(cpu, byte), bits));
      return;
    case 2: {
      const target = readRm(cpu, byte);
      cpu.pushV(cpu.eip);
      cpu.jumpNear(target);
      return;
    }
    case 3:
    case 5: {
      // Register operand: #UD on 286+; the 8086 reads at the address it computed last.
      if (!cpu.modIsMem && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
      const off = cpu.opSize32 ? cpu.readMem32(cpu.eaSeg, cpu.eaOff) : cpu.readMem16(cpu.eaSeg, cpu.eaOff);
      const sel = cpu.readMem16(cpu.eaSeg, (cpu.eaOff + (cpu.opSize32 ? 4 : 2)) & (cpu.addrSize32 ? 0xffffffff : 0xffff));
      far(cpu, cpu.modReg === 3, sel, off);
      return;
    }
    case 4:
      cpu.jumpNear(readRm(cpu, byte));
      return;
    default: {
      if (cpu.modReg === 7 && cpu.model !== MODEL_8086) cpu.undefinedOpcode();
      if (!cpu.modIsMem && cpu.modRm === ESP && cpu.model === MODEL_8086) {
        pushSp(cpu);
        return;
      }
      const v = readRm(cpu, byte);
      cpu.pushV(v);
    }
  }
}

