import { describe, expect, it } from 'vitest';
import { TEST_BACKENDS, guestBytes, reportSkippedBackends, screen, type TestPc } from './test-guest.js';

reportSkippedBackends('run-async.test.ts');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skipReason !== undefined)(`on ${backend.name}`, () => {
    const newPc = (disk: Uint8Array | undefined): TestPc => backend.pc(disk);

    it('runAsync lets host input arrive while the guest sleeps in INT 16h, and wakes it at once', async () => {
      const pc = newPc(guestBytes('keyboard'));
      try {
        pc.boot();
        // Keys typed from a host timer while the guest is halted in INT 16h's sti/hlt.
        let typedAt = 0;
        setTimeout(() => {
          typedAt = performance.now();
          pc.keyboard.type('ok');
          pc.keyboard.press('Enter');
        }, 150);
        const result = await pc.runAsync({ timeoutMs: 3000 });
        const doneAt = performance.now();
        expect(result.stop).toBe('hlt');
        expect(screen(pc)).toEqual(['> ok']);
        expect(typedAt).toBeGreaterThan(0);
        // Woken by the keys, not by waiting out the idle sleep many times over.
        expect(doneAt - typedAt).toBeLessThan(500);
      } finally {
        pc.dispose();
      }
    });
  });
}
