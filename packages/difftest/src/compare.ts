/**
 * Comparing two outcomes of one case: general registers, EIP, the segment
 * selectors, EFLAGS (undefined arithmetic flags masked) and the scratch
 * segment (in a flags image pushed by an exception, the flags that were
 * undefined at some point of the sequence are masked too).
 */
import { GENERAL_REGISTER_NAMES, SEGMENT_NAMES } from '@tinyvm/core';
import { ARITH } from './flags.js';
import type { TestCase } from './generator.js';
import { vectorOfStop } from './layout.js';
import type { CaseOutcome } from './run-case.js';

/** EFLAGS bits compared: the arithmetic flags, TF, IF, DF, IOPL, NT, AC, ID (not RF or VM). */
export const COMPARED_FLAGS = ARITH | 0x100 | 0x200 | 0x400 | 0x3000 | 0x4000 | 0x40000 | 0x200000;

export interface Difference {
  what: string;
  expected: number;
  actual: number;
}

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export function describeDifference(d: Difference): string {
  return `${d.what}: ${hex(d.expected)} vs ${hex(d.actual)}`;
}

/** The differences between `a` (reference) and `b`; empty when they agree. */
export function compareOutcomes(testCase: TestCase, a: CaseOutcome, b: CaseOutcome): Difference[] {
  const out: Difference[] = [];
  if (a.stop !== b.stop) out.push({ what: `stop (${a.stop} vs ${b.stop})`, expected: 0, actual: 1 });
  for (const name of GENERAL_REGISTER_NAMES) {
    if (a.state[name] >>> 0 !== b.state[name] >>> 0) out.push({ what: name, expected: a.state[name], actual: b.state[name] });
  }
  if (a.state.eip !== b.state.eip) out.push({ what: 'eip', expected: a.state.eip, actual: b.state.eip });
  for (const name of SEGMENT_NAMES) {
    if (a.state[name].selector !== b.state[name].selector) out.push({ what: name, expected: a.state[name].selector, actual: b.state[name].selector });
  }
  const stoppedOnVector = vectorOfStop(a.state.eip) !== undefined;
  const undefinedFlags = stoppedOnVector ? testCase.undefinedEver : testCase.undefinedAtEnd;
  const flagMask = COMPARED_FLAGS & ~undefinedFlags;
  if ((a.state.eflags & flagMask) !== (b.state.eflags & flagMask)) {
    out.push({ what: `eflags (mask ${hex(flagMask)})`, expected: a.state.eflags & flagMask, actual: b.state.eflags & flagMask });
  }
  // The flags image an exception or INT pushed: 4 bytes above the final SP (IP, CS, FLAGS).
  const flagsImage = stoppedOnVector ? (a.state.esp + 4) & 0xffff : -1;
  const maskAt = (offset: number): number => {
    if (offset === flagsImage) return ~undefinedFlags & 0xff;
    if (offset === ((flagsImage + 1) & 0xffff) && flagsImage >= 0) return ~(undefinedFlags >>> 8) & 0xff;
    return 0xff;
  };
  let reported = 0;
  for (let i = 0; i < a.scratch.length; i++) {
    if (a.scratch[i] === b.scratch[i]) continue;
    const mask = maskAt(i);
    if ((a.scratch[i] & mask) === (b.scratch[i] & mask)) continue;
    if (reported++ < 4) out.push({ what: `scratch[${hex(i)}]`, expected: a.scratch[i], actual: b.scratch[i] });
  }
  if (reported > 4) out.push({ what: `scratch: ${reported} bytes differ in all`, expected: 0, actual: reported });
  return out;
}
