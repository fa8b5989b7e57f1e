/**
 * The fallback guest on real KVM (skipped, saying why, where /dev/kvm is not
 * usable; backend-kvm's scripts/test-under-qemu.sh runs it on nested KVM).
 * Whether KVM needs the interpreter depends on the host (its emulator runs
 * real mode only without unrestricted-guest support): the count is printed,
 * the guest's results must be right either way.
 */
import { describe, expect, it } from 'vitest';
import { Machine, realModeState } from '@tinyvm/core';
import { createKvmBackend, kvmAvailability } from '@tinyvm/backend-kvm';
import { withInterpreterFallback } from './index.js';
import { GUEST_ADDRESS, GUESTS } from './test-guests.js';

const kvm = kvmAvailability();
if (!kvm.available) console.log(`fallback: skipping the real-KVM test: ${kvm.reason}`);

describe.skipIf(!kvm.available)('the fallback on KVM', () => {
  it('runs the DAA/AAA/BOUND guest to HLT with the right registers and screen', () => {
    const options = withInterpreterFallback({ backend: createKvmBackend() });
    const machine = new Machine(options);
    try {
      machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
      const screen = new Uint8Array(0x1000);
      machine.addMmioDevice(0xb8000, screen.length, {
        read: (offset, size) => (size === 1 ? screen[offset] : screen[offset] | (screen[offset + 1] << 8)),
        write: (offset, size, value) => {
          for (let i = 0; i < size; i++) screen[offset + i] = (value >>> (8 * i)) & 0xff;
        },
      });
      machine.memory.write(GUEST_ADDRESS, GUESTS['bcd-bound']);
      machine.backend.setState(realModeState({ cs: 0, ip: GUEST_ADDRESS }));
      const result = machine.run({ timeoutMs: 20_000 });
      console.log(`fallback on KVM: ${options.fallback.stats.instructions} instructions run by the interpreter`);
      expect(result.stop).toBe('hlt');
      const state = machine.backend.getState();
      expect(state.ebx & 0xff).toBe(0x15);
      expect(state.eax & 0xffff).toBe(0x0107);
      expect(state.edx & 0xffff).toBe(0x0150);
      expect(state.ecx & 0xffff).toBe(1);
      expect(state.ebp & 0xffff).toBe(0x1f4b);
      expect(Array.from(screen.subarray(0, 4))).toEqual([0x4f, 0x1f, 0x4b, 0x1f]);
    } finally {
      machine.dispose();
      options.fallback.dispose();
    }
  });
});
