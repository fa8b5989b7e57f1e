/**
 * The fallback on backend-kvm's fake /dev/kvm, whose tiny CPU stops with an
 * emulation error (suberror 1) on every instruction it does not know — among
 * them DAA, AAA and BOUND, as KVM's instruction emulator does. The same guests
 * also run on the interpreter alone: KVM + fallback must end in the same state.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Machine, realModeState, type VcpuBackend } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { InterpreterFallback, withInterpreterFallback } from './index.js';
import { FAKE_DEVICE, loadFakeKvm } from './test-fake-kvm.js';
import { GUEST_ADDRESS, GUESTS, type GuestName } from './test-guests.js';

const fake = await loadFakeKvm();
if ('skip' in fake) console.log(`fallback: skipping the fake-KVM tests: ${fake.skip}`);
afterAll(() => {
  if ('cleanup' in fake) fake.cleanup();
});

const SCREEN_BASE = 0xb8000;

/** A machine with 64 KiB of RAM, a text screen as an MMIO device at B8000, and ports 0xE9-0xEA echoing the last write. */
function machineFor(name: GuestName, backend: VcpuBackend, fallback?: InterpreterFallback) {
  const options = fallback ? { backend, onInternalError: fallback.handle } : { backend };
  const machine = new Machine(options);
  machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
  const screen = new Uint8Array(0x1000);
  machine.addMmioDevice(SCREEN_BASE, screen.length, {
    read: (offset, size) => (size === 1 ? screen[offset] : screen[offset] | (screen[offset + 1] << 8)),
    write: (offset, size, value) => {
      for (let i = 0; i < size; i++) screen[offset + i] = (value >>> (8 * i)) & 0xff;
    },
  });
  const portWrites: [size: number, value: number][] = [];
  let last = 0;
  machine.addIoDevice(0xe9, 2, {
    read: () => last & 0xff,
    write: (_offset, size, value) => {
      portWrites.push([size, value]);
      last = value;
    },
  });
  machine.memory.write(GUEST_ADDRESS, GUESTS[name]);
  backend.setState(realModeState({ cs: 0, ip: GUEST_ADDRESS }));
  return { machine, screen, portWrites };
}

/** Characters of the first `cells` text cells. */
function text(screen: Uint8Array, cells: number): string {
  return String.fromCharCode(...Array.from({ length: cells }, (_, i) => screen[2 * i]));
}

describe.skipIf('skip' in fake)('KVM with the interpreter fallback (fake KVM)', () => {
  const kvm = 'kvm' in fake ? fake.kvm : undefined;
  const createKvm = () => kvm!.createKvmBackend({ devicePath: FAKE_DEVICE });

  it('runs a guest using DAA, AAA and BOUND (with a #BR) to HLT, with the right registers and screen', () => {
    const fallback = new InterpreterFallback();
    const { machine, screen, portWrites } = machineFor('bcd-bound', createKvm(), fallback);
    try {
      const result = machine.run({ timeoutMs: 10_000 });
      expect(result.error).toBeUndefined();
      expect(result.stop).toBe('hlt');
      const state = machine.backend.getState();
      expect(state.ebx & 0xff).toBe(0x15); // DAA of 0x0F
      expect(state.eax & 0xffff).toBe(0x0107); // AAA after 9 + 8
      expect(state.edx & 0xffff).toBe(0x0150); // set by the #BR handler, then BOUND passed
      expect(state.ecx & 0xffff).toBe(1); // #BR taken once
      expect(state.ebp & 0xffff).toBe(0x1f4b); // read back from the screen by the interpreter
      expect(text(screen, 2)).toBe('OK');
      expect(Array.from(screen.subarray(0, 4))).toEqual([0x4f, 0x1f, 0x4b, 0x1f]);
      expect(portWrites).toEqual([[1, 0x07]]);
      // Every instruction the fake does not know went to the interpreter (see bcd-bound.asm):
      // 2 IVT stores, DAA, ADD, AAA, BOUND ×3 (one faulting), INC and IRET in the handler,
      // PUSH, POP, MOV CX, MOV [2], MOV BP, MOV CH, MOV CL.
      expect(fallback.stats).toEqual({ instructions: 17, ioAccesses: 0, mmioAccesses: 2 });
      // The emulation errors are exits the machine saw (and resumed from).
      expect(result.exits.byKind['internal-error']).toBe(17);
    } finally {
      machine.dispose();
      fallback.dispose();
    }
  });

  it('ends in the same state as the interpreter alone', () => {
    for (const name of ['bcd-bound', 'port-io'] as const) {
      const options = withInterpreterFallback({ backend: createKvm() });
      const onKvm = machineFor(name, options.backend, options.fallback);
      const onInterp = machineFor(name, createInterpBackend());
      try {
        expect(onKvm.machine.run({ timeoutMs: 10_000 }).stop).toBe('hlt');
        expect(onInterp.machine.run({ timeoutMs: 10_000 }).stop).toBe('hlt');
        const a = onKvm.machine.backend.getState();
        const b = onInterp.machine.backend.getState();
        for (const key of ['eax', 'ebx', 'ecx', 'edx', 'esp', 'ebp', 'esi', 'edi', 'eip', 'eflags'] as const) {
          expect([name, key, a[key]]).toEqual([name, key, b[key]]);
        }
        expect(onKvm.screen).toEqual(onInterp.screen);
        expect(onKvm.portWrites).toEqual(onInterp.portWrites);
        expect(onKvm.machine.memory.view(0, 0x10000)).toEqual(onInterp.machine.memory.view(0, 0x10000));
      } finally {
        onKvm.machine.dispose();
        onInterp.machine.dispose();
        options.fallback.dispose();
      }
    }
  });

  it('sends port I/O of a fallen-back instruction through the machine port bus', () => {
    const options = withInterpreterFallback({ backend: createKvm() });
    const { machine, portWrites } = machineFor('port-io', options.backend, options.fallback);
    try {
      const result = machine.run({ timeoutMs: 10_000 });
      expect(result.stop).toBe('hlt');
      expect(portWrites).toEqual([[2, 0x4241]]);
      // IN AL,DX read back the low byte of the last write, stored by the interpreter, then MOV BL,AL on KVM.
      expect(machine.backend.getState().ebx & 0xff).toBe(0x41);
      // OUT DX,AX and IN AL,DX (the fake knows the MOVs and HLT).
      expect(options.fallback.stats).toEqual({ instructions: 2, ioAccesses: 2, mmioAccesses: 0 });
    } finally {
      machine.dispose();
      options.fallback.dispose();
    }
  });

  it('without the fallback, stops with the internal error at the first unknown instruction', () => {
    const { machine, screen } = machineFor('bcd-bound', createKvm());
    try {
      const result = machine.run({ timeoutMs: 10_000 });
      expect(result.stop).toBe('error');
      expect(result.error).toMatchObject({ code: 'internal-error' });
      expect(result.exit).toMatchObject({ kind: 'internal-error', suberror: 1, data: [GUEST_ADDRESS, 0xc7] });
      expect(text(screen, 2)).toBe('\0\0');
    } finally {
      machine.dispose();
    }
  });

  it('refuses an x87 instruction with a clear error instead of running it without an FPU', () => {
    const options = withInterpreterFallback({ backend: createKvm() });
    const { machine } = machineFor('fpu', options.backend, options.fallback);
    try {
      expect(() => machine.run({ timeoutMs: 10_000 })).toThrow(
        expect.objectContaining({ code: 'fallback-x87', message: expect.stringMatching(/x87 instruction at 0000:1000 \(db e3 f4/) }),
      );
      expect(options.fallback.stats.instructions).toBe(0);
    } finally {
      machine.dispose();
      options.fallback.dispose();
    }
  });

  it('leaves internal errors other than emulation failures to the handler it wraps', () => {
    const seen: number[] = [];
    const options = withInterpreterFallback({
      backend: createInterpBackend(),
      onInternalError: (exit) => {
        seen.push(exit.suberror);
        return false;
      },
    });
    const machine = new Machine(options);
    try {
      expect(options.onInternalError!({ kind: 'internal-error', suberror: 3, reason: 'delivery', data: [] }, machine)).toBe(false);
      expect(seen).toEqual([3]);
      expect(options.fallback.stats.instructions).toBe(0);
    } finally {
      machine.dispose();
    }
  });
});
