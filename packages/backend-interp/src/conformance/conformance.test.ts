/**
 * A fixed sample of the chip tests (the first 20 of every file, both chips) so a
 * regression shows up in `pnpm test`; the full run is `pnpm conformance`.
 *
 * Flags are compared exactly, undefined ones included (stricter than the published
 * 8086 masks), the 286's after a divide error too (divide-286.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConformanceRunner, listTestFiles, loadRevoked, runFile } from './runner.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'conformance');
const present = existsSync(join(ROOT, '8086')) && existsSync(join(ROOT, '80286'));
if (!present) console.log(`conformance sample skipped: no chip test data at ${ROOT}`);

const SAMPLE = 20;

describe.skipIf(!present).each([
  { cpu: '8086' as const, folder: '8086', blocks: false },
  { cpu: '286' as const, folder: '80286', blocks: false },
  // The same tests with every instruction the block compiler translates run compiled.
  { cpu: '8086' as const, folder: '8086', blocks: true },
  { cpu: '286' as const, folder: '80286', blocks: true },
])('chip tests ($cpu, first 20 of each file, compiled blocks: $blocks)', ({ cpu, folder, blocks }) => {
  it('matches the recorded registers and memory', () => {
    const dir = join(ROOT, folder);
    const masks = new Map<string, number>(); // no undefined-flag masks: exact comparison
    const revoked = loadRevoked(dir);
    const runner = new ConformanceRunner(cpu, { blocks });
    let passed = 0;
    const failures: string[] = [];
    for (const file of listTestFiles(dir)) {
      const result = runFile(runner, dir, file, { limit: SAMPLE, masks, revoked, keepFailures: 100 });
      passed += result.passed;
      for (const f of result.failures) failures.push(`${file} #${f.index} ${f.name}: ${f.differences.join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(passed).toBeGreaterThan(SAMPLE * 300);
  }, 60_000);
});
