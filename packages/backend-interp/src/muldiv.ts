/**
 * MUL, IMUL (one operand), DIV, IDIV (SDM vol. 2). Divide errors raise vector 0:
 * the 8086 pushes the address of the next instruction, the 286+ of the faulting one
 * (Cpu.fault). The 8086 divides as its microcode does (divide-8086.ts); a REP prefix
 * on its IMUL negates the product (the microcode's sign flag starts set). A 286 divide
 * error leaves the flags of its divider's last step (divide-286.ts).
 */
import { mulU32, szp } from './alu.js';
import { divide8086 } from './divide-8086.js';
import { divideErrorFlags286 } from './divide-286.js';
import { type Cpu, EAX, EDX, MODEL_286, MODEL_8086 } from './cpu.js';
import { AF, CF, OF } from './flags.js';

const product = new Float64Array(2);

/**
 * CF = OF = the product needs the high half. The undefined flags: the 286 sets AF and
 * SF/ZF/PF from the high half; the 8086's microcode (IMULCOF) takes them from the high
 * half plus, for IMUL, the low half's sign bit, with AF from that addition.
 */
function setMulFlags(cpu: Cpu, overflow: boolean, high: number, bits: number, signed: boolean, low: number): void {
  if (cpu.model !== MODEL_8086) {
    cpu.setStatusFlags((overflow ? CF | OF : 0) | szp(high, bits) | AF);
    return;
  }
  const carry = signed ? (low >>> (bits - 1)) & 1 : 0;
  const sum = high + carry;
  const af = signed ? (high ^ sum) & AF : 0;
  cpu.setStatusFlags((overflow ? CF | OF : 0) | szp(sum, bits) | af);
}

export function multiply(cpu: Cpu, signed: boolean, src: number, bits: number): void {
  // 8086: a REP prefix presets the multiply microcode's sign flag (F1), so the product
  // comes out negated, for MUL as well as IMUL (its NEGATE step runs for both).
  const negate = cpu.model === MODEL_8086 && cpu.rep !== 0;
  if (bits === 8) {
    let r: number;
    if (signed) {
      r = ((cpu.regs8[0] << 24) >> 24) * ((src << 24) >> 24);
      if (negate) r = -r;
      cpu.regs16[0] = r;
      setMulFlags(cpu, r !== ((r << 24) >> 24), cpu.regs8[1], 8, true, cpu.regs8[0]);
    } else {
      r = cpu.regs8[0] * src;
      if (negate) r = -r & 0xffff;
      cpu.regs16[0] = r;
      setMulFlags(cpu, r > 0xff, cpu.regs8[1], 8, false, cpu.regs8[0]);
    }
    return;
  }
  if (bits === 16) {
    let r: number;
    if (signed) {
      r = ((cpu.regs16[0] << 16) >> 16) * ((src << 16) >> 16);
      if (negate) r = -r;
      cpu.regs16[0] = r & 0xffff;
      cpu.regs16[EDX << 1] = (r >> 16) & 0xffff;
      setMulFlags(cpu, r !== ((r << 16) >> 16), cpu.regs16[EDX << 1], 16, true, cpu.regs16[0]);
    } else {
      r = cpu.regs16[0] * src;
      if (negate && r !== 0) r = 0x100000000 - r;
      cpu.regs16[0] = r & 0xffff;
      cpu.regs16[EDX << 1] = r >>> 16;
      setMulFlags(cpu, r > 0xffff, cpu.regs16[EDX << 1], 16, false, cpu.regs16[0]);
    }
    return;
  }
  const a = cpu.regs[EAX];
  mulU32(a, src >>> 0, product);
  const low = product[0];
  let high = product[1];
  if (signed) {
    // Signed high half = unsigned high − (a<0 ? b : 0) − (b<0 ? a : 0) (mod 2^32).
    if (a & 0x80000000) high -= src >>> 0;
    if (src & 0x80000000) high -= a;
    high = ((high % 4294967296) + 4294967296) % 4294967296;
    const overflow = high !== (low & 0x80000000 ? 0xffffffff : 0);
    cpu.regs[EAX] = low;
    cpu.regs[EDX] = high;
    setMulFlags(cpu, overflow, high, 32, true, low);
  } else {
    cpu.regs[EAX] = low;
    cpu.regs[EDX] = high;
    setMulFlags(cpu, high !== 0, high, 32, false, low);
  }
}

/**
 * Flags after a 286 DIV/IDIV that fits (undefined in the manuals; SingleStepTests
 * 80286 data): SF/ZF/PF from the remainder, AF set; CF = OF = for DIV whether the
 * last step's trial subtraction borrowed within the register width, for IDIV
 * whether the divisor is non-negative.
 */
function setDivideFlags(cpu: Cpu, remainder: number, carry: boolean, bits: number): void {
  cpu.setStatusFlags(szp(remainder, bits) | AF | (carry ? CF | OF : 0));
}

function unsignedDivideCarry(quotient: number, remainder: number, divisor: number, bits: number): boolean {
  // The last step subtracted the divisor from (remainder + divisor) when the quotient is odd.
  const partial = (quotient & 1) !== 0 ? remainder + divisor : remainder;
  const mask = bits === 32 ? 0xffffffff : (1 << bits) - 1;
  return partial % (mask + 1) < divisor;
}

/**
 * #DE for a zero divisor on the 386 and for 32-bit operands, with the flags a 286
 * leaves for a byte or word division (the 386's own are not modelled):
 * DIV: SF/ZF/PF of the dividend shifted right by one (its first step), AF/CF/OF clear;
 * IDIV: SF/ZF/PF of the dividend's low half, AF set, CF/OF clear.
 */
function divideByZero(cpu: Cpu, signed: boolean, bits: number): never {
  const low = bits === 8 ? cpu.regs8[0] : bits === 16 ? cpu.regs16[0] : cpu.regs[EAX];
  const highBit = bits === 8 ? cpu.regs8[1] & 1 : bits === 16 ? cpu.regs16[EDX << 1] & 1 : cpu.regs[EDX] & 1;
  if (signed) cpu.setStatusFlags(szp(low, bits) | AF);
  else cpu.setStatusFlags(szp(((low >>> 1) | (highBit << (bits - 1))) >>> 0, bits));
  return cpu.fault(0);
}

/**
 * Raises #DE (zero divisor or quotient too large). A 286 byte or word division first
 * leaves the flags of its divider's last step (divide-286.ts); otherwise a zero divisor
 * sets them as above and an overflow leaves them unchanged.
 */
function divideError(cpu: Cpu, signed: boolean, src: number, bits: number): never {
  if (cpu.model === MODEL_286 && (bits === 8 || bits === 16)) {
    const high = bits === 8 ? cpu.regs8[1] : cpu.regs16[EDX << 1];
    const low = bits === 8 ? cpu.regs8[0] : cpu.regs16[0];
    cpu.setStatusFlags(divideErrorFlags286(signed, high, low, src & ((1 << bits) - 1), bits));
    return cpu.fault(0);
  }
  if (src === 0) return divideByZero(cpu, signed, bits);
  return cpu.fault(0);
}

export function divide(cpu: Cpu, signed: boolean, src: number, bits: number): void {
  const is8086 = cpu.model === MODEL_8086;
  if (is8086 && bits !== 32) {
    divide8086(cpu, signed, src, bits as 8 | 16);
    return;
  }
  if (src === 0) divideError(cpu, signed, src, bits);
  if (bits === 8) {
    if (signed) {
      const n = (cpu.regs16[0] << 16) >> 16;
      const d = (src << 24) >> 24;
      const q = Math.trunc(n / d);
      const r = n - q * d;
      if (q > 127 || q < -128) divideError(cpu, signed, src, bits);
      cpu.regs8[0] = q;
      cpu.regs8[1] = r;
      setDivideFlags(cpu, r & 0xff, d >= 0, 8);
    } else {
      const n = cpu.regs16[0];
      const q = Math.floor(n / src);
      if (q > 0xff) divideError(cpu, signed, src, bits);
      const r = n % src;
      cpu.regs8[0] = q;
      cpu.regs8[1] = r;
      setDivideFlags(cpu, r, unsignedDivideCarry(q, r, src, 8), 8);
    }
    return;
  }
  if (bits === 16) {
    const hi = cpu.regs16[EDX << 1];
    const lo = cpu.regs16[0];
    if (signed) {
      const n = ((hi << 16) | lo) | 0;
      const d = (src << 16) >> 16;
      const q = Math.trunc(n / d);
      const r = n - q * d;
      if (q > 32767 || q < -32768) divideError(cpu, signed, src, bits);
      cpu.regs16[0] = q;
      cpu.regs16[EDX << 1] = r;
      setDivideFlags(cpu, r & 0xffff, d >= 0, 16);
    } else {
      const n = hi * 65536 + lo;
      const q = Math.floor(n / src);
      if (q > 0xffff) divideError(cpu, signed, src, bits);
      const r = n % src;
      cpu.regs16[0] = q;
      cpu.regs16[EDX << 1] = r;
      setDivideFlags(cpu, r, unsignedDivideCarry(q, r, src, 16), 16);
    }
    return;
  }
  // 64/32-bit division: rare enough for BigInt.
  const n = (BigInt(cpu.regs[EDX]) << 32n) | BigInt(cpu.regs[EAX]);
  if (signed) {
    const sn = BigInt.asIntN(64, n);
    const d = BigInt(src | 0);
    const q = sn / d;
    const r = sn % d;
    if (q > 0x7fffffffn || q < -0x80000000n) cpu.fault(0);
    cpu.regs[EAX] = Number(BigInt.asUintN(32, q));
    cpu.regs[EDX] = Number(BigInt.asUintN(32, r));
    setDivideFlags(cpu, cpu.regs[EDX], (src | 0) >= 0, 32);
  } else {
    const d = BigInt(src >>> 0);
    const q = n / d;
    if (q > 0xffffffffn) cpu.fault(0);
    cpu.regs[EAX] = Number(q);
    cpu.regs[EDX] = Number(n % d);
    setDivideFlags(cpu, cpu.regs[EDX], unsignedDivideCarry(cpu.regs[EAX], cpu.regs[EDX], src >>> 0, 32), 32);
  }
}
