/**
 * A test case: random initial registers and flags, random scratch memory, and a
 * random sequence of valid real-mode instructions (templates.ts) ending in HLT.
 * The generator tracks which arithmetic flags are undefined as the sequence goes
 * (an instruction that reads an undefined flag is never chosen), so the
 * comparison masks exactly the flags the SDM leaves undefined at the end.
 */
import { ARITH } from './flags.js';
import { CODE_OFFSET, CODE_SEGMENT, HLT, NOP, SCRATCH_SEGMENT, SCRATCH_SIZE } from './layout.js';
import { Random } from './random.js';
import { TEMPLATES, type Instruction } from './templates.js';

export interface CaseRegisters {
  eax: number; ecx: number; edx: number; ebx: number; esp: number; ebp: number; esi: number; edi: number;
  eflags: number;
}

export interface TestCase {
  seed: number;
  code: Uint8Array;
  instructions: readonly Instruction[];
  registers: CaseRegisters;
  scratch: Uint8Array;
  /** Arithmetic flags undefined at the end of the sequence. */
  undefinedAtEnd: number;
  /** Arithmetic flags undefined at some point (for a flags image an exception pushed mid-sequence). */
  undefinedEver: number;
}

export const MAX_INSTRUCTIONS = 12;
/** Initial SP range: far enough from both ends of the segment for every push and pop of a case. */
const STACK_LOW = 0x1000;
const STACK_HIGH = 0xf000;

/** Arithmetic flags, DF and IF random; TF clear (POPF may set it later). */
function randomFlags(rng: Random): number {
  return (rng.u32() & (ARITH | 0x400 | 0x200)) | 0x2;
}

/**
 * The flags undefined after `instruction`. When its flag writes may not happen
 * (the instruction before it is a branch, which skips it when taken, or a count
 * of 0 makes it leave the flags alone), what was undefined before stays undefined.
 */
export function afterInstruction(undefinedFlags: number, instruction: Instruction, previous: Instruction | undefined): number {
  const executed = (undefinedFlags & ~instruction.defines) | instruction.undefines;
  return previous?.branch || instruction.mayKeepFlags ? executed | undefinedFlags : executed;
}

export function generateCase(seed: number): TestCase {
  const rng = new Random(seed);
  const count = rng.between(1, MAX_INSTRUCTIONS);
  const instructions: Instruction[] = [];
  let undefinedFlags = 0;
  let undefinedEver = 0;
  while (instructions.length < count) {
    const instruction = rng.pick(TEMPLATES)(rng);
    if ((instruction.reads & undefinedFlags) !== 0) continue;
    undefinedFlags = afterInstruction(undefinedFlags, instruction, instructions.at(-1));
    undefinedEver |= undefinedFlags;
    instructions.push(instruction);
  }
  // Lay out the code: each forward branch skips exactly the instruction after it (or lands on the HLT).
  const code: number[] = [];
  instructions.forEach((instruction, i) => {
    const bytes = [...instruction.bytes];
    if (instruction.branch) {
      const skip = instructions[i + 1]?.bytes.length ?? 0;
      const { displacementAt, displacementSize } = instruction.branch;
      bytes[displacementAt] = skip & 0xff;
      if (displacementSize === 2) bytes[displacementAt + 1] = 0;
    }
    code.push(...bytes);
  });
  // A final POPF that set TF would trap after the HLT, which KVM reports before delivering
  // (a HLT exit with the #DB still pending): give the trap an instruction to follow.
  if (instructions.at(-1)?.name === 'popf') code.push(NOP);
  code.push(HLT);

  const word = (): number => rng.u32() >>> 0;
  const registers: CaseRegisters = {
    eax: word(), ecx: word(), edx: word(), ebx: word(),
    esp: (rng.between(STACK_LOW, STACK_HIGH) & ~1) >>> 0,
    ebp: word(), esi: word(), edi: word(),
    eflags: randomFlags(rng),
  };
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < SCRATCH_SIZE; i += 4) {
    const v = rng.u32();
    scratch[i] = v;
    scratch[i + 1] = v >>> 8;
    scratch[i + 2] = v >>> 16;
    scratch[i + 3] = v >>> 24;
  }
  return { seed, code: Uint8Array.from(code), instructions, registers, scratch, undefinedAtEnd: undefinedFlags, undefinedEver };
}

/** Where the case starts. */
export const ENTRY = { cs: CODE_SEGMENT, ip: CODE_OFFSET, ds: SCRATCH_SEGMENT } as const;
