#!/usr/bin/env node
// tinyvm's interpreter against v86 (interpreter and JIT) on the same real-mode
// guests, measured in the same process, printed as MIPS and ratios.
//
//   node bench/interp-vs-v86/run.mjs        (or `pnpm bench`, after a build)
//
// Environment: BENCH_RUNS (runs per emulator and guest, best kept; default 3),
// BENCH_SCALE (multiplies every guest's repetition count; default 1),
// BENCH_GUESTS (comma-separated guest names; default all), BENCH_EMULATORS
// (comma-separated from tinyvm, v86-interp, v86-jit; default all; e.g. only
// tinyvm under `node --cpu-prof` when working on the interpreter's speed).
// BENCH_CLOCK=cpu times with the process's CPU time (user + system, all threads)
// instead of wall time: steadier when other work shares the machine.
// The figures are also written to bench/out/interp-vs-v86.json (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUESTS, checkResult, guestImage } from './guests.mjs';
import { formatTable, geometricMean } from './table.mjs';

// The runners are loaded lazily so that a missing build of @tinyvm/backend-interp
// or a broken v86 install shows as a reason on every line instead of a crash.
const tinyvm = await import('./tinyvm-runner.mjs').catch((error) => ({ loadError: error }));
const v86 = await import('./v86-runner.mjs').catch((error) => ({ loadError: error }));
const V86_VERSION = v86.V86_VERSION ?? '(not loaded)';
function loaded(runner, what) {
  if (runner.loadError) throw new Error(`cannot load ${what}: ${runner.loadError.message}`);
  return runner;
}

const RUNS = positiveInteger(process.env.BENCH_RUNS ?? '3', 'BENCH_RUNS');
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
if (!(SCALE > 0)) throw new Error(`BENCH_SCALE must be a positive number, got ${process.env.BENCH_SCALE}`);
const TIMEOUT_MS = 120_000;
const CLOCK = process.env.BENCH_CLOCK ?? 'wall';
if (CLOCK !== 'wall' && CLOCK !== 'cpu') throw new Error(`BENCH_CLOCK must be wall or cpu, got ${CLOCK}`);
/** The warm-up runs use this fraction of each guest's repetitions. */
const WARMUP_FRACTION = 1 / 50;

const selected = process.env.BENCH_GUESTS ? process.env.BENCH_GUESTS.split(',').map((s) => s.trim()) : null;
const guests = selected ? GUESTS.filter((g) => selected.includes(g.name)) : GUESTS;

/** The three contenders; each returns { ms, read } or throws with the reason. */
const ALL_EMULATORS = [
  { key: 'tinyvm', run: async (bytes) => loaded(tinyvm, 'the tinyvm runner').runOnTinyvm(bytes, { timeoutMs: TIMEOUT_MS }) },
  { key: 'v86-interp', run: (bytes) => loaded(v86, 'v86').runOnV86(bytes, { jit: false, timeoutMs: TIMEOUT_MS }) },
  { key: 'v86-jit', run: (bytes) => loaded(v86, 'v86').runOnV86(bytes, { jit: true, timeoutMs: TIMEOUT_MS }) },
];
const emulatorNames = process.env.BENCH_EMULATORS?.split(',').map((s) => s.trim());
const EMULATORS = emulatorNames ? ALL_EMULATORS.filter((e) => emulatorNames.includes(e.key)) : ALL_EMULATORS;
if (EMULATORS.length === 0) throw new Error(`BENCH_EMULATORS names none of ${ALL_EMULATORS.map((e) => e.key).join(', ')}`);

console.log(`tinyvm interpreter (@tinyvm/backend-interp, model 386) vs v86 ${V86_VERSION} on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`);
console.log(`${cpus().length} CPU(s), load average ${loadavg()[0].toFixed(2)} at start (other processes make every column noisy; runs are interleaved and the best kept).`);
console.log('v86-interp: disable_jit: true (interpreter only); v86-jit: default options (x86-to-wasm JIT on).');
console.log(`Each figure is the best of ${RUNS} run(s), after one untimed warm-up run per emulator and guest; a fresh machine per run.`);
console.log(`Time (${CLOCK === 'cpu' ? 'process CPU time, all threads' : 'wall clock'}): from the guest's OUT E9h,'S' to its OUT E9h,'E' (start-up excluded). Every run's memory is checked against a JavaScript model of the guest.`);
console.log('Instructions: counted analytically from each guest\'s loop structure (guests.mjs), the same count for every emulator;');
console.log('  REP MOVSW counted once per element (strmove only). tinyvm\'s own counter is compared with the analytic count below.');
console.log('ratio-interp = tinyvm MIPS / v86-interp MIPS, ratio-jit = tinyvm MIPS / v86-jit MIPS (above 1.00x: tinyvm is faster).\n');

const rows = [];
const notes = [];
/** Largest relative gap between v86's own instruction counter and the analytic count. */
let v86CounterGap = 0;
for (const guest of guests) {
  const reps = Math.min(0xffff, Math.max(1, Math.round(guest.defaultReps * SCALE)));
  const bytes = guestImage(guest, reps);
  const work = guest.work(reps);
  const warmupReps = Math.max(1, Math.round(reps * WARMUP_FRACTION));
  const best = {};
  const failure = {};

  for (const emulator of EMULATORS) {
    try {
      const warm = await emulator.run(guestImage(guest, warmupReps));
      const problems = checkResult(guest, warmupReps, warm.read);
      if (problems.length > 0) failure[emulator.key] = `wrong result: ${problems[0]}`;
    } catch (error) {
      failure[emulator.key] = error instanceof Error ? error.message : String(error);
    }
  }

  // Runs interleave the emulators so a busy moment on the machine hits all of them alike.
  for (let run = 0; run < RUNS; run++) {
    for (const emulator of EMULATORS) {
      if (failure[emulator.key]) continue;
      try {
        const result = await emulator.run(bytes);
        const problems = checkResult(guest, reps, result.read);
        if (problems.length > 0) {
          failure[emulator.key] = `wrong result: ${problems[0]}`;
          continue;
        }
        if (emulator.key === 'tinyvm' && run === 0 && result.instructions !== guest.instructions(reps)) {
          notes.push(`${guest.name}: tinyvm counted ${result.instructions} instructions, the analytic count is ${guest.instructions(reps)}`);
        }
        if (result.counter !== undefined) {
          v86CounterGap = Math.max(v86CounterGap, Math.abs(result.counter - guest.instructions(reps)) / guest.instructions(reps));
        }
        best[emulator.key] = Math.min(best[emulator.key] ?? Infinity, CLOCK === 'cpu' ? result.cpuMs : result.ms);
      } catch (error) {
        failure[emulator.key] = error instanceof Error ? error.message : String(error);
      }
    }
  }

  const mips = {};
  for (const { key } of ALL_EMULATORS) {
    if (EMULATORS.some((e) => e.key === key) && !failure[key]) mips[key] = work / (best[key] * 1000);
  }
  rows.push({ guest: guest.name, work, tinyvmSeconds: best.tinyvm / 1000, mips, failures: failure });
}

console.log(formatTable(rows));
console.log('');

const failed = rows.some((r) => Object.keys(r.failures).length > 0);
if (notes.length > 0) console.log(notes.map((n) => `note: ${n}`).join('\n'));
else if (rows.some((r) => r.mips.tinyvm)) console.log('note: tinyvm\'s instruction counter matched the analytic count on every guest it ran.');
console.log(failed ? 'note: some runs failed; the reason is on their line.' : 'note: every run\'s memory matched its guest\'s model.');
if (v86CounterGap > 0) {
  console.log(`note: v86's own instruction counter (REP once) was within ${(v86CounterGap * 100).toFixed(2)}% of the analytic count on every run.`);
}
const outFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'interp-vs-v86.json');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify({
  date: new Date().toISOString(), node: process.version, v86: V86_VERSION, cpu: cpus()[0]?.model, runs: RUNS, scale: SCALE, clock: CLOCK,
  rows: rows.map(({ guest, work, mips, failures }) => ({ guest, work, mips, failures })),
  notes,
}, null, 2)}\n`);
console.log(`figures written to ${outFile}; load average ${loadavg()[0].toFixed(2)} at the end.`);

// The geometric mean can hide a guest where tinyvm is behind, so the lowest ratio is shown too.
const summarise = (other) => {
  const ratios = rows.filter((r) => r.mips.tinyvm && r.mips[other]).map((r) => ({ guest: r.guest, ratio: r.mips.tinyvm / r.mips[other] }));
  if (ratios.length === 0) return `tinyvm / ${other}: n/a`;
  const lowest = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const ahead = ratios.filter((r) => r.ratio > 1).length;
  return `tinyvm / ${other}: ahead on ${ahead} of ${rows.length} guests, lowest ${formatRatio(lowest.ratio)} (${lowest.guest}), ` +
    `geometric mean ${formatRatio(geometricMean(ratios.map((r) => r.ratio)))}`;
};
console.log(`summary: ${summarise('v86-interp')}; ${summarise('v86-jit')}`);
process.exit(0);

function formatRatio(x) {
  return Number.isFinite(x) ? `${x.toFixed(2)}x` : 'n/a';
}

function positiveInteger(text, name) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${text}`);
  return n;
}
