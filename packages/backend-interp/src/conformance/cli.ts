#!/usr/bin/env node
/**
 * `pnpm conformance [--cpu 8086|286] [--only PREFIX] [--limit N] [--exact-flags] [--blocks] [DIR]`: runs
 * the chip tests and prints the failures grouped by opcode, then `N passed, M failed`.
 * --exact-flags compares undefined flags too (the chip's actual values).
 * --blocks runs every instruction the block compiler translates as a compiled block.
 * DIR defaults to shared/conformance/8086 or 80286 beside the repository.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConformanceRunner, listTestFiles, loadFlagMasks, loadRevoked, runFile, type ConformanceCpu,
} from './runner.js';

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function main(argv: string[]): number {
  let cpu: ConformanceCpu = '8086';
  let dir: string | undefined;
  let only: string | undefined;
  let limit: number | undefined;
  let examples = 3;
  let exactFlags = false;
  let blocks = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cpu') {
      const value = argv[++i];
      if (value !== '8086' && value !== '286') {
        console.error(`conformance: --cpu must be 8086 or 286, not "${value}"`);
        return 2;
      }
      cpu = value;
    } else if (arg === '--only') only = argv[++i];
    else if (arg === '--limit') limit = Number(argv[++i]);
    else if (arg === '--examples') examples = Number(argv[++i]);
    else if (arg === '--exact-flags') exactFlags = true;
    else if (arg === '--blocks') blocks = true;
    else if (arg === '--debug') continue;
    else if (arg.startsWith('--')) {
      console.error(`conformance: unknown option ${arg}`);
      return 2;
    } else dir = arg;
  }
  const root = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const folder = resolve(dir ?? join(root, '..', 'shared', 'conformance', cpu === '8086' ? '8086' : '80286'));
  if (!existsSync(folder)) {
    console.error(`conformance: no test folder at ${folder}`);
    return 2;
  }
  // The 286 has no published masks; the 8086's describe the same undefined flags.
  const masks = exactFlags ? new Map<string, number>() : loadFlagMasks(join(folder, '..', '8086'));
  const revoked = loadRevoked(folder);
  const runner = new ConformanceRunner(cpu, { blocks });
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of listTestFiles(folder)) {
    if (only !== undefined && !only.split(',').some((p) => file.startsWith(p))) continue;
    const result = runFile(runner, folder, file, { limit, masks, revoked, keepFailures: examples });
    passed += result.passed;
    failed += result.failed;
    skipped += result.skipped;
    if (result.failed > 0) {
      console.log(`${file.replace('.MOO.gz', '')}: ${result.failed} of ${result.passed + result.failed} failed`);
      for (const f of result.failures) console.log(`  #${f.index} ${f.name} [${f.bytes}]: ${f.differences.slice(0, 4).join('; ')}`);
    }
  }
  if (skipped > 0) console.log(`${skipped} revoked tests skipped`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  // One clear line (a bad MOO file, an unreadable folder); the stack only with --debug.
  console.error(`conformance: ${error instanceof Error ? error.message : String(error)}`);
  if (process.argv.includes('--debug')) console.error(error);
  process.exitCode = 2;
}
