// The guests of bench/interp-vs-v86 are correct programs: each one, run with a
// few repetitions on tinyvm's interpreter and on v86, leaves in memory what its
// JavaScript model computes, and executes exactly the analytically counted
// number of instructions. The committed .bin files are the assembled .asm.
// No timing is asserted here; `pnpm bench` measures.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM modules of the benchmark, without type declarations
import { GUESTS, checkResult, guestImage } from '../bench/interp-vs-v86/guests.mjs';
// @ts-expect-error idem
import { runOnTinyvm } from '../bench/interp-vs-v86/tinyvm-runner.mjs';
// @ts-expect-error idem
import { runOnV86 } from '../bench/interp-vs-v86/v86-runner.mjs';
// @ts-expect-error idem
import { formatTable, geometricMean } from '../bench/interp-vs-v86/table.mjs';

interface Guest {
  name: string;
  instructions(reps: number): number;
  work(reps: number): number;
}
type Read = (address: number, length: number) => Uint8Array;

const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'interp-vs-v86');
const guests = GUESTS as Guest[];

describe('bench/interp-vs-v86 guests on tinyvm', () => {
  // Two repetition counts, so both the per-repetition cost and the fixed part of
  // the instruction formula are checked, and the patched count is shown to matter.
  for (const guest of guests) {
    for (const reps of [1, 3]) {
      it(`${guest.name} × ${reps}: memory matches the model and the instruction count is exact`, () => {
        const run = runOnTinyvm(guestImage(guest, reps), { timeoutMs: 30_000 }) as { instructions: number; read: Read };
        expect(checkResult(guest, reps, run.read)).toEqual([]);
        expect(run.instructions).toBe(guest.instructions(reps));
      });
    }
  }

  it('a different repetition count gives a different result (the patched count is used)', () => {
    const guest = guests.find((g) => g.name === 'arith')!;
    const run = runOnTinyvm(guestImage(guest, 2), { timeoutMs: 30_000 }) as { read: Read };
    expect(checkResult(guest, 2, run.read)).toEqual([]);
    expect(checkResult(guest, 3, run.read)).not.toEqual([]);
  });

  it('strmove counts each REP MOVSW element as work and the instruction once', () => {
    const guest = guests.find((g) => g.name === 'strmove')!;
    expect(guest.work(3) - guest.instructions(3)).toBe(3 * (8192 - 1));
  });
});

describe('bench/interp-vs-v86 guests on v86 (the reference the benchmark compares with)', () => {
  for (const guest of guests) {
    it(`${guest.name} × 2 on v86's interpreter: memory matches the model`, async () => {
      const run = (await runOnV86(guestImage(guest, 2), { jit: false, timeoutMs: 30_000 })) as { read: Read };
      expect(checkResult(guest, 2, run.read)).toEqual([]);
    });
  }
});

const nasm = spawnSync('nasm', ['-v'], { encoding: 'utf8' });
const nasmPresent = nasm.status === 0;
if (!nasmPresent) console.log('bench-guests: nasm is not installed, skipping the check that the committed .bin files match the .asm sources');

describe.skipIf(!nasmPresent)('bench/interp-vs-v86 committed guest binaries', () => {
  const out = mkdtempSync(join(tmpdir(), 'tinyvm-bench-guests-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  for (const name of [...guests.map((g) => g.name), 'rom']) {
    it(`${name}.bin is ${name}.asm assembled`, () => {
      const target = join(out, `${name}.bin`);
      execFileSync('nasm', ['-f', 'bin', '-I', `${join(BENCH_DIR, 'guests')}/`, '-o', target, join(BENCH_DIR, 'guests', `${name}.asm`)]);
      expect(readFileSync(target).equals(readFileSync(join(BENCH_DIR, 'guests', `${name}.bin`)))).toBe(true);
    });
  }
});

describe('bench/interp-vs-v86 table', () => {
  it('prints ratios per guest and the reason an emulator failed on its line', () => {
    const text: string = formatTable([
      { guest: 'a', work: 2e6, tinyvmSeconds: 0.01, mips: { tinyvm: 200, 'v86-interp': 100, 'v86-jit': 400 }, failures: {} },
      { guest: 'b', work: 2e6, tinyvmSeconds: 0.01, mips: { tinyvm: 200, 'v86-interp': 50 }, failures: { 'v86-jit': 'no end mark' } },
    ]);
    const [, a, b] = text.split('\n');
    expect(a).toMatch(/^a\s.*200\.0\s+100\.0\s+400\.0\s+2\.00x\s+0\.50x$/);
    expect(b).toMatch(/failed\s+4\.00x\s+-\s+v86-jit failed: no end mark$/);
    expect(geometricMean([2, 8])).toBeCloseTo(4);
  });
});
