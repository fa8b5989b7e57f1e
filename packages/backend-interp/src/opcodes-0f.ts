/**
 * The two-byte opcode map 0F xx (SDM vol. 2 table A-3) for real mode: the 286's
 * system instructions that work there (LGDT/LIDT/SGDT/SIDT/SMSW/LMSW/CLTS) and the
 * 386/486 extensions. Handlers go at index 0x100 | second byte.
 */
import { arith, maskOf, szp } from './alu.js';
import {
  type Cpu, type Handler, EAX, ECX, EDX, EBX, FS, GS, MODEL_386, SS, EXIT_ERROR,
} from './cpu.js';
import { CF, OF, ZF } from './flags.js';
import { imulTruncating, loadFarPointer } from './opcodes.js';

function set(t: Handler[], op: number, h: Handler): void {
  t[0x100 | op] = h;
}

/** Bit tests: BT BTS BTR BTC by op 0..3; `offset` is the bit number from a register (may reach beyond the operand) or an immediate. */
function bitOp(cpu: Cpu, op: number, bitOffset: number, fromRegister: boolean): void {
  const bits = cpu.opSize32 ? 32 : 16;
  let value: number;
  let bit: number;
  let off = cpu.eaOff;
  if (cpu.modIsMem && fromRegister) {
    // A register bit offset is signed and selects a word/dword relative to the operand.
    const signed = bits === 32 ? bitOffset | 0 : (bitOffset << 16) >> 16;
    const unit = Math.floor(signed / bits);
    off = (off + unit * (bits >> 3)) & (cpu.addrSize32 ? 0xffffffff : 0xffff);
    off >>>= 0;
    bit = signed - unit * bits;
  } else {
    bit = bitOffset & (bits - 1);
  }
  if (cpu.modIsMem) value = bits === 32 ? cpu.readMem32(cpu.eaSeg, off) : cpu.readMem16(cpu.eaSeg, off);
  else value = cpu.getRegV(cpu.modRm);
  const mask = (1 << bit) >>> 0;
  const cf = value & mask ? CF : 0;
  cpu.materializeFlags();
  cpu.flags = (cpu.flags & ~CF) | cf;
  if (op === 0) return;
  const r = op === 1 ? value | mask : op === 2 ? value & ~mask : value ^ mask;
  if (cpu.modIsMem) {
    if (bits === 32) cpu.writeMem32(cpu.eaSeg, off, r >>> 0);
    else cpu.writeMem16(cpu.eaSeg, off, r & 0xffff);
  } else cpu.setRegV(cpu.modRm, r >>> 0);
}

/** SHLD/SHRD one bit at a time (count masked to 5 bits; 0 leaves everything unchanged). */
function doubleShift(cpu: Cpu, left: boolean, count: number): void {
  const bits = cpu.opSize32 ? 32 : 16;
  count &= 31;
  let d = cpu.readRmV();
  let s = cpu.getRegV(cpu.modReg);
  if (count === 0) return;
  const top = bits - 1;
  const mask = maskOf(bits);
  const original = d;
  let cf = 0;
  for (let i = 0; i < count; i++) {
    if (left) {
      cf = (d >>> top) & 1;
      d = (((d << 1) | ((s >>> top) & 1)) & mask) >>> 0;
      s = ((s << 1) & mask) >>> 0;
    } else {
      cf = d & 1;
      d = ((d >>> 1) | ((s & 1) << top)) >>> 0;
      s >>>= 1;
    }
  }
  cpu.writeRmV(d);
  const of = ((d ^ original) >>> top) & 1 ? OF : 0;
  cpu.setStatusFlags(cf | of | szp(d, bits));
}

export function build0F(t: Handler[], model: number): void {
  // 0F 01: SGDT SIDT LGDT LIDT SMSW - LMSW (INVLPG on 486).
  set(t, 0x01, (cpu) => {
    cpu.decodeModrm();
    const op = cpu.modReg;
    if (op === 4) {
      cpu.writeRm16(cpu.cr0 & 0xffff);
      return;
    }
    if (op === 6) {
      // LMSW can set PE but never clear it; protected mode is beyond this interpreter.
      const v = cpu.readRm16();
      cpu.cr0 = (cpu.cr0 & ~0xe) | (v & 0xf) | (cpu.cr0 & 1);
      if (cpu.cr0 & 1) stopForProtectedMode(cpu);
      return;
    }
    if (!cpu.modIsMem || op === 5 || op === 7) cpu.undefinedOpcode();
    const seg = cpu.eaSeg;
    const next = (n: number): number => (cpu.eaOff + n) & (cpu.addrSize32 ? 0xffffffff : 0xffff);
    if (op === 0 || op === 1) {
      // SGDT/SIDT store a 16-bit limit and a 32-bit base (the 286 stores FF in the top byte).
      const base = op === 0 ? cpu.gdtBase : cpu.idtBase;
      const limit = op === 0 ? cpu.gdtLimit : cpu.idtLimit;
      cpu.writeMem16(seg, cpu.eaOff, limit);
      cpu.writeMem16(seg, next(2), base & 0xffff);
      cpu.writeMem16(seg, next(4), ((base >>> 16) & 0xff) | (model === MODEL_386 ? (base >>> 16) & 0xff00 : 0xff00));
      return;
    }
    const limit = cpu.readMem16(seg, cpu.eaOff);
    let base = (cpu.readMem16(seg, next(2)) | (cpu.readMem16(seg, next(4)) << 16)) >>> 0;
    if (!cpu.opSize32) base &= 0xffffff;
    if (op === 2) {
      cpu.gdtBase = base;
      cpu.gdtLimit = limit;
    } else {
      cpu.idtBase = base;
      cpu.idtLimit = limit;
    }
  });
  set(t, 0x06, (cpu) => {
    cpu.cr0 &= ~8; // CLTS
  });
  if (model !== MODEL_386) return;

  set(t, 0x08, () => {}); // INVD: no caches
  set(t, 0x09, () => {}); // WBINVD
  set(t, 0x20, (cpu) => {
    // MOV r32, CRn (the mod field is ignored: always a register).
    cpu.decodeModrm();
    const v = cpu.modReg === 0 ? cpu.cr0 : cpu.modReg === 2 ? cpu.cr2 : cpu.modReg === 3 ? cpu.cr3 : cpu.modReg === 4 ? cpu.cr4 : -1;
    if (v < 0) cpu.undefinedOpcode();
    cpu.regs[cpu.modRm] = v;
  });
  set(t, 0x22, (cpu) => {
    cpu.decodeModrm();
    const v = cpu.regs[cpu.modRm];
    switch (cpu.modReg) {
      case 0:
        cpu.cr0 = v | 0x10;
        if (v & 1) stopForProtectedMode(cpu);
        return;
      case 2: cpu.cr2 = v; return;
      case 3: cpu.cr3 = v; return;
      case 4: cpu.cr4 = v; return;
      default: cpu.undefinedOpcode();
    }
  });
  set(t, 0x31, (cpu) => {
    // RDTSC: the interpreter's clock is its instruction count.
    const n = cpu.instructions;
    cpu.regs[EAX] = n % 4294967296;
    cpu.regs[EDX] = Math.floor(n / 4294967296);
  });
  for (let cc = 0; cc < 16; cc++) {
    set(t, 0x80 + cc, (cpu) => {
      const rel = cpu.fetchImm();
      if (cpu.condition(cc)) cpu.jumpNear(cpu.eip + rel);
    });
    set(t, 0x90 + cc, (cpu) => {
      cpu.decodeModrm();
      cpu.writeRm8(cpu.condition(cc) ? 1 : 0);
    });
  }
  set(t, 0xa0, (cpu) => cpu.pushV(cpu.segSel[FS]));
  set(t, 0xa1, (cpu) => cpu.loadSeg(FS, cpu.popV() & 0xffff));
  set(t, 0xa8, (cpu) => cpu.pushV(cpu.segSel[GS]));
  set(t, 0xa9, (cpu) => cpu.loadSeg(GS, cpu.popV() & 0xffff));
  set(t, 0xa2, cpuid);
  const bitHandler = (op: number): Handler => (cpu) => {
    cpu.decodeModrm();
    bitOp(cpu, op, cpu.getRegV(cpu.modReg), true);
  };
  set(t, 0xa3, bitHandler(0));
  set(t, 0xab, bitHandler(1));
  set(t, 0xb3, bitHandler(2));
  set(t, 0xbb, bitHandler(3));
  set(t, 0xba, (cpu) => {
    cpu.decodeModrm();
    if (cpu.modReg < 4) cpu.undefinedOpcode();
    bitOp(cpu, cpu.modReg - 4, cpu.fetch8(), false);
  });
  set(t, 0xa4, (cpu) => {
    cpu.decodeModrm();
    doubleShift(cpu, true, cpu.fetch8());
  });
  set(t, 0xa5, (cpu) => {
    cpu.decodeModrm();
    doubleShift(cpu, true, cpu.regs8[4]);
  });
  set(t, 0xac, (cpu) => {
    cpu.decodeModrm();
    doubleShift(cpu, false, cpu.fetch8());
  });
  set(t, 0xad, (cpu) => {
    cpu.decodeModrm();
    doubleShift(cpu, false, cpu.regs8[4]);
  });
  set(t, 0xaf, (cpu) => {
    cpu.decodeModrm();
    const bits = cpu.opSize32 ? 32 : 16;
    const sx = (v: number): number => (bits === 32 ? v | 0 : (v << 16) >> 16);
    imulTruncating(cpu, cpu.modReg, sx(cpu.getRegV(cpu.modReg)), sx(cpu.readRmV()), bits);
  });
  set(t, 0xb2, (cpu) => loadFarPointer(cpu, SS));
  set(t, 0xb4, (cpu) => loadFarPointer(cpu, FS));
  set(t, 0xb5, (cpu) => loadFarPointer(cpu, GS));
  set(t, 0xb6, (cpu) => {
    cpu.decodeModrm();
    cpu.setRegV(cpu.modReg, cpu.readRm8());
  });
  set(t, 0xb7, (cpu) => {
    cpu.decodeModrm();
    cpu.setRegV(cpu.modReg, cpu.readRm16());
  });
  set(t, 0xbe, (cpu) => {
    cpu.decodeModrm();
    cpu.setRegV(cpu.modReg, ((cpu.readRm8() << 24) >> 24) >>> 0);
  });
  set(t, 0xbf, (cpu) => {
    cpu.decodeModrm();
    cpu.setRegV(cpu.modReg, ((cpu.readRm16() << 16) >> 16) >>> 0);
  });
  const bitScan = (reverse: boolean): Handler => (cpu) => {
    cpu.decodeModrm();
    const v = cpu.readRmV();
    cpu.materializeFlags();
    if (v === 0) {
      // Destination undefined (unchanged on real CPUs); ZF = 1.
      cpu.flags |= ZF;
      return;
    }
    cpu.flags &= ~ZF;
    cpu.setRegV(cpu.modReg, reverse ? 31 - Math.clz32(v) : 31 - Math.clz32(v & -v));
  };
  set(t, 0xbc, bitScan(false));
  set(t, 0xbd, bitScan(true));
  // 486: XADD, CMPXCHG, BSWAP.
  set(t, 0xc0, (cpu) => {
    cpu.decodeModrm();
    const d = cpu.readRm8();
    const s = cpu.getReg8(cpu.modReg);
    const r = arith(cpu, 0, d, s, 8);
    cpu.setReg8(cpu.modReg, d);
    cpu.writeRm8(r);
  });
  set(t, 0xc1, (cpu) => {
    cpu.decodeModrm();
    const bits = cpu.opSize32 ? 32 : 16;
    const d = cpu.readRmV();
    const s = cpu.getRegV(cpu.modReg);
    const r = arith(cpu, 0, d, s, bits);
    cpu.setRegV(cpu.modReg, d);
    cpu.writeRmV(r);
  });
  set(t, 0xb0, (cpu) => {
    cpu.decodeModrm();
    const d = cpu.readRm8();
    arith(cpu, 7, cpu.regs8[0], d, 8);
    if (cpu.getZF()) cpu.writeRm8(cpu.getReg8(cpu.modReg));
    else {
      cpu.writeRm8(d); // the destination is always written (SDM vol. 2 "CMPXCHG")
      cpu.regs8[0] = d;
    }
  });
  set(t, 0xb1, (cpu) => {
    cpu.decodeModrm();
    const bits = cpu.opSize32 ? 32 : 16;
    const d = cpu.readRmV();
    arith(cpu, 7, cpu.getRegV(EAX), d, bits);
    if (cpu.getZF()) cpu.writeRmV(cpu.getRegV(cpu.modReg));
    else {
      cpu.writeRmV(d);
      cpu.setRegV(EAX, d);
    }
  });
  for (let r = 0; r < 8; r++) {
    set(t, 0xc8 + r, (cpu) => {
      const v = cpu.regs[r];
      cpu.regs[r] = ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24)) >>> 0;
    });
  }
  set(t, 0x0b, (cpu) => cpu.undefinedOpcode()); // UD2
}

/**
 * CPUID (a 486-class CPU, "GenuineIntel"): leaf 0 gives the vendor and max leaf 1;
 * leaf 1 family 4 model 0 with TSC only (no FPU: see x87.ts).
 */
function cpuid(cpu: Cpu): void {
  const leaf = cpu.regs[EAX];
  if (leaf === 0) {
    cpu.regs[EAX] = 1;
    cpu.regs[EBX] = 0x756e6547; // "Genu"
    cpu.regs[EDX] = 0x49656e69; // "ineI"
    cpu.regs[ECX] = 0x6c65746e; // "ntel"
    return;
  }
  if (leaf === 1) {
    cpu.regs[EAX] = 0x0400;
    cpu.regs[EBX] = 0;
    cpu.regs[ECX] = 0;
    cpu.regs[EDX] = 1 << 4; // TSC
    return;
  }
  cpu.regs[EAX] = 0;
  cpu.regs[EBX] = 0;
  cpu.regs[ECX] = 0;
  cpu.regs[EDX] = 0;
}

function stopForProtectedMode(cpu: Cpu): void {
  cpu.exitRequest = EXIT_ERROR;
  cpu.exitMessage = 'the guest entered protected mode (CR0.PE=1), which the interpreter does not implement';
}
