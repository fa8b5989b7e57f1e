import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { initPicsAsBios } from '@tinyvm/test-support';
import { attachPicPair, InvalidIrqError, PicPair } from './pic-pair.js';

/** A PC with the pair on its port bus, and the INTR pin's history. */
function pc() {
  const intrLevels: boolean[] = [];
  const pic = new PicPair({ intr: { set: (level) => intrLevels.push(level) } });
  const io = new Bus('io', 0x10000);
  attachPicPair(io, pic);
  const out = (port: number, value: number) => io.write(port, 1, value);
  const inb = (port: number) => io.read(port, 1);
  return { pic, io, out, inb, intrLevels };
}

const EOI = 0x20;
const READ_ISR = 0x0b;
const READ_IRR = 0x0a;

describe('PicPair after the BIOS init sequence', () => {
  it('delivers IRQ0 as vector 0x08, sets ISR, and clears it on EOI', () => {
    const { pic, out, inb, intrLevels } = pc();
    initPicsAsBios(out);
    expect(pic.pendingVector()).toBeUndefined();
    pic.irqLine(0).set(true);
    expect(intrLevels.at(-1)).toBe(true);
    expect(pic.pendingVector()).toBe(0x08);
    expect(pic.acknowledge()).toBe(0x08);
    expect(intrLevels.at(-1)).toBe(false);
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0x01);
    out(0x20, EOI);
    expect(inb(0x20)).toBe(0x00);
  });

  it('serves the higher priority first and holds lower ones until EOI', () => {
    const { pic, out } = pc();
    initPicsAsBios(out);
    pic.irqLine(3).set(true);
    pic.irqLine(1).set(true);
    expect(pic.acknowledge()).toBe(0x09);
    // IRQ 3 has lower priority than IRQ 1, which is in service.
    expect(pic.pendingVector()).toBeUndefined();
    out(0x20, EOI);
    expect(pic.acknowledge()).toBe(0x0b);
  });

  it('lets a higher priority interrupt nest inside a lower one', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    pic.irqLine(3).set(true);
    expect(pic.acknowledge()).toBe(0x0b);
    pic.irqLine(1).set(true);
    expect(pic.acknowledge()).toBe(0x09);
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0b1010);
    // A non-specific EOI ends the highest priority in service: IRQ 1.
    out(0x20, EOI);
    expect(inb(0x20)).toBe(0b1000);
  });

  it('holds masked inputs in IRR and delivers them when unmasked', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    out(0x21, 0xfe); // OCW1: only IRQ0
    expect(inb(0x21)).toBe(0xfe);
    pic.irqLine(5).set(true);
    expect(pic.pendingVector()).toBeUndefined();
    out(0x20, READ_IRR);
    expect(inb(0x20)).toBe(0x20);
    out(0x21, 0x00);
    expect(pic.acknowledge()).toBe(0x0d);
  });

  it('routes IRQ 12 through the slave to vector 0x74 and needs EOI on both chips', () => {
    const { pic, out, inb, intrLevels } = pc();
    initPicsAsBios(out);
    pic.irqLine(12).set(true);
    expect(intrLevels.at(-1)).toBe(true);
    expect(pic.acknowledge()).toBe(0x74);
    out(0x20, READ_ISR);
    out(0xa0, READ_ISR);
    expect(inb(0x20)).toBe(0x04); // cascade input in service on the master
    expect(inb(0xa0)).toBe(0x10);
    pic.irqLine(8).set(true); // IRQ 8 outranks 12 on the slave...
    expect(pic.pendingVector()).toBeUndefined(); // but the master's IR2 is in service
    out(0xa0, EOI);
    out(0x20, EOI);
    expect(pic.acknowledge()).toBe(0x70);
  });

  it('maps the ISA IRQ2 pin to IRQ 9 as on an AT', () => {
    const { pic, out } = pc();
    initPicsAsBios(out);
    pic.irqLine(2).set(true);
    expect(pic.acknowledge()).toBe(0x71);
  });

  it('answers INTA with nothing pending with the master IR7 vector and no ISR bit', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    expect(pic.acknowledge()).toBe(0x0f);
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0);
  });

  it('does not repeat an edge interrupt while the line stays high', () => {
    const { pic, out } = pc();
    initPicsAsBios(out);
    pic.irqLine(4).set(true);
    expect(pic.acknowledge()).toBe(0x0c);
    out(0x20, EOI);
    pic.irqLine(4).set(true);
    expect(pic.pendingVector()).toBeUndefined();
    pic.irqLine(4).set(false);
    pic.irqLine(4).set(true);
    expect(pic.pendingVector()).toBe(0x0c);
  });

  it('keeps a level-triggered (ELCR) input pending while its line is high', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    out(0x4d1, 0xff);
    expect(inb(0x4d1)).toBe(0xde); // IRQ 8 and 13 cannot be level-triggered
    out(0x4d0, 0xff);
    expect(inb(0x4d0)).toBe(0xf8); // nor IRQ 0, 1, 2
    pic.irqLine(11).set(true);
    expect(pic.acknowledge()).toBe(0x73);
    out(0xa0, EOI);
    out(0x20, EOI);
    expect(pic.pendingVector()).toBe(0x73);
    pic.irqLine(11).set(false);
    expect(pic.pendingVector()).toBeUndefined();
  });

  it('answers the poll command with the level and marks it in service', () => {
    const { pic, out, inb, intrLevels } = pc();
    initPicsAsBios(out);
    pic.irqLine(6).set(true);
    out(0x20, 0x0c); // OCW3: poll
    expect(inb(0x20)).toBe(0x86);
    expect(intrLevels.at(-1)).toBe(false);
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0x40);
    out(0x20, 0x0c);
    expect(inb(0x20)).toBe(0x00); // nothing requested
  });

  it('ends only the named level on a specific EOI', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    pic.irqLine(3).set(true);
    pic.acknowledge();
    pic.irqLine(1).set(true);
    pic.acknowledge();
    out(0x20, 0x63); // specific EOI for IRQ 3
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0b0010);
  });

  it('moves the highest priority with set-priority and rotate-on-EOI', () => {
    const { pic, out } = pc();
    initPicsAsBios(out);
    out(0x20, 0xc3); // IRQ 3 lowest, so IRQ 4 highest
    pic.irqLine(1).set(true);
    pic.irqLine(4).set(true);
    expect(pic.acknowledge()).toBe(0x0c);
    out(0x20, 0xa0); // rotate on non-specific EOI: IRQ 4 becomes lowest
    expect(pic.acknowledge()).toBe(0x09);
    out(0x20, 0xa0); // IRQ 1 becomes lowest
    pic.irqLine(4).set(false);
    pic.irqLine(4).set(true);
    pic.irqLine(0).set(true);
    // Order is now 2,3,4,5,6,7,0,1: IRQ 4 outranks IRQ 0.
    expect(pic.acknowledge()).toBe(0x0c);
  });

  it('leaves ISR clear in auto-EOI mode', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out, { icw4: 0x03 });
    pic.irqLine(0).set(true);
    expect(pic.acknowledge()).toBe(0x08);
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0);
    pic.irqLine(0).set(false);
    pic.irqLine(0).set(true);
    expect(pic.acknowledge()).toBe(0x08);
  });

  it('lets lower levels through while a masked level is in service in special mask mode', () => {
    const { pic, out } = pc();
    initPicsAsBios(out);
    pic.irqLine(3).set(true);
    expect(pic.acknowledge()).toBe(0x0b);
    pic.irqLine(5).set(true);
    expect(pic.pendingVector()).toBeUndefined();
    out(0x21, 0x08); // mask IRQ 3
    out(0x20, 0x68); // OCW3: set special mask mode
    expect(pic.pendingVector()).toBe(0x0d);
    out(0x20, 0x48); // clear special mask mode
    expect(pic.pendingVector()).toBeUndefined();
  });

  it('uses the vector base written as ICW2 (low three bits ignored)', () => {
    const { pic, out } = pc();
    initPicsAsBios(out, { masterBase: 0x23, slaveBase: 0x2f });
    pic.irqLine(1).set(true);
    pic.irqLine(15).set(true);
    expect(pic.acknowledge()).toBe(0x21);
    out(0x20, EOI);
    expect(pic.acknowledge()).toBe(0x2f);
  });

  it('clears the mask and in-service bits on a new ICW1', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    out(0x21, 0xff);
    pic.irqLine(7).set(true);
    out(0x21, 0x00);
    pic.acknowledge();
    initPicsAsBios(out, { masterBase: 0x20, slaveBase: 0x28 });
    expect(inb(0x21)).toBe(0);
    out(0x20, READ_ISR);
    expect(inb(0x20)).toBe(0);
  });

  it('lets a higher slave interrupt through while a slave one is in service in special fully nested mode', () => {
    const { pic, out } = pc();
    initPicsAsBios(out, { icw4: 0x11 }); // ICW4: SFNM, 8086
    pic.irqLine(12).set(true);
    expect(pic.acknowledge()).toBe(0x74);
    pic.irqLine(9).set(true);
    expect(pic.acknowledge()).toBe(0x71); // master IR2 is in service, but SFNM lets the slave nest
    pic.irqLine(13).set(true);
    expect(pic.pendingVector()).toBeUndefined(); // IRQ 13 is below 12 on the slave
  });

  it('takes ICW1 without ICW4 or ICW3 (single chip) and is ready after ICW2', () => {
    const { pic, out, inb } = pc();
    out(0x20, 0x12); // ICW1: single, no ICW4
    out(0x21, 0x40); // ICW2
    out(0x21, 0xfd); // OCW1 already: the sequence is over
    expect(inb(0x21)).toBe(0xfd);
    pic.irqLine(1).set(true);
    expect(pic.acknowledge()).toBe(0x41);
  });

  it('polls the slave through its own command port', () => {
    const { pic, out, inb } = pc();
    initPicsAsBios(out);
    pic.irqLine(14).set(true);
    out(0xa0, 0x0c);
    expect(inb(0xa0)).toBe(0x86);
    out(0xa0, READ_ISR);
    expect(inb(0xa0)).toBe(0x40);
  });

  it('reads both ports of a chip with one word access', () => {
    const { pic, out, io } = pc();
    initPicsAsBios(out);
    out(0x21, 0xb8);
    pic.irqLine(0).set(true);
    out(0x20, READ_IRR);
    expect(io.read(0x20, 2)).toBe(0xb801);
  });

  it('saves and restores the pending and in-service state', () => {
    const a = pc();
    initPicsAsBios(a.out);
    a.pic.irqLine(3).set(true);
    a.pic.acknowledge();
    a.pic.irqLine(14).set(true);
    const saved = JSON.parse(JSON.stringify(a.pic.saveState()));
    const b = pc();
    b.pic.restoreState(saved);
    expect(b.intrLevels.at(-1)).toBe(true);
    expect(b.pic.acknowledge()).toBe(0x76);
    b.out(0x20, READ_ISR);
    expect(b.inb(0x20)).toBe(0b1100);
    b.pic.reset();
    expect(b.pic.pendingVector()).toBeUndefined();
  });

  it('survives arbitrary guest writes without throwing', () => {
    const { pic, io } = pc();
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const ports = [0x20, 0x21, 0xa0, 0xa1, 0x4d0, 0x4d1];
    for (let i = 0; i < 20000; i++) {
      const port = ports[random() % ports.length];
      if (random() & 1) io.write(port, ([1, 2, 4] as const)[random() % 3], random() * 0x01010101);
      else io.read(port, ([1, 2, 4] as const)[random() % 3]);
      if ((random() & 7) === 0) pic.irqLine(random() & 15).set((random() & 1) === 1);
      const vector = pic.pendingVector();
      if (vector !== undefined) {
        expect(vector).toBeGreaterThanOrEqual(0);
        expect(vector).toBeLessThan(256);
        if (random() & 1) expect(pic.acknowledge()).toBe(vector);
      }
    }
  });

  it('rejects an IRQ number outside 0-15 (a host programming error)', () => {
    const { pic } = pc();
    expect(() => pic.irqLine(16)).toThrow(InvalidIrqError);
    expect(() => pic.irqLine(-1)).toThrow(expect.objectContaining({ code: 'invalid-irq' }));
  });
});
