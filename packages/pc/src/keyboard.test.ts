import { describe, expect, it } from 'vitest';
import { RUN_LIMIT_MS, TEST_BACKENDS, guestBytes, reportSkippedBackends, runUntilScreen, screen, type TestPc } from './test-guest.js';

reportSkippedBackends('keyboard.test.ts');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skipReason !== undefined)(`on ${backend.name}`, () => {
    const newPc = (disk: Uint8Array | undefined): TestPc => backend.pc(disk);

    it('INT 16h reads keys typed through the 8042 and IRQ 1, with shift state and extended keys', () => {
      const pc = newPc(guestBytes('keyboard'));
      try {
        pc.boot();
        // Until the prompt: the guest then waits in INT 16h AH=10h for the first key.
        runUntilScreen(pc, '>');
        expect(screen(pc)).toEqual(['>']);
        const mem = pc.machine.memory;
        expect(mem.read16(0x600)).toBe(1); // empty buffer: ZF=1
        expect(mem.read8(0x602)).toBe(0); // AH=05h stored the word
        expect(mem.read16(0x604)).toBe(0x1234); // and AH=00h read it back

        pc.keyboard.type('Hi!');
        pc.keyboard.press('ArrowUp'); // E0 48: grey key
        pc.keyboard.press('CapsLock');
        pc.keyboard.type('a');
        pc.keyboard.press('Enter');
        const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
        expect(result.stop).toBe('hlt');
        expect(screen(pc)).toEqual(['> Hi!#A']);
        const words = Array.from({ length: mem.read16(0x606) }, (_, i) => mem.read16(0x700 + i * 2));
        // H (Shift), i, ! (Shift+1), grey Up (E0h in the ASCII byte for AH=10h), A (Caps Lock), Enter.
        expect(words).toEqual([0x2348, 0x1769, 0x0221, 0x48e0, 0x1e41, 0x1c0d]);
        // Caps Lock on (bit 6), nothing held.
        expect(mem.read8(0x608)).toBe(0x40);
        expect(mem.read16(0x60a)).toBe(0x0040);
        // The BDA buffer is empty again: head = tail.
        expect(mem.read16(0x41a)).toBe(mem.read16(0x41c));
      } finally {
        pc.dispose();
      }
    });
  });
}
