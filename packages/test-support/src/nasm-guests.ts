/**
 * The check that committed guest bytes are what their assembly sources
 * assemble to: one test per guest, re-assembling `<sourceDir>/<name>.asm` with
 * nasm and comparing with the bytes the tests run. Where nasm is missing the
 * tests skip and say why (the committed bytes still let every other test run).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** nasm is on the PATH and runs. */
export function nasmAvailable(): boolean {
  const nasm = spawnSync('nasm', ['-v']);
  return nasm.error === undefined && nasm.status === 0;
}

/**
 * @param label      shown in the skip message ("backend-kvm guests").
 * @param guests     name -> the committed bytes.
 * @param sourceDir  the folder of the .asm files (a URL ending in '/').
 */
export function describeAssembledGuests(label: string, guests: Readonly<Record<string, Uint8Array>>, sourceDir: URL): void {
  const noNasm = !nasmAvailable();
  if (noNasm) console.log(`${label}: skipping the re-assembly check: nasm is not installed`);

  describe.skipIf(noNasm)(`${label}: committed bytes match their sources`, () => {
    it.each(Object.keys(guests))('%s', (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'tinyvm-guest-'));
      try {
        const output = join(dir, `${name}.bin`);
        const source = fileURLToPath(new URL(`${name}.asm`, sourceDir));
        const result = spawnSync('nasm', ['-f', 'bin', '-o', output, source], { encoding: 'utf8' });
        expect(result.stderr).toBe('');
        expect([...readFileSync(output)]).toEqual([...guests[name]]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
