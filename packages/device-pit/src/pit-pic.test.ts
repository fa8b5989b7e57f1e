import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { initPicsAsBios } from '@tinyvm/test-support';
import { attachPicPair, PicPair } from '@tinyvm/device-pic';
import { attachPit, Pit } from './pit.js';
import { nsFromTicks } from './pit-time.js';

describe('PIT channel 0 through the 8259A pair', () => {
  it('delivers the BIOS timer tick as vector 0x08 every 65536 pulses, once per EOI', () => {
    let ns = 0;
    const clock = { nowNs: () => ns };
    const pic = new PicPair();
    const pit = new Pit({ clock, irq0: pic.irqLine(0) });
    const io = new Bus('io', 0x10000);
    attachPicPair(io, pic);
    attachPit(io, pit);
    const out = (port: number, value: number) => io.write(port, 1, value);
    // PIC: vectors 0x08/0x70, cascade on IR2, 8086 mode; only IRQ 0 unmasked.
    initPicsAsBios(out);
    out(0x21, 0xfe);
    // PIT: channel 0, mode 3, count 0 (65536): the 18.2 Hz tick.
    out(0x43, 0x36);
    out(0x40, 0x00);
    out(0x40, 0x00);

    const ticks: number[] = [];
    for (let period = 1; period <= 3; period++) {
      ns = pit.nextEventNs()!;
      expect(ns).toBe(nsFromTicks(65536 * period));
      pit.advance();
      const vector = pic.pendingVector();
      if (vector !== undefined) ticks.push(pic.acknowledge());
      // A second look before EOI finds nothing: IRQ 0 is in service.
      pit.advance();
      expect(pic.pendingVector()).toBeUndefined();
      out(0x20, 0x20); // EOI
    }
    expect(ticks).toEqual([0x08, 0x08, 0x08]);
  });
});
