import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { initPicsAsBios } from '@tinyvm/test-support';
import { attachPicPair, PicPair } from '@tinyvm/device-pic';
import { attachI8042, I8042 } from './i8042.js';

describe('the keyboard through the 8259A pair', () => {
  it('gives one vector 0x09 per scan code byte, as an INT 9 handler reads them', () => {
    const pic = new PicPair();
    const kbc = new I8042({ irq1: pic.irqLine(1) });
    const io = new Bus('io', 0x10000);
    attachPicPair(io, pic);
    attachI8042(io, kbc);
    const out = (port: number, value: number) => io.write(port, 1, value);
    initPicsAsBios(out);
    kbc.pressKey('ArrowUp');
    kbc.releaseKey('ArrowUp');
    const received: number[] = [];
    // The BIOS's INT 9 handler: take the interrupt, read one byte from 0x60, EOI.
    for (let i = 0; i < 10; i++) {
      const vector = pic.pendingVector();
      if (vector === undefined) break;
      expect(pic.acknowledge()).toBe(0x09);
      received.push(io.read(0x60, 1));
      out(0x20, 0x20);
    }
    expect(received).toEqual([0xe0, 0x48, 0xe0, 0xc8]);
  });
});
