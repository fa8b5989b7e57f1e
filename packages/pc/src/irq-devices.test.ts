import { describe, expect, it } from 'vitest';
import { guestBytes, interpPc } from './test-guest.js';

describe('device interrupts through the 8259A pair', () => {
  it('COM1 raises IRQ 4 for received bytes; the guest\'s own INT 0Ch handler echoes them', () => {
    const pc = interpPc(guestBytes('serial-irq'));
    try {
      pc.boot();
      pc.run({ timeoutMs: 100 });
      pc.serialInput([...Buffer.from('irq echo.')]);
      const result = pc.run({ timeoutMs: 3000 });
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
    const pc = interpPc(guestBytes('rtc-irq'));
    try {
      pc.boot();
      const start = performance.now();
      const result = pc.run({ timeoutMs: 5000 });
      const elapsed = performance.now() - start;
      expect(result.stop).toBe('hlt');
      expect(pc.machine.memory.read16(0x604)).toBe(64);
      // 64 interrupts at 1024 Hz take 62.5 ms; allow the host's scheduling some slack.
      expect(elapsed).toBeGreaterThan(50);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      pc.dispose();
    }
  });
});
