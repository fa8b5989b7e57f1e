/** The committed guest bytes are what their assembly sources assemble to. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GUESTS, type GuestName } from './test-guests.js';

const nasm = spawnSync('nasm', ['-v']);
const noNasm = nasm.error !== undefined || nasm.status !== 0;
if (noNasm) console.log('guests: skipping the re-assembly check: nasm is not installed');

describe.skipIf(noNasm)('test guests', () => {
  it.each(Object.keys(GUESTS) as GuestName[])('%s matches test-guests/%s.asm', (name) => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyvm-guest-'));
    try {
      const output = join(dir, `${name}.bin`);
      const source = new URL(`./test-guests/${name}.asm`, import.meta.url).pathname;
      const result = spawnSync('nasm', ['-f', 'bin', '-o', output, source], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect([...readFileSync(output)]).toEqual([...GUESTS[name]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
