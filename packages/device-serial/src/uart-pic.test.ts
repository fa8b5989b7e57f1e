import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { initPicsAsBios } from '@tinyvm/test-support';
import { attachPicPair, PicPair } from '@tinyvm/device-pic';
import { attachUart, COM1_IRQ, Uart16550 } from './uart16550.js';

describe('COM1 through the 8259A pair', () => {
  it('raises vector 0x0C for received data once the driver enables it', () => {
    const pic = new PicPair();
    const com1 = new Uart16550({ irq: pic.irqLine(COM1_IRQ) });
    const io = new Bus('io', 0x10000);
    attachPicPair(io, pic);
    attachUart(io, com1);
    const out = (port: number, value: number) => io.write(port, 1, value);
    initPicsAsBios(out);
    com1.enqueue([0x41]);
    expect(pic.pendingVector()).toBeUndefined(); // IER is 0
    out(0x3f9, 0x01); // IER: received data
    expect(pic.pendingVector()).toBeUndefined(); // OUT2 still off
    out(0x3fc, 0x0b); // MCR: DTR, RTS, OUT2
    expect(pic.acknowledge()).toBe(0x0c);
    expect(io.read(0x3fa, 1) & 0x0f).toBe(0x04); // IIR: received data available
    expect(io.read(0x3f8, 1)).toBe(0x41);
    out(0x20, 0x20);
    com1.enqueue([0x42]);
    expect(pic.acknowledge()).toBe(0x0c);
  });
});
