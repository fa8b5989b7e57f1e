import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { RecordingLine } from '@tinyvm/test-support';
import { attachI8042, I8042 } from './i8042.js';

/** A PC whose driver has enabled the aux port and both interrupts, as Linux's i8042 driver does. */
function pc() {
  const irq1 = new RecordingLine();
  const irq12 = new RecordingLine();
  const kbc = new I8042({ irq1, irq12 });
  const io = new Bus('io', 0x10000);
  attachI8042(io, kbc);
  const out = (port: number, value: number) => io.write(port, 1, value);
  const inb = (port: number) => io.read(port, 1);
  /** Reads while OBF, recording whether each byte was marked as aux data (status bit 5). */
  const drain = () => {
    const bytes: number[] = [];
    const aux: boolean[] = [];
    for (let i = 0; i < 64; i++) {
      const status = inb(0x64);
      if (!(status & 0x01)) break;
      aux.push((status & 0x20) !== 0);
      bytes.push(inb(0x60));
    }
    return { bytes, aux };
  };
  /** A byte to the mouse: 0xD4 on the command port, then the byte on the data port. */
  const toMouse = (...bytes: number[]) => {
    for (const b of bytes) {
      out(0x64, 0xd4);
      out(0x60, b);
    }
  };
  out(0x64, 0xa8); // enable aux port
  out(0x64, 0x60);
  out(0x60, 0x47); // translate, system flag, aux + keyboard interrupts
  return { kbc, io, out, inb, drain, toMouse, irq1, irq12 };
}

describe('PS/2 mouse on the 8042 aux port', () => {
  it('answers reset with ACK, BAT passed and ID 0, as aux data on IRQ 12', () => {
    const { toMouse, drain, irq1, irq12 } = pc();
    toMouse(0xff);
    expect(irq12.level).toBe(true);
    expect(drain()).toEqual({ bytes: [0xfa, 0xaa, 0x00], aux: [true, true, true] });
    expect(irq12.risingEdges).toBe(3);
    expect(irq1.risingEdges).toBe(0);
  });

  it('becomes a wheel mouse (ID 3) after the IntelliMouse sample-rate knock', () => {
    const { toMouse, drain } = pc();
    toMouse(0xf2);
    expect(drain().bytes).toEqual([0xfa, 0x00]);
    toMouse(0xf3, 200, 0xf3, 100, 0xf3, 80);
    expect(drain().bytes).toEqual(new Array(6).fill(0xfa));
    toMouse(0xf2);
    expect(drain().bytes).toEqual([0xfa, 0x03]);
    toMouse(0xf3, 200, 0xf3, 200, 0xf3, 80, 0xf2);
    expect(drain().bytes.slice(-2)).toEqual([0xfa, 0x04]);
  });

  it('streams 3-byte movement packets once reporting is enabled', () => {
    const { kbc, toMouse, drain } = pc();
    kbc.moveMouse(1, 1);
    expect(kbc.mouseCounters.droppedEvents).toBe(1); // reporting is off after power-on
    toMouse(0xf4);
    expect(drain().bytes).toEqual([0xfa]);
    kbc.moveMouse(10, -5);
    expect(drain().bytes).toEqual([0x28, 10, 0xfb]); // always-1, Y negative; dx, dy
    kbc.setMouseButtons({ left: true });
    kbc.setMouseButtons({ left: true }); // no change, no packet
    kbc.setMouseButtons({ right: true, middle: true });
    expect(drain().bytes).toEqual([0x09, 0, 0, 0x0e, 0, 0]);
    kbc.moveMouse(600, 0);
    expect(drain().bytes).toEqual([0x0e, 255, 0, 0x0e, 255, 0, 0x0e, 90, 0]);
  });

  it('adds the wheel byte for ID 3', () => {
    const { kbc, toMouse, drain } = pc();
    toMouse(0xf3, 200, 0xf3, 100, 0xf3, 80, 0xf4);
    drain();
    kbc.moveMouse(0, 0, -2);
    expect(drain().bytes).toEqual([0x08, 0, 0, 0xfe]);
  });

  it('reports its settings on a status request', () => {
    const { kbc, toMouse, drain } = pc();
    toMouse(0xe8, 3, 0xf3, 40, 0xe7, 0xf4);
    drain();
    kbc.setMouseButtons({ left: true });
    drain();
    toMouse(0xe9);
    // reporting on, scaling 2:1, left button; resolution 3; 40 samples/s
    expect(drain().bytes).toEqual([0xfa, 0x20 | 0x10 | 0x04, 3, 40]);
  });

  it('keeps movement for READ DATA in remote mode', () => {
    const { kbc, toMouse, drain } = pc();
    toMouse(0xf0);
    drain();
    kbc.moveMouse(3, 4);
    kbc.moveMouse(2, 1);
    expect(drain().bytes).toEqual([]);
    toMouse(0xeb);
    expect(drain().bytes).toEqual([0xfa, 0x08, 5, 5]);
    toMouse(0xeb);
    expect(drain().bytes).toEqual([0xfa, 0x08, 0, 0]);
  });

  it('echoes bytes in wrap mode until reset wrap mode', () => {
    const { toMouse, drain } = pc();
    toMouse(0xee, 0x55, 0xf2, 0xec, 0xf2);
    expect(drain().bytes).toEqual([0xfa, 0x55, 0xf2, 0xfa, 0xfa, 0x00]);
  });

  it('holds mouse data while the aux port is disabled (0xA7) and without IRQ 12 when its interrupt is off', () => {
    const { kbc, out, toMouse, drain, irq12 } = pc();
    toMouse(0xf4);
    drain();
    out(0x64, 0xa7);
    kbc.moveMouse(1, 0);
    expect(drain().bytes).toEqual([]);
    out(0x64, 0x60);
    out(0x60, 0x45); // aux interrupt off
    out(0x64, 0xa8);
    const edges = irq12.risingEdges;
    expect(drain()).toEqual({ bytes: [0x08, 1, 0], aux: [true, true, true] });
    expect(irq12.risingEdges).toBe(edges);
  });

  it('puts a 0xD3 byte in the output buffer as mouse data', () => {
    const { out, drain, irq12 } = pc();
    out(0x64, 0xd3);
    out(0x60, 0x5a);
    expect(irq12.level).toBe(true);
    expect(drain()).toEqual({ bytes: [0x5a], aux: [true] });
  });

  it('interleaves keyboard and mouse data on their own IRQs', () => {
    const { kbc, toMouse, drain, irq1, irq12 } = pc();
    toMouse(0xf4);
    drain();
    kbc.pressKey('a');
    kbc.moveMouse(-1, 0);
    expect(irq1.level).toBe(true);
    expect(irq12.level).toBe(false);
    expect(drain()).toEqual({ bytes: [0x1e, 0x18, 0xff, 0x00], aux: [false, true, true, true] });
  });

  it('ignores movements that are not finite numbers', () => {
    const { kbc, toMouse, drain } = pc();
    toMouse(0xf4);
    drain();
    kbc.moveMouse(Infinity, NaN);
    expect(drain().bytes).toEqual([0x08, 0, 0]);
  });

  it('saves and restores the mouse mode and queued packets', () => {
    const a = pc();
    a.toMouse(0xf3, 200, 0xf3, 100, 0xf3, 80, 0xf4);
    a.drain();
    a.kbc.moveMouse(7, 7);
    const b = pc();
    b.kbc.restoreState(JSON.parse(JSON.stringify(a.kbc.saveState())));
    expect(b.drain().bytes).toEqual([0x08, 7, 7, 0]);
  });
});
