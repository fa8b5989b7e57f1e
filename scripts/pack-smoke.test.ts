// Runs scripts/pack-smoke.mjs: pack every package, npm-install the tarballs into an
// empty project, run the installed `tinyvm` on examples/hello. Slow (npm install).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const greeting = /^greeting:\s*\n\s*db "([^"]+)", 0/m.exec(readFileSync(join(here, '..', 'examples', 'hello', 'hello.asm'), 'utf8'))![1];

it('the packed and npm-installed tinyvm runs hello and shows its greeting', () => {
  const r = spawnSync(process.execPath, [join(here, 'pack-smoke.mjs')], { encoding: 'utf8', timeout: 280_000 });
  expect(r.status, r.stderr).toBe(0);
  const lines = r.stdout.trim().split('\n');
  const outcome = JSON.parse(lines[lines.length - 1]);
  expect(outcome.stop).toBe('hlt');
  expect(outcome.backend).toBe('interp');
  expect(outcome.screen[0]).toBe(greeting);
}, 300_000);
