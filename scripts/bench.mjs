#!/usr/bin/env node
// Runs every benchmark under bench/*/run.mjs in turn, each in its own process so one
// benchmark's JIT warm-up or memory does not colour another's figures.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');
const only = process.argv.slice(2);
const names = existsSync(benchDir) ? readdirSync(benchDir).filter((n) => existsSync(join(benchDir, n, 'run.mjs'))).sort() : [];
let failed = 0;
for (const name of names) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, [join(benchDir, name, 'run.mjs')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    failed++;
    console.log(`bench/${name} exited with status ${result.status}`);
  }
}
if (names.length === 0) console.log('no benchmarks found under bench/');
process.exit(failed === 0 ? 0 : 1);
