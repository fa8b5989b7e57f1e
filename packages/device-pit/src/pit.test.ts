import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { RecordingLine } from '@tinyvm/test-support';
import { attachPit, Pit } from './pit.js';
import { PortB } from './port-b.js';
import { nsFromTicks, PIT_FREQUENCY_HZ, ticksFromNs } from './pit-time.js';

/** A clock the test moves by hand. */
class FakeClock {
  ns = 0;
  nowNs(): number {
    return this.ns;
  }
  /** Moves to the first nanosecond at which `ticks` input pulses have passed since `fromNs`. */
  toTicks(ticks: number, fromNs = 0): void {
    this.ns = fromNs + nsFromTicks(ticks);
  }
}

function pc() {
  const clock = new FakeClock();
  const irq0 = new RecordingLine();
  const pit = new Pit({ clock, irq0 });
  const portB = new PortB(pit, clock);
  const io = new Bus('io', 0x10000);
  attachPit(io, pit, portB);
  const out = (port: number, value: number) => io.write(port, 1, value);
  const inb = (port: number) => io.read(port, 1);
  /** Counter latch command, then the two bytes. */
  const latchedCount = (channel: number) => {
    out(0x43, channel << 6);
    return inb(0x40 + channel) | (inb(0x40 + channel) << 8);
  };
  return { clock, irq0, pit, portB, io, out, inb, latchedCount };
}

describe('Pit channel 0 as a BIOS programs it', () => {
  it('raises IRQ 0 every 65536 pulses (18.2 Hz) in mode 3 with count 0', () => {
    const { clock, irq0, pit, out } = pc();
    out(0x43, 0x36); // channel 0, LSB then MSB, mode 3, binary
    out(0x40, 0x00);
    out(0x40, 0x00);
    const periodNs = nsFromTicks(65536);
    expect(periodNs).toBe(Math.ceil((65536 * 1e9) / PIT_FREQUENCY_HZ));
    expect(pit.nextEventNs()).toBe(periodNs);
    clock.ns = periodNs - 1;
    expect(pit.advance()).toBe(0);
    expect(irq0.risingEdges).toBe(0);
    clock.ns = periodNs;
    expect(pit.advance()).toBe(1);
    expect(irq0.risingEdges).toBe(1);
    expect(pit.nextEventNs()).toBe(nsFromTicks(2 * 65536));
    // Ten more periods pass in one step: the PIC sees one edge, nine are coalesced.
    clock.toTicks(11 * 65536);
    expect(pit.advance()).toBe(10);
    expect(irq0.risingEdges).toBe(2);
    expect(pit.counters.coalescedTicks).toBe(9);
  });

  it('counts down by one per pulse in mode 2 and holds a latched count until read', () => {
    const { clock, out, inb, latchedCount } = pc();
    out(0x43, 0x34); // channel 0, LSB/MSB, mode 2
    out(0x40, 1000 & 0xff);
    out(0x40, 1000 >> 8);
    clock.toTicks(100);
    out(0x43, 0x00); // latch channel 0
    clock.toTicks(300);
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(900);
    expect(latchedCount(0)).toBe(700);
    // Reload: after 1000 pulses the count starts again from 1000.
    clock.toTicks(1000 + 250);
    expect(latchedCount(0)).toBe(750);
  });

  it('delivers one IRQ 0 edge per period in mode 2 when advanced every period', () => {
    const { clock, irq0, pit, out } = pc();
    out(0x43, 0x34);
    out(0x40, 100);
    out(0x40, 0);
    for (let period = 1; period <= 5; period++) {
      const next = pit.nextEventNs();
      expect(next).toBe(nsFromTicks(100 * period));
      clock.ns = next!;
      expect(pit.advance()).toBe(1);
    }
    expect(irq0.risingEdges).toBe(5);
    expect(pit.counters.coalescedTicks).toBe(0);
  });

  it('raises OUT once at terminal count in mode 0, then the count wraps', () => {
    const { clock, irq0, pit, out, latchedCount } = pc();
    out(0x43, 0x30); // channel 0, LSB/MSB, mode 0
    out(0x40, 0x10);
    out(0x40, 0x00);
    expect(pit.output(0)).toBe(false);
    clock.toTicks(15);
    expect(pit.advance()).toBe(0);
    expect(irq0.level).toBe(false);
    clock.toTicks(16);
    expect(pit.advance()).toBe(1);
    expect(irq0.level).toBe(true);
    expect(pit.nextEventNs()).toBeUndefined();
    clock.toTicks(20);
    expect(latchedCount(0)).toBe(0x10000 - 4);
    expect(pit.advance()).toBe(0);
    expect(irq0.risingEdges).toBe(1);
  });

  it('stops a mode 0 count on the first byte and restarts it on the second', () => {
    const { clock, pit, out, latchedCount } = pc();
    out(0x43, 0x30);
    out(0x40, 0x00);
    out(0x40, 0x01); // 256
    clock.toTicks(50);
    out(0x40, 0x00); // first byte of a new count
    clock.toTicks(400); // would have passed 256
    expect(pit.output(0)).toBe(false);
    out(0x40, 0x02); // 512, starting now
    const start = clock.ns;
    clock.toTicks(12, start);
    expect(latchedCount(0)).toBe(500);
  });

  it('loads a count written during mode 2 counting at the end of the current period', () => {
    const { clock, pit, out, inb, latchedCount } = pc();
    out(0x43, 0x34);
    out(0x40, 100);
    out(0x40, 0);
    clock.toTicks(30);
    out(0x40, 50); // new count, LSB then MSB
    out(0x40, 0);
    out(0x43, 0xe2); // read-back status: NULL COUNT until the new count is loaded
    expect(inb(0x40) & 0x40).toBe(0x40);
    clock.toTicks(60);
    expect(latchedCount(0)).toBe(40); // the current period is not affected
    expect(pit.nextEventNs()).toBe(nsFromTicks(100));
    clock.toTicks(100);
    expect(pit.advance()).toBe(1);
    clock.toTicks(120);
    expect(latchedCount(0)).toBe(30); // now counting 50
    expect(pit.nextEventNs()).toBe(nsFromTicks(150));
    out(0x43, 0xe2);
    expect(inb(0x40) & 0x40).toBe(0);
    clock.toTicks(250);
    expect(pit.advance()).toBe(3); // at 150, 200, 250
  });

  it('counts in BCD when asked', () => {
    const { clock, out, inb } = pc();
    out(0x43, 0x35); // channel 0, LSB/MSB, mode 2, BCD
    out(0x40, 0x00);
    out(0x40, 0x10); // 1000 decimal
    clock.toTicks(1);
    out(0x43, 0x00);
    expect(inb(0x40)).toBe(0x99);
    expect(inb(0x40)).toBe(0x09);
  });

  it('treats a BCD count of 0 as 10000', () => {
    const { clock, pit, out } = pc();
    out(0x43, 0x35);
    out(0x40, 0x00);
    out(0x40, 0x00);
    expect(pit.nextEventNs()).toBe(nsFromTicks(10000));
    clock.toTicks(10000);
    expect(pit.advance()).toBe(1);
  });

  it('reads and writes only the LSB or only the MSB when programmed so', () => {
    const { clock, out, inb } = pc();
    out(0x43, 0x10); // channel 0, LSB only, mode 0
    out(0x40, 0x80);
    clock.toTicks(0x10);
    expect(inb(0x40)).toBe(0x70);
    expect(inb(0x40)).toBe(0x70); // no flip-flop in LSB-only mode
    out(0x43, 0x20); // channel 0, MSB only, mode 0
    out(0x40, 0x02); // 0x200
    const start = clock.ns;
    clock.toTicks(0x100, start);
    expect(inb(0x40)).toBe(0x01);
  });

  it('reads channel 0 and channel 1 with one word IN at 0x40 (byte accesses at 0x40, 0x41)', () => {
    const { clock, out, io } = pc();
    out(0x43, 0x10); // channel 0, LSB only, mode 0
    out(0x40, 0x80);
    out(0x43, 0x50); // channel 1, LSB only, mode 0
    out(0x41, 0x33);
    clock.toTicks(0x10);
    expect(io.read(0x40, 2)).toBe(0x2370);
  });

  it('answers the read-back command with status, then the count', () => {
    const { clock, out, inb } = pc();
    out(0x43, 0x34); // mode 2, LSB/MSB
    out(0x43, 0xe2); // read-back: latch status only, channel 0
    expect(inb(0x40) & 0x40).toBe(0x40); // NULL COUNT: nothing written yet
    out(0x40, 0x00);
    out(0x40, 0x20); // 0x2000
    clock.toTicks(0x10);
    out(0x43, 0xc2); // read-back: count and status, channel 0
    clock.toTicks(0x30); // latched values do not move
    const status = inb(0x40);
    expect(status).toBe(0x80 | (0b11 << 4) | (2 << 1)); // OUT high, loaded, LSB/MSB, mode 2, binary
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(0x2000 - 0x10);
  });

  it('drops OUT for one pulse per period in mode 2 and keeps it high for half a period in mode 3', () => {
    const { clock, pit, out } = pc();
    out(0x43, 0x34);
    out(0x40, 10);
    out(0x40, 0);
    clock.toTicks(8);
    expect(pit.output(0)).toBe(true);
    clock.toTicks(9);
    expect(pit.output(0)).toBe(false);
    clock.toTicks(10);
    expect(pit.output(0)).toBe(true);
    out(0x43, 0x36);
    out(0x40, 10);
    out(0x40, 0);
    const start = clock.ns;
    const levels: boolean[] = [];
    for (let tick = 0; tick < 10; tick++) {
      clock.toTicks(tick, start);
      levels.push(pit.output(0));
    }
    expect(levels).toEqual([true, true, true, true, true, false, false, false, false, false]);
  });

  it('strobes OUT low for one pulse at terminal count in mode 4', () => {
    const { clock, pit, irq0, out } = pc();
    out(0x43, 0x38); // channel 0, LSB/MSB, mode 4
    out(0x40, 5);
    out(0x40, 0);
    clock.toTicks(4);
    expect(pit.output(0)).toBe(true);
    clock.toTicks(5);
    expect(pit.output(0)).toBe(false);
    expect(pit.nextEventNs()).toBe(nsFromTicks(6));
    clock.toTicks(6);
    expect(pit.output(0)).toBe(true);
    expect(pit.advance()).toBe(1);
    expect(irq0.risingEdges).toBe(1);
  });

  it('never throws on arbitrary guest writes', () => {
    const { clock, pit, io } = pc();
    let seed = 99;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 20000; i++) {
      const port = 0x40 + (random() & 3);
      if (random() & 1) io.write(port, ([1, 2, 4] as const)[random() % 3], random() * 0x01010101);
      else io.read(port, ([1, 2, 4] as const)[random() % 3]);
      if ((random() & 3) === 0) io.write(0x61, 1, random());
      clock.ns += random() * 50;
      pit.advance();
      const next = pit.nextEventNs();
      if (next !== undefined) expect(next).toBeGreaterThan(clock.ns);
    }
  });

  it('saves and restores a running count', () => {
    const a = pc();
    a.out(0x43, 0x34);
    a.out(0x40, 0x00);
    a.out(0x40, 0x10); // 4096
    a.clock.toTicks(1000);
    const saved = JSON.parse(JSON.stringify(a.pit.saveState()));
    const b = pc();
    b.clock.ns = a.clock.ns;
    b.pit.restoreState(saved);
    expect(b.latchedCount(0)).toBe(4096 - 1000);
    b.pit.reset();
    expect(b.pit.nextEventNs()).toBeUndefined();
  });
});

describe('Pit channel 2 and port 0x61', () => {
  it('counts only while the gate (port 0x61 bit 0) is high and shows OUT2 in bit 5', () => {
    // The TSC calibration loop of Linux and many BIOSes: channel 2, mode 0, poll bit 5.
    const { clock, out, inb, latchedCount } = pc();
    out(0x61, 0x00); // gate low, speaker off
    out(0x43, 0xb0); // channel 2, LSB/MSB, mode 0
    out(0x42, 1000 & 0xff);
    out(0x42, 1000 >> 8);
    clock.toTicks(5000);
    expect(latchedCount(2)).toBe(1000);
    expect(inb(0x61) & 0x20).toBe(0);
    out(0x61, 0x01); // gate high
    const start = clock.ns;
    clock.toTicks(999, start);
    expect(inb(0x61) & 0x21).toBe(0x01);
    clock.toTicks(1000, start);
    expect(inb(0x61) & 0x21).toBe(0x21);
  });

  it('answers a word access at port B with port B in the low byte, 0xFF above it', () => {
    const { portB, pit } = pc();
    portB.write(0, 2, 0xff03); // gate and speaker on; the high byte is port 0x62's
    expect(pit.gate(2)).toBe(true);
    expect(portB.speakerEnabled).toBe(true);
    expect(portB.read(0, 2) & 0xff03).toBe(0xff03);
  });

  it('toggles the refresh bit every 15.085 microseconds', () => {
    const { clock, inb } = pc();
    const samples: number[] = [];
    for (let i = 0; i < 4; i++) {
      clock.ns = i * 15_085 + 100;
      samples.push(inb(0x61) & 0x10);
    }
    expect(samples).toEqual([0, 0x10, 0, 0x10]);
  });

  it('plays a 1 kHz tone: mode 3 on channel 2 with gate and speaker data set', () => {
    const { pit, portB, out, inb } = pc();
    out(0x43, 0xb6); // channel 2, LSB/MSB, mode 3
    out(0x42, 1193 & 0xff);
    out(0x42, 1193 >> 8);
    expect(pit.toneHz()).toBeUndefined(); // gate closed
    out(0x61, inb(0x61) | 0x03);
    expect(portB.speakerEnabled).toBe(true);
    expect(pit.toneHz()).toBeCloseTo(PIT_FREQUENCY_HZ / 1193, 6);
    out(0x61, 0x00);
    expect(portB.speakerEnabled).toBe(false);
  });

  it('fires a mode 1 one-shot on a rising gate', () => {
    const { clock, pit, out, latchedCount } = pc();
    out(0x43, 0xb2); // channel 2, LSB/MSB, mode 1
    out(0x42, 100);
    out(0x42, 0);
    expect(pit.output(2)).toBe(true); // waiting for a trigger
    clock.toTicks(500);
    out(0x61, 0x01); // trigger
    const start = clock.ns;
    clock.toTicks(40, start);
    expect(pit.output(2)).toBe(false);
    expect(latchedCount(2)).toBe(60);
    clock.toTicks(100, start);
    expect(pit.output(2)).toBe(true);
  });

  it('forces OUT high in mode 2 while the gate is low and reloads on the rising gate', () => {
    const { clock, pit, out, latchedCount } = pc();
    out(0x61, 0x01);
    out(0x43, 0xb4); // channel 2, mode 2
    out(0x42, 50);
    out(0x42, 0);
    clock.toTicks(49);
    expect(pit.output(2)).toBe(false);
    out(0x61, 0x00);
    expect(pit.output(2)).toBe(true);
    clock.toTicks(200);
    expect(latchedCount(2)).toBe(1); // frozen
    out(0x61, 0x01);
    const start = clock.ns;
    clock.toTicks(10, start);
    expect(latchedCount(2)).toBe(40);
  });
});

describe('Pit latches and the read-back command', () => {
  it('keeps the first latched count when latched again before it is read', () => {
    const { clock, out, inb } = pc();
    out(0x43, 0x74); // channel 1, LSB/MSB, mode 2
    out(0x41, 0x00);
    out(0x41, 0x10); // 4096
    clock.toTicks(96);
    out(0x43, 0x40); // latch channel 1
    clock.toTicks(196);
    out(0x43, 0x40); // ignored: a latch is still unread
    expect(inb(0x41) | (inb(0x41) << 8)).toBe(4000);
    out(0x43, 0x40);
    expect(inb(0x41) | (inb(0x41) << 8)).toBe(3900);
  });

  it('latches several channels with one read-back command, status before count', () => {
    const { clock, out, inb } = pc();
    out(0x43, 0x34); // channel 0 mode 2
    out(0x40, 0x00);
    out(0x40, 0x01); // 256
    out(0x43, 0xb0); // channel 2 mode 0 (gate low: not counting)
    out(0x42, 0x20);
    out(0x42, 0x00); // 32
    clock.toTicks(16);
    out(0x43, 0xc0 | 0b1010); // read-back, count and status, channels 0 and 2
    clock.toTicks(100);
    expect(inb(0x40)).toBe(0x80 | 0x30 | (2 << 1)); // OUT high, LSB/MSB, mode 2
    expect(inb(0x40) | (inb(0x40) << 8)).toBe(240);
    expect(inb(0x42)).toBe(0x30); // OUT low (mode 0, counting), LSB/MSB, mode 0
    expect(inb(0x42) | (inb(0x42) << 8)).toBe(32);
  });

  it('reads back modes 6 and 7 as written and counts them as modes 2 and 3', () => {
    const { clock, pit, out, inb } = pc();
    out(0x43, 0x3c); // channel 0, LSB/MSB, mode 6
    out(0x40, 10);
    out(0x40, 0);
    out(0x43, 0xe2);
    expect((inb(0x40) >> 1) & 7).toBe(6);
    clock.toTicks(9);
    expect(pit.output(0)).toBe(false); // mode 2's one-pulse low
  });
});

describe('Pit modes 1 and 5 (gate-triggered)', () => {
  it('strobes OUT low for one pulse after a gate trigger in mode 5, and retriggers', () => {
    const { clock, pit, out } = pc();
    out(0x43, 0xba); // channel 2, LSB/MSB, mode 5
    out(0x42, 20);
    out(0x42, 0);
    clock.toTicks(100);
    expect(pit.output(2)).toBe(true); // no trigger yet
    out(0x61, 0x01);
    const start = clock.ns;
    clock.toTicks(20, start);
    expect(pit.output(2)).toBe(false);
    clock.toTicks(21, start);
    expect(pit.output(2)).toBe(true);
    out(0x61, 0x00);
    out(0x61, 0x01); // retrigger
    const again = clock.ns;
    clock.toTicks(20, again);
    expect(pit.output(2)).toBe(false);
  });

  it('restarts a mode 1 one-shot on a new trigger before it ends', () => {
    const { clock, pit, out, latchedCount } = pc();
    out(0x43, 0xb2);
    out(0x42, 100);
    out(0x42, 0);
    out(0x61, 0x01);
    const start = clock.ns;
    clock.toTicks(60, start);
    out(0x61, 0x00);
    out(0x61, 0x01); // retrigger at 60
    const again = clock.ns;
    clock.toTicks(50, again);
    expect(pit.output(2)).toBe(false); // would have ended at 100 without the retrigger
    expect(latchedCount(2)).toBe(50);
    clock.toTicks(100, again);
    expect(pit.output(2)).toBe(true);
  });
});

describe('PIT time conversion', () => {
  it('finds the first nanosecond at which a tick count is reached', () => {
    for (const ticks of [1, 2, 3, 100, 65536, 1_193_181, 1_193_182, 1_193_183, 10 ** 10, 3 * 10 ** 12]) {
      const ns = nsFromTicks(ticks);
      expect(ticksFromNs(ns)).toBe(ticks);
      expect(ticksFromNs(ns - 1)).toBe(ticks - 1);
    }
    expect(ticksFromNs(1e9)).toBe(PIT_FREQUENCY_HZ);
    expect(ticksFromNs(-5)).toBe(0);
  });
});
