/**
 * DIV and IDIV as the 8086's microcode performs them (routines CORD, PREIDIV and
 * POSTIDIV, reverse-engineered by Ken Shirriff, "Reverse-engineering the division
 * microcode in the Intel 8086 processor", righto.com, 2023). The quotient and
 * remainder are the architectural ones; doing the same steps also reproduces what
 * the manual calls undefined: the flags (which a divide error pushes), the accepted
 * IDIV quotient range (−127..127 for bytes, −32767..32767 for words) and the REP
 * prefix quirk (REP presets the microcode's sign flag, negating an IDIV quotient).
 */
import { arith } from './alu.js';
import { type Cpu, EDX } from './cpu.js';
import { CF, OF } from './flags.js';

export function divide8086(cpu: Cpu, signed: boolean, divisor: number, bits: 8 | 16): void {
  const mask = bits === 8 ? 0xff : 0xffff;
  const top = bits - 1;
  let high = bits === 8 ? cpu.regs8[1] : cpu.regs16[EDX << 1];
  let low = bits === 8 ? cpu.regs8[0] : cpu.regs16[0];
  const dividendNegative = (high >>> top) & 1;
  let b = divisor & mask;
  // Internal flag F1: set by a REP prefix, toggled for each negative operand.
  let negateQuotient = cpu.rep !== 0;

  if (signed) {
    // PREIDIV: make the double-width dividend and the divisor positive.
    if (dividendNegative) {
      const borrow = low !== 0;
      low = -low & mask;
      high = borrow ? ~high & mask : -high & mask;
      negateQuotient = !negateQuotient;
    }
    if ((b >>> top) & 1) {
      b = -b & mask;
      negateQuotient = !negateQuotient;
    }
  }

  // CORD: a first trial subtraction of the divisor from the high half sets the flags;
  // when it does not borrow the quotient cannot fit: divide error.
  arith(cpu, 5, high, b, bits);
  let carry = b > high ? 1 : 0;
  if (carry === 0) cpu.fault(0);
  for (let i = 0; i < bits; i++) {
    // Shift the dividend (high:low) left through the carry, bringing in the last quotient bit.
    const lowOut = (low >>> top) & 1;
    low = ((low << 1) | carry) & mask;
    const highOut = (high >>> top) & 1;
    high = ((high << 1) | lowOut) & mask;
    carry = highOut;
    const difference = (high - b) & mask;
    if (carry !== 0) {
      // The partial remainder overflowed: the subtraction surely fits (flags untouched).
      carry = 0;
      high = difference;
    } else {
      const h = high;
      arith(cpu, 5, h, b, bits);
      carry = b > h ? 1 : 0;
      if (carry === 0) high = difference;
    }
  }
  // The quotient bits are inverted (a 1 means "subtraction borrowed").
  low = ((low << 1) | carry) & mask;
  carry = (low >>> top) & 1;
  cpu.materializeFlags();
  cpu.flags = (cpu.flags & ~CF) | carry;

  let quotient = ~low & mask;
  let remainder = high;
  if (signed) {
    // POSTIDIV: a quotient with its top bit set does not fit; fix the signs.
    if (carry === 0) cpu.fault(0);
    if (dividendNegative) remainder = -remainder & mask;
    quotient = negateQuotient ? (low + 1) & mask : ~low & mask;
    cpu.flags &= ~(CF | OF);
  }
  if (bits === 8) {
    cpu.regs8[0] = quotient;
    cpu.regs8[1] = remainder;
  } else {
    cpu.regs16[0] = quotient;
    cpu.regs16[EDX << 1] = remainder;
  }
}
