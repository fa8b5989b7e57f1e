/**
 * The generator, checked on the interpreter alone (runs everywhere): valid
 * instructions only, control flow that stays in the sequence, undefined flags
 * tracked, reproducible from the seed; and the comparison catching differences.
 */
import { describe, expect, it } from 'vitest';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { CaseRunner, compareOutcomes, generateCase, selfCheck, TEMPLATES, type Instruction } from './index.js';
import { afterInstruction } from './generator.js';
import { AF, ARITH, CF, OF, PF, SF, ZF } from './flags.js';
import { Random } from './random.js';

describe('generator', () => {
  it('makes cases that end on their HLT or an exception, never #UD or elsewhere (1000 cases, seed 42)', () => {
    const check = selfCheck(createInterpBackend(), { count: 1000, seed: 42 });
    expect(check.invalid).toEqual([]);
    expect(check.cases).toBe(1000);
    // Most cases run to their end; exceptions are the minority (divide errors, BOUND, INT, TF).
    expect(check.endings.end).toBeGreaterThan(700);
  });

  it('uses every template', () => {
    const names = new Set<string>();
    for (let seed = 0; seed < 3000; seed++) for (const x of generateCase(seed).instructions) names.add(x.name);
    const templateNames = new Set<string>();
    const rng = new Random(3);
    TEMPLATES.forEach((template) => {
      for (let i = 0; i < 200; i++) templateNames.add(template(rng).name);
    });
    for (const name of templateNames) expect(names).toContain(name);
    expect(names.size).toBeGreaterThanOrEqual(60);
  });

  it('is reproducible from the seed and differs between seeds', () => {
    expect(generateCase(1234)).toEqual(generateCase(1234));
    expect(Buffer.from(generateCase(1234).code).equals(Buffer.from(generateCase(1235).code))).toBe(false);
  });

  it('never lets an instruction read a flag left undefined before it', () => {
    for (let seed = 0; seed < 2000; seed++) {
      let undefinedFlags = 0;
      let previous: Instruction | undefined;
      for (const x of generateCase(seed).instructions) {
        expect([seed, x.name, x.reads & undefinedFlags]).toEqual([seed, x.name, 0]);
        undefinedFlags = afterInstruction(undefinedFlags, x, previous);
        previous = x;
      }
      expect(generateCase(seed).undefinedAtEnd).toBe(undefinedFlags);
    }
  });

  it('keeps the undefined flags of MUL masked, and nothing else', () => {
    // A case whose last flag-writing instruction is a MUL: SF ZF AF PF undefined, CF OF defined.
    let seed = 0;
    for (;; seed++) {
      const names = generateCase(seed).instructions.map((x) => x.name);
      if (names.at(-1) === 'mul') break;
    }
    const testCase = generateCase(seed);
    expect(testCase.undefinedAtEnd & (CF | OF)).toBe(0);
    expect(testCase.undefinedAtEnd).toBe(ARITH & ~(CF | OF));
  });
});

describe('flags after a forward branch', () => {
  // Found on KVM: DIV (flags undefined); JMP over IMUL (which would define CF and OF); POPA.
  // The skipped IMUL must not make CF and OF count as defined.
  const div = { name: 'div', bytes: [0xf7, 0x73, 0x08], reads: 0, defines: 0, undefines: ARITH };
  const jmp = { name: 'jmp rel8', bytes: [0xeb, 0], reads: 0, defines: 0, undefines: 0, branch: { displacementAt: 1, displacementSize: 1 as const } };
  const imul = { name: 'imul imm', bytes: [0x36, 0x6b, 0x74, 0x5f, 0x30], reads: 0, defines: CF | OF, undefines: SF | ZF | AF | PF };

  it('keeps flags undefined when the instruction that defines them may be skipped', () => {
    let flags = afterInstruction(0, div, undefined);
    flags = afterInstruction(flags, jmp, div);
    expect(afterInstruction(flags, imul, jmp)).toBe(ARITH);
  });

  it('counts them defined when nothing can skip it', () => {
    expect(afterInstruction(afterInstruction(0, div, undefined), imul, div)).toBe(SF | ZF | AF | PF);
  });
});

describe('comparison', () => {
  it('finds no difference between two runs of a case, and reports a changed register, flag or byte', () => {
    const a = new CaseRunner(createInterpBackend());
    const b = new CaseRunner(createInterpBackend());
    try {
      const testCase = generateCase(99);
      const first = a.run(testCase);
      const second = b.run(testCase);
      expect(compareOutcomes(testCase, first, second)).toEqual([]);
      const changed = { ...second, state: { ...second.state, ebx: (second.state.ebx ^ 1) >>> 0 }, scratch: second.scratch.slice() };
      changed.scratch[0x1234] ^= 0x80;
      const definedFlag = [CF, 0x40, 0x80, OF].find((f) => (testCase.undefinedAtEnd & f) === 0)!;
      changed.state.eflags ^= definedFlag;
      const whats = compareOutcomes(testCase, first, changed).map((d) => d.what);
      expect(whats).toContain('ebx');
      expect(whats).toContain('scratch[0x1234]');
      expect(whats.some((w) => w.startsWith('eflags'))).toBe(true);
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});
