/**
 * Decimal adjust instructions DAA DAS AAA AAS AAM AAD (SDM vol. 2 pages of each).
 * AAM with a zero base raises the divide error.
 */
import { arith, szp } from './alu.js';
import { type Cpu, MODEL_8086 } from './cpu.js';
import { AF, CF, LAZY_ADD } from './flags.js';

export function bcd(cpu: Cpu, opcode: number): void {
  const f = cpu.materializeFlags();
  const al = cpu.regs8[0];
  const oldCf = f & CF;
  const oldAf = f & AF;
  const is8086 = cpu.model === MODEL_8086;
  // The 8086 compares AL with 9F instead of 99 for the high digit when AF was set.
  const highLimit = is8086 && oldAf ? 0x9f : 0x99;
  switch (opcode) {
    case 0x27: { // DAA
      let v = al;
      let cf = 0;
      let af = 0;
      if ((al & 0x0f) > 9 || oldAf) {
        v += 6;
        af = AF;
        if (!is8086 && v > 0xff) cf = CF; // carry out of AL + 6 (SDM "DAA")
      }
      if (al > highLimit || oldCf) {
        v += 0x60;
        cf = CF;
      }
      v &= 0xff;
      cpu.regs8[0] = v;
      cpu.flags = (f & ~0x8d5) | cf | af | szp(v, 8) | (((al ^ v) & ~al & v & 0x80) ? 0x800 : 0);
      return;
    }
    case 0x2f: { // DAS
      let v = al;
      let cf = 0;
      let af = 0;
      if ((al & 0x0f) > 9 || oldAf) {
        v -= 6;
        af = AF;
        if (!is8086 && v < 0) cf = CF; // borrow from AL − 6 (SDM "DAS")
      }
      if (al > highLimit || oldCf) {
        v -= 0x60;
        cf = CF;
      }
      v &= 0xff;
      cpu.regs8[0] = v;
      cpu.flags = (f & ~0x8d5) | cf | af | szp(v, 8) | ((al & ~v & 0x80) ? 0x800 : 0);
      return;
    }
    case 0x37: // AAA
    case 0x3f: { // AAS
      const add = opcode === 0x37;
      if ((al & 0x0f) > 9 || oldAf) {
        if (is8086) {
          // The 8086 adjusts AL and AH separately: no carry or borrow from AL into AH.
          cpu.regs8[0] = add ? al + 6 : al - 6;
          cpu.regs8[1] = add ? cpu.regs8[1] + 1 : cpu.regs8[1] - 1;
        } else if (add) {
          cpu.regs16[0] = cpu.regs16[0] + 0x106;
        } else {
          cpu.regs16[0] = cpu.regs16[0] - 6;
          cpu.regs8[1] = cpu.regs8[1] - 1;
        }
        cpu.regs8[0] &= 0x0f;
        // SF/ZF/PF/OF (undefined in the manuals) are those of AL ± 6 before the masking
        // (SingleStepTests 80286 data).
        const t = add ? al + 6 : al - 6;
        const of = ((add ? (al ^ t) & (6 ^ t) : (al ^ 6) & (al ^ t)) & 0x80) !== 0;
        cpu.flags = (f & ~0x8d5) | CF | AF | szp(t, 8) | (of ? 0x800 : 0);
      } else {
        cpu.regs8[0] &= 0x0f;
        cpu.flags = (f & ~0x8d5) | szp(al, 8);
      }
      return;
    }
    case 0xd4: { // AAM imm8
      const base = cpu.fetch8();
      if (base === 0) {
        // 8086: the divide microcode's first subtraction (0 − 0) sets the flags INT 0 pushes.
        if (is8086) arith(cpu, 5, 0, 0, 8);
        cpu.fault(0);
      }
      cpu.regs8[1] = Math.floor(al / base);
      cpu.regs8[0] = al % base;
      cpu.flags = (f & ~0x8d5) | szp(cpu.regs8[0], 8);
      return;
    }
    default: { // AAD imm8: flags as the addition AL + AH×base that it performs
      const base = cpu.fetch8();
      const product = (cpu.regs8[1] * base) & 0xff;
      const r = al + product;
      cpu.regs8[0] = r;
      cpu.regs8[1] = 0;
      cpu.setLazy(LAZY_ADD, al, product, r, 8);
      if (!is8086) {
        // The 286 reports OF equal to the carry of that addition (SingleStepTests 80286 data).
        const flags = cpu.materializeFlags();
        cpu.flags = (flags & ~0x800) | (flags & CF ? 0x800 : 0);
      }
    }
  }
}
