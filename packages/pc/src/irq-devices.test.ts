import { describe, expect, it } from 'vitest';
import { BIOS_TRAP_PORT } from '@tinyvm/bios';
import type { ExitReason } from '@tinyvm/core';
import { RUN_LIMIT_MS, TEST_BACKENDS, guestBytes, reportSkippedBackends, type TestPc } from './test-guest.js';

reportSkippedBackends('irq-devices.test.ts');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skipReason !== undefined)(`on ${backend.name}`, () => {
    const newPc = (disk: Uint8Array | undefined): TestPc => backend.pc(disk);

    describe('device interrupts through the 8259A pair', () => {
      it('COM1 raises IRQ 4 for received bytes; the guest\'s own INT 0Ch handler echoes them', () => {
        const pc = newPc(guestBytes('serial-irq'));
        try {
          pc.boot();
          // Until the guest has unmasked IRQ 4 on the master PIC (its setup is done), however long that takes.
          pc.run({ timeoutMs: RUN_LIMIT_MS, until: () => (pc.machine.io.read(0x21, 1) & 0x10) === 0 });
          pc.serialInput([...Buffer.from('irq echo.')]);
          const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
          expect(result.stop).toBe('hlt');
          expect(Buffer.from(pc.serialOut).toString()).toBe('irq echo.');
          const interrupts = pc.machine.memory.read16(0x600);
          expect(interrupts).toBeGreaterThanOrEqual(1);
          expect(interrupts).toBeLessThanOrEqual(9);
        } finally {
          pc.dispose();
        }
      });

      it('the RTC\'s periodic interrupt reaches INT 70h through the slave PIC at about 1024 Hz', () => {
        const pc = newPc(guestBytes('rtc-irq'));
        try {
          pc.boot();
          const start = performance.now();
          const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
          const elapsed = performance.now() - start;
          expect(result.stop).toBe('hlt');
          expect(pc.machine.memory.read16(0x604)).toBe(64);
          // 64 interrupts at 1024 Hz take 62.5 ms at least (the RTC follows the host clock; a late
          // host folds periods together, it never makes them come sooner). No upper bound: a loaded
          // host may take much longer without the guest doing anything wrong.
          expect(elapsed).toBeGreaterThan(50);
        } finally {
          pc.dispose();
        }
      });
    });

    describe('interrupts during a BIOS wait', () => {
      it('INT 15h AH=86h wakes for an IRQ that arrives during its trap (the wait stub\'s sti; hlt takes it)', () => {
        const pc = newPc(guestBytes('wait-irq-at-trap'));
        const irq5 = pc.pic.irqLine(5);
        try {
          pc.boot();
          // Each BIOS trap exit (the INT 15h call and its retries) raises IRQ 5, as a device
          // interrupting just then would; the guest masks every other IRQ, so only these wake it.
          const onExit = (exit: ExitReason): void => {
            if (exit.kind !== 'io' || exit.port !== BIOS_TRAP_PORT) return;
            irq5.set(true);
            irq5.set(false);
          };
          const result = pc.run({ timeoutMs: RUN_LIMIT_MS, onExit });
          expect(result.stop).toBe('hlt');
          const mem = pc.machine.memory;
          expect(mem.read16(0x602)).toBe(0x600d);
          expect(mem.read16(0x600)).toBe(0); // CF clear: the wait succeeded
          const calls = pc.bios.counters.calls.get(0x15) ?? 0;
          expect(calls).toBeGreaterThanOrEqual(2); // it was retried
          expect(mem.read16(0x604)).toBe(calls); // one IRQ 5 per trap, none lost
        } finally {
          pc.dispose();
        }
      });
    });

    describe('A20 and reset', () => {
      it('INT 15h switches A20 through the 8042 and port 92h; port 80h keeps POST codes; port 92h reboots', () => {
        const pc = newPc(guestBytes('a20-reset'));
        try {
          pc.boot();
          const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
          expect(result.stop).toBe('hlt');
          const mem = pc.machine.memory;
          expect(mem.read16(0x600)).toBe(1); // on at boot
          expect(mem.read16(0x606)).toBe(0); // off after AX=2400h
          expect(mem.read16(0x602)).toBe(1); // and addresses wrapped at 1 MiB
          expect(mem.read16(0x604)).toBe(0); // on again: no wrap
          expect(pc.postCodes.lastCode).toBe(0x42);
          expect(pc.resets).toBe(1);
          expect(mem.read16(0x608)).toBe(2); // booted twice
        } finally {
          pc.dispose();
        }
      });
    });
  });
}
