import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const PACKAGE = resolve(import.meta.dirname, '..', '..');
const CLI = join(PACKAGE, 'dist', 'conformance', 'cli.js');
const DATA = resolve(PACKAGE, '..', '..', '..', 'shared', 'conformance', '8086');
const ready = existsSync(CLI) && existsSync(DATA);
if (!ready) console.log(`conformance CLI test skipped: needs ${CLI} (pnpm build) and ${DATA}`);

describe.skipIf(!ready)('conformance CLI', () => {
  it('runs the default 8086 folder and ends with "N passed, M failed"', () => {
    const out = execFileSync(process.execPath, [CLI, '--only', '00.,F6.7.', '--limit', '10'], { encoding: 'utf8' });
    expect(out.trim().split('\n').at(-1)).toBe('20 passed, 0 failed');
  });

  it('reports a bad option in one line with exit code 2', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [CLI, '--cpu', 'z80'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      stderr = (error as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('conformance: --cpu must be 8086 or 286, not "z80"');
  });
});
