import { describe, expect, it } from 'vitest';
import { RUN_LIMIT_MS, TEST_BACKENDS, guestBytes, reportSkippedBackends, runUntilScreen, screen, type TestPc } from './test-guest.js';

reportSkippedBackends('boot.test.ts');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skipReason !== undefined)(`on ${backend.name}`, () => {
    const newPc = (disk: Uint8Array | undefined): TestPc => backend.pc(disk);

    describe('a two-stage boot disk (INT 10h, 13h, 16h, 1Ah)', () => {
      it('loads stage 2 with INT 13h, waits for a key, counts timer ticks and reads the RTC', () => {
        const pc = newPc(guestBytes('boot-loader'));
        try {
          pc.boot();
          runUntilScreen(pc, 'Press a key:');
          expect(screen(pc)).toEqual(['Stage 1 loaded', 'Stage 2 running from sector 2', 'Press a key:']);
          // Without a key the guest stays asleep in INT 16h; the hardware cursor (CRTC) is after the prompt's space.
          expect(pc.run({ timeoutMs: 200 }).stop).toBe('timeout');
          expect(pc.vga.cursor).toMatchObject({ row: 2, col: 13 });

          // The guest is now asleep in INT 16h (sti; hlt): a key wakes it through IRQ 1.
          pc.keyboard.type('q');
          const before = new Date();
          const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
          expect(result.stop).toBe('hlt');
          const rows = screen(pc);
          expect(rows.slice(0, 3)).toEqual(['Stage 1 loaded', 'Stage 2 running from sector 2', 'Press a key: q']);
          // HH:MM from the RTC, which follows the host clock.
          const match = /^Timer ticks OK, RTC time (\d\d):(\d\d)$/.exec(rows[3]);
          expect(match).not.toBeNull();
          const minutes = Number(match![1]) * 60 + Number(match![2]);
          const hostMinutes = before.getHours() * 60 + before.getMinutes();
          expect(Math.abs(minutes - hostMinutes) % (24 * 60)).toBeLessThanOrEqual(1);
          // AX = the key word: scan code 10h ('q'), ASCII 71h.
          expect(pc.machine.backend.getState().eax & 0xffff).toBe(0x1071);
          // Three ticks took at least two tick periods of host time.
          expect(pc.bios.counters.calls.get(0x08)).toBeGreaterThanOrEqual(3);
        } finally {
          pc.dispose();
        }
      });
    });
  });
}
