/**
 * The status flags an 80286 leaves when a byte or word DIV/IDIV raises the divide
 * error (#DE, zero divisor or quotient too large). Intel's manuals call them
 * undefined, but INT 0 pushes them, so a handler sees them.
 *
 * Neither Intel nor the 286 microcode (not published) documents them; the rule here is
 * a model of the divider fitted to the SingleStepTests 80286 recordings (Daniel Balsom,
 * a Harris 80C286; subset in shared/conformance/80286, files F6.6 F6.7 F7.6 F7.7). It
 * reproduces the recorded flags of every #DE case there (1,193 of 1,193) and, for
 * IDIV, of the divisions that fit as well. The model is a shift-and-subtract loop, one
 * quotient bit per step, as in the 8086 (divide-8086.ts) and the 386 (nand2mario,
 * "80386 Multiplication and Division", 2026: IDIV divides the magnitudes and fixes the
 * signs afterwards), with what the 286 recordings show about where it stops:
 *
 * DIV has no up-front overflow test. Its first step is a trial subtraction of the
 * divisor from the high half without a shift; when it does not borrow, that quotient
 * bit (2^bits) is the one that cannot fit. Then each step shifts the partial remainder
 * and the low half left one bit (the bit shifted out of the partial remainder is kept,
 * so it is bits+1 wide) and subtracts the divisor when the shifted value is not below
 * it. The error is taken when the first quotient bit is about to leave the quotient
 * register, after bits − 1 such steps: the flags are those of that step's trial
 * subtraction (OF SF ZF AF PF CF of a SUB of the low `bits` bits). A zero divisor
 * takes the same path: every trial succeeds, leaving SF/ZF/PF of the dividend shifted
 * right by one and AF/CF/OF clear.
 *
 * IDIV runs all `bits` steps (partial remainder kept at the register width: a bit
 * shifted out of it is lost) and tests the quotient afterwards, so the flags come from
 * its closing remainder step, the one a successful IDIV also runs. It divides by the
 * divisor's magnitude; a negative dividend is complemented (NOT, giving |dividend| − 1)
 * rather than negated, and the remainder r is then corrected to −(r + 1) (its NOT), or
 * to 0 when r + 1 equals the divisor. That step leaves SF/ZF/PF of the corrected
 * remainder, AF set and CF = OF = (r < |divisor|) XOR (divisor < 0). For a division
 * that fits, r is below the divisor, so CF = OF = "divisor ≥ 0" (the rule muldiv.ts
 * uses); after an overflow r can be anything, including the divisor itself (then the
 * remainder reads as 0 for a positive dividend too).
 */
import { szp } from './alu.js';
import { AF, CF, OF } from './flags.js';

/** Flags of SUB a, b on `bits`-wide operands (SDM vol. 2 "SUB"). */
function subtractFlags(a: number, b: number, bits: number): number {
  const top = bits - 1;
  const result = a - b;
  let flags = szp(result, bits);
  if (result < 0) flags |= CF;
  if ((a ^ b ^ result) & 0x10) flags |= AF;
  if ((((a ^ b) & (a ^ result)) >>> top) & 1) flags |= OF;
  return flags;
}

/** DIV: the flags of the trial subtraction in progress when the divide error is taken. */
function unsignedErrorFlags(high: number, low: number, divisor: number, bits: number): number {
  const mask = (1 << bits) - 1;
  const top = bits - 1;
  const wideMask = (1 << (bits + 1)) - 1;
  // First step, no shift: high ≥ divisor here (that is why the division fails).
  let partial = high - divisor;
  let flags = subtractFlags(high, divisor, bits);
  for (let step = 1; step < bits; step++) {
    const shifted = ((partial << 1) | ((low >>> top) & 1)) & wideMask;
    low = (low << 1) & mask;
    flags = subtractFlags(shifted & mask, divisor, bits);
    partial = shifted >= divisor ? shifted - divisor : shifted;
  }
  return flags;
}

/** IDIV: the flags of the closing remainder step after the loop over the magnitudes. */
function signedErrorFlags(high: number, low: number, divisor: number, bits: number): number {
  const mask = (1 << bits) - 1;
  const top = bits - 1;
  const dividendNegative = (high >>> top) & 1;
  if (dividendNegative) {
    // One's complement of a negative dividend: |dividend| − 1, no carry between halves.
    high = ~high & mask;
    low = ~low & mask;
  }
  const divisorNegative = (divisor >>> top) & 1;
  const magnitude = divisorNegative ? -divisor & mask : divisor;

  let partial = high;
  for (let step = 0; step < bits; step++) {
    const shifted = ((partial << 1) | ((low >>> top) & 1)) & mask;
    low = (low << 1) & mask;
    partial = shifted >= magnitude ? shifted - magnitude : shifted;
  }

  // Undo the complement: the remainder's magnitude is partial + 1 for a negative dividend.
  const corrected = partial + dividendNegative;
  const remainder = corrected === magnitude ? 0 : corrected;
  const signedRemainder = dividendNegative ? -remainder & mask : remainder;
  const carry = (partial < magnitude) !== (divisorNegative === 1);
  return szp(signedRemainder, bits) | AF | (carry ? CF | OF : 0);
}

/**
 * The six status flags (OF SF ZF AF PF CF, in their FLAGS positions) a 286 leaves when
 * DIV (signed = false) or IDIV of high:low by `divisor` raises the divide error.
 * Operands are unsigned `bits`-wide values; call it only for a division that faults.
 */
export function divideErrorFlags286(signed: boolean, high: number, low: number, divisor: number, bits: 8 | 16): number {
  return signed ? signedErrorFlags(high, low, divisor, bits) : unsignedErrorFlags(high, low, divisor, bits);
}
