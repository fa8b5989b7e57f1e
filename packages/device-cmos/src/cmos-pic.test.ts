import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { initPicsAsBios } from '@tinyvm/test-support';
import { attachPicPair, PicPair } from '@tinyvm/device-pic';
import { attachCmos, Cmos } from './cmos.js';

describe('the RTC through the 8259A pair', () => {
  it('delivers the update-ended interrupt on IRQ 8 as vector 0x70, again after register C is read', () => {
    let ms = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
    const pic = new PicPair();
    const cmos = new Cmos({ clock: { now: () => new Date(ms) }, irq8: pic.irqLine(8) });
    const io = new Bus('io', 0x10000);
    attachPicPair(io, pic);
    attachCmos(io, cmos);
    const out = (port: number, value: number) => io.write(port, 1, value);
    initPicsAsBios(out);
    out(0x70, 0x0b);
    out(0x71, 0x12); // UIE, 24-hour, BCD
    for (let second = 1; second <= 2; second++) {
      ms = cmos.nextEventMs()!;
      cmos.advance();
      expect(pic.acknowledge()).toBe(0x70);
      out(0x70, 0x0c);
      expect(io.read(0x71, 1) & 0x90).toBe(0x90); // IRQF, UF
      out(0xa0, 0x20);
      out(0x20, 0x20);
    }
  });
});
