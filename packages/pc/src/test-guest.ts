/** Test helpers: the committed guest binaries and a PC on the interpreter. */
import { readFileSync } from 'node:fs';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createKvmBackend, kvmAvailability } from '@tinyvm/backend-kvm';
import type { VcpuBackend } from '@tinyvm/core';
import { createPc, type Pc, type PcOptions } from './pc.js';

export const GUEST_DIR = new URL('./test-guests/', import.meta.url);

/**
 * How long a guest test lets a run go on before giving up. Generous on purpose: the
 * tests assert what the guest ends up showing (a halt, a screen, registers, counts it
 * kept), and a run that gets there returns at once, so the limit only bounds a broken
 * run. A loaded machine (CI has 2 cores shared with other jobs) can slow a correct
 * guest down many times over; it must not make it fail. (Vitest's own limit is 60 s.)
 * TINYVM_RUN_LIMIT_MS raises it where every guest instruction is slow on purpose: KVM
 * nested inside QEMU's software emulation (backend-kvm/scripts/test-under-qemu.sh),
 * together with vitest's --testTimeout.
 */
export const RUN_LIMIT_MS = runLimitFromEnvironment(process.env.TINYVM_RUN_LIMIT_MS) ?? 15_000;

function runLimitFromEnvironment(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`TINYVM_RUN_LIMIT_MS: "${value}" is not a positive number of milliseconds`);
  return ms;
}

export function guestBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${name}.bin`, GUEST_DIR)));
}

export interface TestPc extends Pc {
  serialOut: number[];
  debugOut: number[];
}

/** A PC on the interpreter booting `disk`, with COM1 and port E9h captured. */
export function interpPc(disk: Uint8Array | undefined, options: Partial<PcOptions> = {}): TestPc {
  return testPc(createInterpBackend(), disk, options);
}

export interface TestBackend {
  name: string;
  /** Why the tests on this backend are skipped here, or undefined when they run. */
  skipReason: string | undefined;
  pc(disk: Uint8Array | undefined, options?: Partial<PcOptions>): TestPc;
}

const kvm = kvmAvailability();

/**
 * The backends every guest test runs on: the interpreter, and KVM where /dev/kvm
 * opens (here: only KVM nested in QEMU, backend-kvm/scripts/test-under-qemu.sh;
 * see docs/kvm-interrupts.md).
 */
export const TEST_BACKENDS: readonly TestBackend[] = [
  { name: 'interp', skipReason: undefined, pc: (disk, options) => interpPc(disk, options) },
  { name: 'kvm', skipReason: kvm.available ? undefined : kvm.reason, pc: (disk, options) => testPc(createKvmBackend(), disk, options ?? {}) },
];

/** Prints, once per test file, why a backend's tests are skipped. */
export function reportSkippedBackends(file: string): void {
  for (const b of TEST_BACKENDS) if (b.skipReason) console.log(`${file}: skipping the ${b.name} runs: ${b.skipReason}`);
}

function testPc(backend: VcpuBackend, disk: Uint8Array | undefined, options: Partial<PcOptions>): TestPc {
  const serialOut: number[] = [];
  const debugOut: number[] = [];
  const pc = createPc({
    backend,
    disk,
    serial: { write: (bytes) => serialOut.push(...bytes) },
    debugcon: { write: (bytes) => debugOut.push(...bytes) },
    ...options,
  }) as TestPc;
  pc.serialOut = serialOut;
  pc.debugOut = debugOut;
  return pc;
}

/** The screen's rows with trailing blanks removed, and empty rows at the bottom dropped. */
export function screen(pc: Pc): string[] {
  const rows = pc.vga.text({ trimEnd: true });
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows;
}

/** Runs until `text` is on the screen (or the timeout). */
export function runUntilScreen(pc: Pc, text: string, timeoutMs = RUN_LIMIT_MS): void {
  pc.run({ timeoutMs, until: () => screen(pc).join('\n').includes(text) });
}
