/**
 * A PC on KVM with the interpreter fallback, on backend-kvm's fake /dev/kvm: its tiny
 * CPU knows a handful of instructions (MOV AL/AX/DX, OUT, IN, HLT, ...) and stops with
 * an emulation error (suberror 1) on the rest, DAA and AAA among them, as KVM's
 * emulator does on hosts without unrestricted guest. The PC's run loop must hand each
 * such exit to onInternalError and resume the guest when it was dealt with.
 *
 * The fake cannot inject interrupts (no KVM_INTERRUPT): the guest needs none (it only
 * calls the BIOS and ends in `cli; hlt`).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { InterpreterFallback } from '@tinyvm/fallback';
import { createPc } from './pc.js';
import { FAKE_DEVICE, loadFakeKvm } from './test-fake-kvm.js';

const fake = await loadFakeKvm();
if ('skip' in fake) console.log(`pc: skipping the fake-KVM fallback tests: ${fake.skip}`);
afterAll(() => {
  if ('cleanup' in fake) fake.cleanup();
});

/** A boot sector printing "DAA 15 AAA 0107" through INT 10h (test-guests/bcd-teletype.asm). */
const disk = new Uint8Array(readFileSync(new URL('./test-guests/bcd-teletype.bin', import.meta.url)));
const RUN_LIMIT_MS = 15_000;

describe.skipIf('skip' in fake)('a PC on (fake) KVM with the interpreter fallback', () => {
  const createKvm = () => ('kvm' in fake ? fake.kvm : undefined)!.createKvmBackend({ devicePath: FAKE_DEVICE });

  it('boots a disk whose DAA and AAA KVM cannot emulate: the results on screen, as on the interpreter alone', () => {
    const fallback = new InterpreterFallback();
    const pc = createPc({ backend: createKvm(), disk, onInternalError: fallback.handle });
    const alone = createPc({ backend: createInterpBackend(), disk });
    try {
      pc.boot();
      const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
      expect(result.error).toBeUndefined();
      expect(result.stop).toBe('hlt');
      expect(pc.textRows()[0]).toBe('DAA 15 AAA 0107');
      // Every emulation error was an exit the loop saw and resumed from, one instruction each.
      expect(fallback.stats.instructions).toBeGreaterThan(2);
      expect(result.exits.byKind['internal-error']).toBe(fallback.stats.instructions);
      // The BIOS ran on KVM: its stubs' OUT to the trap port is an instruction the fake knows.
      expect(pc.bios.counters.calls.get(0x10)).toBe(15);
      alone.boot();
      expect(alone.run({ timeoutMs: RUN_LIMIT_MS }).stop).toBe('hlt');
      expect(pc.textRows()).toEqual(alone.textRows());
      const [a, b] = [pc.machine.backend.getState(), alone.machine.backend.getState()];
      for (const key of ['eax', 'ebx', 'ecx', 'edx', 'esp', 'esi', 'edi', 'eip', 'eflags'] as const) expect([key, a[key]]).toEqual([key, b[key]]);
    } finally {
      pc.dispose();
      alone.dispose();
      fallback.dispose();
    }
  });

  it('without a handler, stops at the first instruction KVM cannot emulate with the internal error', () => {
    const pc = createPc({ backend: createKvm(), disk });
    try {
      pc.boot();
      const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
      expect(result.stop).toBe('error');
      expect(result.error).toMatchObject({ code: 'internal-error' });
      // xor ax, ax at 0000:7C00 (31 C0) is not one the fake knows.
      expect(result.exit).toMatchObject({ kind: 'internal-error', suberror: 1, data: [0x7c00, 0x31] });
      expect(pc.textRows().join('')).toBe('');
    } finally {
      pc.dispose();
    }
  });

  it('a handler that declines (returns false) stops the run the same way', () => {
    let asked = 0;
    const pc = createPc({ backend: createKvm(), disk, onInternalError: () => { asked++; return false; } });
    try {
      pc.boot();
      const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
      expect(result.stop).toBe('error');
      expect(asked).toBe(1);
    } finally {
      pc.dispose();
    }
  });
});
