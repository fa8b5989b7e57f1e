/**
 * EFLAGS bit numbers and the lazy-flag operation kinds (Intel SDM vol. 1 §3.4.3).
 *
 * Arithmetic instructions do not compute CF/PF/AF/ZF/SF/OF when they run: they
 * record the operation, operands, result and width (see `Cpu.setLazy`), and the
 * flags are derived on demand (a Jcc reads one or two, most results are never
 * inspected). Everything else keeps its flags in `Cpu.flags`.
 */
export const CF = 1 << 0;
export const PF = 1 << 2;
export const AF = 1 << 4;
export const ZF = 1 << 6;
export const SF = 1 << 7;
export const TF = 1 << 8;
export const IF = 1 << 9;
export const DF = 1 << 10;
export const OF = 1 << 11;
export const IOPL = 3 << 12;
export const NT = 1 << 14;
export const AC = 1 << 18;
export const ID = 1 << 21;

/** The six status flags lazy evaluation covers. */
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

/** Lazy operation kinds: how CF/OF/AF follow from operands and result. */
export const LAZY_ADD = 1;
export const LAZY_SUB = 2;
/** AND/OR/XOR/TEST: CF = OF = 0, AF = 0, SZP from the result. */
export const LAZY_LOGIC = 3;

/** PF: 1 when the low byte of the result has an even number of set bits. */
export const PARITY = new Uint8Array(256);
for (let i = 0; i < 256; i++) {
  let bits = 0;
  for (let b = i; b !== 0; b >>= 1) bits += b & 1;
  PARITY[i] = bits & 1 ? 0 : PF;
}
