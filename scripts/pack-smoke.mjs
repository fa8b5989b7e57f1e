#!/usr/bin/env node
// Packaging check: do the published packages work for someone who installs them?
//
// Packs every workspace package (`pnpm -r pack`, which rewrites workspace:^ to real
// versions), installs the public tarballs into an empty project with npm (they
// resolve each other because they are installed together; koffi comes from the
// registry), and runs the installed `tinyvm` on examples/hello. Prints the outcome
// as JSON on the last line of stdout; exits non-zero if anything fails.
//
// Needs the packages built first (`pnpm build`). Usage: node scripts/pack-smoke.mjs [--keep]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const hello = join(root, 'examples', 'hello', 'hello.bin');

function run(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

if (!existsSync(join(root, 'packages', 'cli', 'dist', 'bin.js'))) {
  console.error('pack-smoke: packages are not built; run `pnpm build` first');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'tinyvm-pack-smoke-'));
try {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  run('pnpm', ['-r', 'pack', '--pack-destination', tarballs], root);
  // Examples and the test helpers are private workspace packages: not published, not installed.
  const privatePrefixes = ['tinyvm-example-', 'tinyvm-test-support-'];
  const publicTarballs = readdirSync(tarballs)
    .filter((name) => name.startsWith('tinyvm-') && !privatePrefixes.some((prefix) => name.startsWith(prefix)) && name.endsWith('.tgz'))
    .map((name) => join(tarballs, name));
  if (!publicTarballs.some((t) => t.includes('tinyvm-cli-'))) throw new Error('pnpm -r pack produced no @tinyvm/cli tarball');
  console.log(`packed ${publicTarballs.length} packages`);

  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'tinyvm-smoke', private: true, type: 'module' }, null, 2));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...publicTarballs], app);
  console.log('installed the tarballs with npm');

  const output = run('npx', ['--no-install', 'tinyvm', 'run', hello, '--load', '0', '--entry', '0000:0000', '--backend', 'interp', '--json'], app);
  const outcome = JSON.parse(output);
  if (outcome.stop !== 'hlt') throw new Error(`the installed tinyvm stopped on ${outcome.stop}`);
  console.log(`installed tinyvm ran hello: row 0 = ${JSON.stringify(outcome.screen[0])}`);
  console.log(JSON.stringify(outcome));
} catch (error) {
  const detail = error && typeof error === 'object' && 'stderr' in error ? String(error.stderr).trim() : '';
  console.error(`pack-smoke: ${error instanceof Error ? error.message.split('\n')[0] : error}${detail ? `\n${detail}` : ''}`);
  process.exitCode = 1;
} finally {
  if (keep) console.error(`pack-smoke: kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
