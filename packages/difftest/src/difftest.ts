/**
 * The differential test: each generated case runs from the same state on the
 * interpreter (the reference here) and on KVM, and the outcomes are compared.
 * A case where KVM stopped with an emulation error ("KVM could not emulate",
 * its instruction emulator does not know the instruction) is counted apart
 * from mismatches, by the opcode KVM reported.
 *
 * Without KVM, selfCheck runs the cases on the interpreter alone and checks the
 * generator: every case ends on its final HLT or on an exception's HLT, never
 * on #UD (an invalid instruction) or anywhere else, and the same seed gives the
 * same case.
 */
import type { VcpuBackend } from '@tinyvm/core';
import { compareOutcomes, describeDifference } from './compare.js';
import { generateCase, type TestCase } from './generator.js';
import { vectorOfStop } from './layout.js';
import { CaseRunner } from './run-case.js';

/** #UD: the generator made an instruction the CPU does not accept. */
const INVALID_OPCODE = 6;

export interface Mismatch {
  seed: number;
  code: string;
  names: string;
  differences: string[];
}

export interface DifftestSummary {
  cases: number;
  matched: number;
  /** Cases KVM stopped with an emulation error on, by the first opcode byte it reported. */
  couldNotEmulate: number;
  couldNotEmulateByOpcode: Record<string, number>;
  mismatches: Mismatch[];
  /** How the reference run ended: 'end' (the final HLT) or the vector taken. */
  endings: Record<string, number>;
}

/** Seed of the i-th case of a run started with `seed`. */
export function caseSeed(seed: number, i: number): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) + i) >>> 0;
}

function codeHex(testCase: TestCase): string {
  return Buffer.from(testCase.code).toString('hex');
}

function ending(eip: number, testCase: TestCase): string {
  const vector = vectorOfStop(eip);
  if (vector !== undefined) return `vector ${vector}`;
  return eip === testCase.code.length ? 'end' : `eip 0x${eip.toString(16)}`;
}

export function runDifftest(reference: VcpuBackend, subject: VcpuBackend, options: { count: number; seed: number; onProgress?: (done: number) => void }): DifftestSummary {
  const a = new CaseRunner(reference);
  const b = new CaseRunner(subject);
  const summary: DifftestSummary = { cases: 0, matched: 0, couldNotEmulate: 0, couldNotEmulateByOpcode: {}, mismatches: [], endings: {} };
  try {
    for (let i = 0; i < options.count; i++) {
      const testCase = generateCase(caseSeed(options.seed, i));
      const expected = a.run(testCase);
      const actual = b.run(testCase);
      summary.cases++;
      const end = ending(expected.state.eip, testCase);
      summary.endings[end] = (summary.endings[end] ?? 0) + 1;
      if (actual.internalError && actual.internalError.suberror === 1) {
        summary.couldNotEmulate++;
        const opcode = actual.internalError.data[1];
        const key = opcode === undefined ? 'unknown' : `0x${opcode.toString(16).padStart(2, '0')}`;
        summary.couldNotEmulateByOpcode[key] = (summary.couldNotEmulateByOpcode[key] ?? 0) + 1;
        continue;
      }
      const differences = compareOutcomes(testCase, expected, actual);
      if (differences.length === 0) summary.matched++;
      else {
        summary.mismatches.push({
          seed: testCase.seed,
          code: codeHex(testCase),
          names: testCase.instructions.map((x) => x.name).join('; '),
          differences: differences.map(describeDifference),
        });
      }
      if ((i & 255) === 255) options.onProgress?.(i + 1);
    }
  } finally {
    a.dispose();
    b.dispose();
  }
  return summary;
}

export interface SelfCheckSummary {
  cases: number;
  endings: Record<string, number>;
  /** Cases that ended anywhere but the final HLT or an exception's HLT, or on #UD, or did not halt. */
  invalid: { seed: number; code: string; names: string; why: string }[];
  /** Templates that appeared, with counts (every template should). */
  templates: Record<string, number>;
}

export function selfCheck(backend: VcpuBackend, options: { count: number; seed: number }): SelfCheckSummary {
  const runner = new CaseRunner(backend);
  const summary: SelfCheckSummary = { cases: 0, endings: {}, invalid: [], templates: {} };
  try {
    for (let i = 0; i < options.count; i++) {
      const seed = caseSeed(options.seed, i);
      const testCase = generateCase(seed);
      const again = generateCase(seed);
      for (const x of testCase.instructions) summary.templates[x.name] = (summary.templates[x.name] ?? 0) + 1;
      const outcome = runner.run(testCase);
      summary.cases++;
      const end = ending(outcome.state.eip, testCase);
      summary.endings[end] = (summary.endings[end] ?? 0) + 1;
      const invalid = (why: string): void => {
        summary.invalid.push({ seed, code: codeHex(testCase), names: testCase.instructions.map((x) => x.name).join('; '), why });
      };
      if (codeHex(again) !== codeHex(testCase)) invalid('the same seed generated different code');
      else if (outcome.stop !== 'hlt') invalid(`stopped with ${outcome.stop}`);
      else if (vectorOfStop(outcome.state.eip) === INVALID_OPCODE) invalid('#UD: an invalid instruction');
      else if (end.startsWith('eip')) invalid(`control left the sequence (${end})`);
    }
  } finally {
    runner.dispose();
  }
  return summary;
}
