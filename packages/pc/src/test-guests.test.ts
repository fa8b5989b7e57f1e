import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GUEST_DIR } from './test-guest.js';

const dir = fileURLToPath(GUEST_DIR);
const sources = readdirSync(dir).filter((f) => f.endsWith('.asm'));
let nasm = true;
try {
  execFileSync('nasm', ['-v']);
} catch {
  nasm = false;
  console.log('skipping the test-guest rebuild check: nasm is not installed');
}

describe.skipIf(!nasm)('committed test guests match their sources (nasm)', () => {
  it.each(sources)('%s', (source) => {
    const out = mkdtempSync(join(tmpdir(), 'tinyvm-pc-guest-'));
    try {
      const bin = join(out, 'guest.bin');
      execFileSync('nasm', ['-f', 'bin', '-o', bin, join(dir, source)]);
      expect(Buffer.compare(readFileSync(bin), readFileSync(join(dir, source.replace(/\.asm$/, '.bin'))))).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
