import { describe, expect, it } from 'vitest';
import { RUN_LIMIT_MS, TEST_BACKENDS, guestBytes, reportSkippedBackends, screen, type TestPc } from './test-guest.js';

reportSkippedBackends('run-async.test.ts');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skipReason !== undefined)(`on ${backend.name}`, () => {
    const newPc = (disk: Uint8Array | undefined): TestPc => backend.pc(disk);

    it('runAsync lets host input arrive while the guest sleeps in INT 16h', async () => {
      const pc = newPc(guestBytes('keyboard'));
      try {
        pc.boot();
        // Keys typed from a host timer while the guest is halted in INT 16h's sti/hlt: the timer
        // waits for the prompt, which the guest shows just before it asks for keys. (A fixed delay
        // raced the boot: under KVM nested in QEMU the guest reached INT 16h after more than a
        // second, so keys typed earlier went in before its AH=05h key and AH=00h took the 'o'.)
        let typedAt = 0;
        const typer = setInterval(() => {
          if (screen(pc).join('') !== '>') return;
          clearInterval(typer);
          typedAt = performance.now();
          pc.keyboard.type('ok');
          pc.keyboard.press('Enter');
        }, 10);
        const result = await pc.runAsync({ timeoutMs: RUN_LIMIT_MS }).finally(() => clearInterval(typer));
        expect(result.stop).toBe('hlt');
        expect(screen(pc)).toEqual(['> ok']);
        // The keys came from the timer, during the run: the guest could only halt after them.
        // (How soon after is the host's business: a loaded machine may take its time.)
        expect(typedAt).toBeGreaterThan(0);
      } finally {
        pc.dispose();
      }
    });
  });
}
