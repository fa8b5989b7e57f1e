import { createKvmBackend, kvmAvailability } from '@tinyvm/backend-kvm';
import { BackendError, type VcpuBackend } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { describe, expect, it } from 'vitest';
import { createPc } from './pc.js';
import { guestBytes } from './test-guest.js';

/** The interpreter without its raiseInterrupt: what createPc sees of a backend that cannot inject. */
function withoutInjection(): VcpuBackend {
  const inner = createInterpBackend();
  return {
    name: 'no-irq',
    createRegion: (spec) => inner.createRegion(spec),
    attachMmio: (bus) => inner.attachMmio(bus),
    run: (options) => inner.run(options),
    getState: () => inner.getState(),
    setState: (state) => inner.setState(state),
    dispose: () => inner.dispose(),
  };
}

it('refuses a backend that cannot inject interrupts, saying why', () => {
  const make = () => createPc({ backend: withoutInjection(), disk: guestBytes('boot-loader') });
  expect(make).toThrow(BackendError);
  expect(make).toThrow('the no-irq backend cannot inject interrupts yet, which a PC needs (timer, keyboard); use the interpreter');
});

const kvm = kvmAvailability();
if (!kvm.available) console.log(`pc: skipping the PC-on-KVM test: ${kvm.reason}`);

describe.skipIf(!kvm.available)('the PC on KVM (interrupts injected by backend-kvm/src/interrupts.ts)', () => {
  // Never run: written on a machine without /dev/kvm. The same guests and expectations as on the interpreter.
  it('boots the two-stage loader: INT 13h, a key through IRQ 1 into INT 16h, timer ticks', () => {
    const backend = createKvmBackend();
    const pc = createPc({ backend, disk: guestBytes('boot-loader') });
    try {
      pc.boot();
      pc.run({ timeoutMs: 5000, until: () => pc.vga.text().join('\n').includes('Press a key:') });
      pc.keyboard.type('q');
      expect(pc.run({ timeoutMs: 5000 }).stop).toBe('hlt');
      expect(pc.vga.text({ trimEnd: true }).slice(0, 3)).toEqual(['Stage 1 loaded', 'Stage 2 running from sector 2', 'Press a key: q']);
      expect(pc.vga.text({ trimEnd: true })[3]).toMatch(/^Timer ticks OK, RTC time \d\d:\d\d$/);
    } finally {
      pc.dispose();
    }
  });

  it('ticks the timer while the guest spins without exits', () => {
    const pc = createPc({ backend: createKvmBackend(), disk: guestBytes('spin-timer') });
    try {
      pc.boot();
      expect(pc.run({ timeoutMs: 5000 }).stop).toBe('hlt');
      expect(pc.machine.memory.read16(0x602)).toBe(5);
      expect(pc.machine.memory.read16(0x600)).toBeGreaterThanOrEqual(5);
    } finally {
      pc.dispose();
    }
  });
});
