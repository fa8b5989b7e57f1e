/**
 * JavaScript source for operands, used by the block compiler: registers as elements
 * of the register file's typed-array views (r32, r16, r8 inside a compiled block),
 * memory operands as an effective-address expression plus calls to the CPU's
 * segment-checked accessors (Cpu.readMem16 and friends), so a compiled access has the
 * interpreter's limit checks, wraps, MMIO routing and self-modifying-code notes.
 */
import { DS, REG8_INDEX, SS } from '../cpu.js';

export const reg8 = (r: number): string => `r8[${REG8_INDEX[r]}]`;
export const reg16 = (r: number): string => `r16[${r << 1}]`;

/** A ModR/M r/m operand of 8 or 16 bits. */
export interface RmOperand {
  memory: boolean;
  /** Code computing `ea` (empty for a register). */
  setup: string;
  read(bits: 8 | 16): string;
  write(bits: 8 | 16, value: string): string;
}

/** Base registers of the 16-bit forms by r/m (SDM vol. 2 table 2-1): BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP, BX. */
const BASES_16: readonly (readonly number[])[] = [[3, 6], [3, 7], [5, 6], [5, 7], [6], [7], [5], [3]];

/**
 * Decodes the ModR/M byte at bytes[at] (16-bit addressing; the compiler leaves 67h
 * to the interpreter) into an operand, with the segment override `segment` (-1: none).
 */
export function rmOperand(bytes: Uint8Array, at: number, segment: number): RmOperand {
  const modrm = bytes[at];
  const mod = modrm >> 6;
  const rm = modrm & 7;
  if (mod === 3) {
    return {
      memory: false,
      setup: '',
      read: (bits) => (bits === 8 ? reg8(rm) : reg16(rm)),
      write: (bits, value) => `${bits === 8 ? reg8(rm) : reg16(rm)} = ${value};`,
    };
  }
  let terms: string[];
  let disp: number;
  let seg: number;
  if (mod === 0 && rm === 6) {
    terms = [];
    disp = bytes[at + 1] | (bytes[at + 2] << 8);
    seg = DS;
  } else {
    terms = BASES_16[rm].map(reg16);
    disp = mod === 1 ? (bytes[at + 1] << 24) >> 24 : mod === 2 ? bytes[at + 1] | (bytes[at + 2] << 8) : 0;
    seg = rm === 2 || rm === 3 || rm === 6 ? SS : DS;
  }
  if (segment >= 0) seg = segment;
  let ea: string;
  if (terms.length === 0) ea = String(disp);
  else if (terms.length === 1 && disp === 0) ea = terms[0];
  else ea = `(${terms.join(' + ')}${disp !== 0 ? ` + ${disp}` : ''}) & 0xffff`;
  return {
    memory: true,
    setup: `const ea = ${ea};`,
    read: (bits) => `cpu.readMem${bits}(${seg}, ea)`,
    write: (bits, value) => `cpu.writeMem${bits}(${seg}, ea, ${value});`,
  };
}
