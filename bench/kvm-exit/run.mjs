#!/usr/bin/env node
// bench/kvm-exit: the cost of one KVM exit round trip through the TypeScript
// Machine dispatch loop (KvmBackend.run -> decode -> Bus -> device -> KVM_RUN),
// against kvm_exit.c doing the same KVM_RUN loop on the same guest, measured in
// the same run. Prints ns/exit for both and the ratio TS/C (target <= 1.10).
// Without a usable /dev/kvm it only checks that kvm_exit.c compiles, says why it
// skipped, and exits 0.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { Machine, realModeState } = await import(join(root, 'packages/core/dist/index.js'));
const { createKvmBackend, kvmAvailability } = await import(join(root, 'packages/backend-kvm/dist/index.js'));

/** TINYVM_BENCH_ITERATIONS overrides it, for slow hosts (nested KVM under emulation). */
const ITERATIONS = Number(process.env.TINYVM_BENCH_ITERATIONS) || 1_000_000;
const PORT = 0x10;
const ROUNDS = 3;
const TARGET_RATIO = 1.1;
/** packages/backend-kvm/src/test-guests/out-loop.asm: out dx, al; dec ecx; jnz $-3; hlt (org 0x1000). */
const GUEST = Uint8Array.from([0xee, 0x66, 0x49, 0x75, 0xfb, 0xf4]);
const GUEST_ADDRESS = 0x1000;

const dir = mkdtempSync(join(tmpdir(), 'tinyvm-bench-kvm-'));
try {
  const binary = join(dir, 'kvm_exit');
  const compile = spawnSync('cc', ['-std=gnu11', '-O2', '-Wall', '-Werror', '-o', binary, join(here, 'kvm_exit.c')], { encoding: 'utf8' });
  if (compile.error || compile.status !== 0) {
    console.log(`kvm-exit: cannot compile kvm_exit.c: ${compile.error?.message ?? compile.stderr.trim()}`);
    process.exit(1);
  }
  const availability = kvmAvailability();
  if (!availability.available) {
    console.log(`kvm-exit: skipped: ${availability.reason} (kvm_exit.c compiles; nothing to measure without KVM)`);
    process.exit(0);
  }

  const c = [];
  const ts = [];
  for (let round = 0; round < ROUNDS; round++) {
    c.push(runC(binary));
    ts.push(runTypeScript());
  }
  const bestC = Math.min(...c);
  const bestTs = Math.min(...ts);
  const ratio = bestTs / bestC;
  console.log(`kvm-exit: ${ITERATIONS} OUT exits per run, best of ${ROUNDS} runs`);
  console.log(`  C  (kvm_exit.c)         ${bestC.toFixed(1)} ns/exit   runs: ${c.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  TS (Machine+KvmBackend) ${bestTs.toFixed(1)} ns/exit   runs: ${ts.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  ratio TS/C ${ratio.toFixed(3)} (target <= ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'met' : 'NOT met'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function runC(binary) {
  const result = spawnSync(binary, [String(ITERATIONS), String(PORT)], { encoding: 'utf8' });
  const match = /exits (\d+) ns_per_exit ([\d.]+)/.exec(result.stdout);
  if (result.status !== 0 || !match) throw new Error(`kvm_exit failed: ${result.stderr.trim() || result.stdout.trim()}`);
  return Number(match[2]);
}

function runTypeScript() {
  const machine = new Machine({ backend: createKvmBackend() });
  try {
    machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
    machine.memory.write(GUEST_ADDRESS, GUEST);
    machine.backend.setState(realModeState({ cs: 0, ip: GUEST_ADDRESS, registers: { ecx: ITERATIONS, edx: PORT } }));
    let sum = 0;
    machine.addIoDevice(PORT, 1, { name: 'sink', read: () => 0xff, write: (_offset, _size, value) => { sum += value; } });
    const start = performance.now();
    const result = machine.run();
    const elapsed = performance.now() - start;
    const exits = result.exits.byKind.io ?? 0;
    if (result.stop !== 'hlt' || exits !== ITERATIONS) {
      throw new Error(`the TypeScript run stopped with ${result.stop} after ${exits} io exits (expected hlt after ${ITERATIONS})`);
    }
    return (elapsed * 1e6) / exits;
  } finally {
    machine.dispose();
  }
}
