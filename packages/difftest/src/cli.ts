#!/usr/bin/env node
/**
 * `pnpm difftest [--count N] [--seed S] [--kvm-device PATH]`: runs N random
 * real-mode instruction sequences (default 10000) on the interpreter and on
 * KVM and reports mismatches, with the cases KVM could not emulate counted
 * apart. Without a usable KVM it says why, self-checks the generator on the
 * interpreter alone, and exits 0 when the generator is sound.
 * Exit status: 0 no mismatch (or no KVM and a sound generator), 1 mismatches
 * or an unsound generator, 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createKvmBackend, kvmAvailability } from '@tinyvm/backend-kvm';
import { runDifftest, selfCheck, type DifftestSummary } from './difftest.js';

const SHOWN_MISMATCHES = 20;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`difftest: --${name} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

/** Vectors above 31 come from INT n: one bucket. */
function endings(byEnding: Record<string, number>): string {
  const grouped: Record<string, number> = {};
  for (const [key, n] of Object.entries(byEnding)) {
    const vector = key.startsWith('vector ') ? Number(key.slice(7)) : -1;
    const bucket = vector >= 32 ? 'INT n (vector >= 32)' : key;
    grouped[bucket] = (grouped[bucket] ?? 0) + n;
  }
  return Object.entries(grouped).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ${n}`).join(', ');
}

function report(summary: DifftestSummary): void {
  console.log(`difftest: ${summary.cases} cases: ${summary.matched} match, ${summary.mismatches.length} mismatch, ${summary.couldNotEmulate} KVM could not emulate`);
  if (summary.couldNotEmulate > 0) {
    const opcodes = Object.entries(summary.couldNotEmulateByOpcode).sort(([, a], [, b]) => b - a).map(([k, n]) => `${k} ×${n}`).join(', ');
    console.log(`difftest: KVM could not emulate (first opcode byte KVM reported): ${opcodes}`);
  }
  console.log(`difftest: cases ended on: ${endings(summary.endings)}`);
  for (const m of summary.mismatches.slice(0, SHOWN_MISMATCHES)) {
    console.log(`difftest: MISMATCH seed ${m.seed} code ${m.code}\n  ${m.names}\n  ${m.differences.join('\n  ')}`);
  }
  if (summary.mismatches.length > SHOWN_MISMATCHES) console.log(`difftest: ... ${summary.mismatches.length - SHOWN_MISMATCHES} more mismatches`);
}

const { values } = parseArgs({
  options: { count: { type: 'string' }, seed: { type: 'string' }, 'kvm-device': { type: 'string' } },
  strict: true,
});
const count = positive('count', values.count, 10_000);
const seed = positive('seed', values.seed, 1);
const devicePath = values['kvm-device'] ?? '/dev/kvm';

const availability = kvmAvailability(devicePath);
if (!availability.available) {
  console.log(`difftest: no KVM to compare against (${availability.reason}); self-checking the generator on the interpreter alone`);
  const start = performance.now();
  const check = selfCheck(createInterpBackend(), { count, seed });
  console.log(`difftest: ${check.cases} cases generated and run on the interpreter in ${((performance.now() - start) / 1000).toFixed(1)} s, ${check.invalid.length} invalid`);
  console.log(`difftest: cases ended on: ${endings(check.endings)}`);
  console.log(`difftest: ${Object.keys(check.templates).length} instruction kinds used`);
  for (const bad of check.invalid.slice(0, SHOWN_MISMATCHES)) console.log(`difftest: INVALID seed ${bad.seed} code ${bad.code}: ${bad.why}\n  ${bad.names}`);
  process.exit(check.invalid.length === 0 ? 0 : 1);
}

const start = performance.now();
const summary = runDifftest(createInterpBackend(), createKvmBackend({ devicePath }), {
  count,
  seed,
  onProgress: (done) => {
    if (done % 2048 === 0) console.log(`difftest: ${done}/${count} ...`);
  },
});
report(summary);
console.log(`difftest: ${((performance.now() - start) / 1000).toFixed(1)} s (seed ${seed})`);
process.exit(summary.mismatches.length === 0 ? 0 : 1);
