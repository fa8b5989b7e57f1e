import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { RecordingLine } from '@tinyvm/test-support';
import { attachCmos, Cmos } from './cmos.js';

class FakeClock {
  constructor(public ms: number) {}
  now(): Date {
    return new Date(this.ms);
  }
}

/** Wednesday 25 November 2026, 18:42:07.500 UTC. */
const START = Date.UTC(2026, 10, 25, 18, 42, 7, 500);

function pc(startMs = START) {
  const clock = new FakeClock(startMs);
  const irq8 = new RecordingLine();
  const cmos = new Cmos({ clock, irq8 });
  const io = new Bus('io', 0x10000);
  attachCmos(io, cmos);
  const readCmos = (index: number) => {
    io.write(0x70, 1, index);
    return io.read(0x71, 1);
  };
  const writeCmos = (index: number, value: number) => {
    io.write(0x70, 1, index);
    io.write(0x71, 1, value);
  };
  /** What a BIOS's INT 1Ah reads: hh:mm:ss and the date, after waiting for UIP to clear. */
  const readTime = () => {
    for (let i = 0; i < 10 && readCmos(0x0a) & 0x80; i++) clock.ms += 1;
    return [0x04, 0x02, 0x00, 0x06, 0x07, 0x08, 0x09, 0x32].map(readCmos);
  };
  return { clock, irq8, cmos, io, readCmos, writeCmos, readTime };
}

describe('Cmos time registers', () => {
  it('reads the date and time in BCD, 24-hour, by default', () => {
    const { readTime } = pc();
    //                       hour  min   sec   dow   day   month year  century
    expect(readTime()).toEqual([0x18, 0x42, 0x07, 0x04, 0x25, 0x11, 0x26, 0x20]);
  });

  it('reads binary values when register B selects DM', () => {
    const { writeCmos, readTime } = pc();
    writeCmos(0x0b, 0x06);
    expect(readTime()).toEqual([18, 42, 7, 4, 25, 11, 26, 20]);
  });

  it('shows 12-hour time with the PM bit', () => {
    const { clock, writeCmos, readCmos } = pc();
    writeCmos(0x0b, 0x00); // BCD, 12-hour
    expect(readCmos(0x04)).toBe(0x86); // 6 PM
    clock.ms = Date.UTC(2026, 10, 25, 0, 15);
    expect(readCmos(0x04)).toBe(0x12); // midnight is 12 AM
    clock.ms = Date.UTC(2026, 10, 25, 12, 15);
    expect(readCmos(0x04)).toBe(0x92); // noon is 12 PM
  });

  it('follows the clock', () => {
    const { clock, readTime } = pc();
    clock.ms += 61_000;
    expect(readTime().slice(0, 3)).toEqual([0x18, 0x43, 0x08]);
  });

  it('shows UIP just before each update and never while SET holds the clock', () => {
    const { clock, readCmos, writeCmos } = pc();
    clock.ms = Date.UTC(2026, 0, 1, 0, 0, 0, 999);
    expect(readCmos(0x0a)).toBe(0x80 | 0x26);
    clock.ms += 1; // the update happened: the new second is readable at once
    expect(readCmos(0x0a)).toBe(0x26);
    expect(readCmos(0x00)).toBe(0x01);
    clock.ms += 500;
    expect(readCmos(0x0a)).toBe(0x26);
    clock.ms += 499;
    writeCmos(0x0b, 0x82);
    expect(readCmos(0x0a)).toBe(0x26);
  });

  it('lets the guest set the time with SET held, then runs from it', () => {
    const { clock, cmos, readCmos, writeCmos, readTime } = pc();
    writeCmos(0x0b, readCmos(0x0b) | 0x80); // SET
    writeCmos(0x04, 0x09);
    writeCmos(0x02, 0x30);
    writeCmos(0x00, 0x00);
    writeCmos(0x07, 0x31);
    writeCmos(0x08, 0x12);
    writeCmos(0x32, 0x19);
    writeCmos(0x09, 0x99);
    clock.ms += 10_000; // frozen while SET
    expect(readTime()).toEqual([0x09, 0x30, 0x00, 0x06, 0x31, 0x12, 0x99, 0x19]);
    writeCmos(0x0b, readCmos(0x0b) & ~0x80);
    clock.ms += 5_000;
    expect(readTime().slice(0, 3)).toEqual([0x09, 0x30, 0x05]);
    expect(cmos.guestTime().getUTCFullYear()).toBe(1999);
  });

  it('takes the time written in binary, 12-hour form', () => {
    const { cmos, readCmos, writeCmos } = pc();
    writeCmos(0x0b, 0x84); // SET, binary, 12-hour
    writeCmos(0x04, 0x80 | 11); // 11 PM
    writeCmos(0x02, 59);
    writeCmos(0x00, 58);
    writeCmos(0x0b, 0x04);
    expect(cmos.guestTime().getUTCHours()).toBe(23);
    expect([readCmos(0x04), readCmos(0x02)]).toEqual([0x80 | 11, 59]);
    writeCmos(0x0b, 0x80); // SET, BCD, 12-hour
    writeCmos(0x04, 0x12); // 12 AM: midnight
    writeCmos(0x0b, 0x00);
    expect(cmos.guestTime().getUTCHours()).toBe(0);
    writeCmos(0x0b, 0x82); // SET, BCD, 24-hour
    writeCmos(0x04, 0x12); // 12:xx
    writeCmos(0x0b, 0x02);
    expect(cmos.guestTime().getUTCHours()).toBe(12);
  });

  it('rolls a day written before its month over only when the clock runs again', () => {
    const { cmos, writeCmos } = pc(Date.UTC(2026, 1, 10)); // February
    writeCmos(0x0b, 0x82);
    writeCmos(0x07, 0x31); // 31 February for now...
    writeCmos(0x08, 0x03); // ...then March
    writeCmos(0x0b, 0x02);
    expect(cmos.guestTime().toISOString().slice(0, 10)).toBe('2026-03-31');
  });

  it('reports valid RAM and time in register D and ignores writes to it', () => {
    const { cmos, readCmos, writeCmos } = pc();
    writeCmos(0x0d, 0x00);
    expect(readCmos(0x0d)).toBe(0x80);
    expect(cmos.counters.ignoredWrites).toBe(1);
  });

  it('never throws on arbitrary guest input', () => {
    const { clock, cmos, io } = pc();
    let seed = 3;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 20000; i++) {
      const size = ([1, 2] as const)[random() & 1];
      if (random() & 1) io.write(0x70 + (random() & 1), size, random() * 0x0101);
      else io.read(0x70 + (random() & 1), size);
      clock.ms += random();
      cmos.advance();
    }
    expect(Number.isFinite(cmos.guestTime().getTime())).toBe(true);
  });
});

describe('Cmos interrupts (register C and IRQ 8)', () => {
  it('raises the update-ended interrupt once a second when UIE is set', () => {
    const { clock, cmos, irq8, readCmos, writeCmos } = pc();
    writeCmos(0x0b, 0x12); // UIE, 24-hour
    expect(cmos.nextEventMs()).toBe(Date.UTC(2026, 10, 25, 18, 42, 8));
    clock.ms += 400;
    cmos.advance();
    expect(irq8.level).toBe(false);
    clock.ms += 100;
    cmos.advance();
    expect(irq8.level).toBe(true);
    // IRQF | PF | UF: PF follows register A's 1024 Hz rate whether or not PIE is set.
    expect(readCmos(0x0c)).toBe(0xd0);
    expect(irq8.level).toBe(false);
    expect(readCmos(0x0c)).toBe(0x00);
  });

  it('raises the periodic interrupt at the rate in register A', () => {
    const { clock, cmos, irq8, readCmos, writeCmos } = pc();
    writeCmos(0x0a, 0x2f); // 2 Hz
    writeCmos(0x0b, 0x42); // PIE
    expect(cmos.periodicIntervalMs()).toBe(500);
    const next = cmos.nextEventMs()!;
    expect(next).toBe(START + 500);
    clock.ms = next - 1;
    cmos.advance();
    expect(irq8.level).toBe(false);
    clock.ms = next;
    cmos.advance();
    expect(irq8.level).toBe(true);
    expect(readCmos(0x0c) & 0xc0).toBe(0xc0);
    writeCmos(0x0a, 0x26);
    expect(cmos.periodicIntervalMs()).toBe(1000 / 1024);
  });

  it('sets UF without IRQF when the interrupt is not enabled (polled)', () => {
    const { clock, irq8, readCmos } = pc();
    clock.ms += 1000;
    expect(readCmos(0x0c)).toBe(0x50); // PF and UF, no IRQF
    expect(irq8.risingEdges).toBe(0);
  });

  it('fires the alarm at the programmed time, and every second with don\'t-care values', () => {
    const { clock, cmos, irq8, readCmos, writeCmos } = pc();
    writeCmos(0x05, 0x18);
    writeCmos(0x03, 0x42);
    writeCmos(0x01, 0x30);
    writeCmos(0x0b, 0x22); // AIE
    clock.ms = Date.UTC(2026, 10, 25, 18, 42, 29, 900);
    cmos.advance();
    expect(irq8.level).toBe(false);
    readCmos(0x0c);
    clock.ms += 100;
    cmos.advance();
    expect(irq8.level).toBe(true);
    expect(readCmos(0x0c) & 0xa0).toBe(0xa0);
    writeCmos(0x01, 0xc0);
    writeCmos(0x03, 0xff);
    writeCmos(0x05, 0xc5);
    clock.ms += 1000;
    expect(readCmos(0x0c) & 0xa0).toBe(0xa0);
  });
});

describe('Cmos NVRAM and the index port', () => {
  it('keeps 128 bytes and the NMI-disable bit of the index', () => {
    const { cmos, io, readCmos, writeCmos } = pc();
    for (let i = 0x0e; i < 0x80; i++) if (i !== 0x32) writeCmos(i, (i * 7) & 0xff);
    for (let i = 0x0e; i < 0x80; i++) if (i !== 0x32) expect(readCmos(i)).toBe((i * 7) & 0xff);
    io.write(0x70, 1, 0x8f); // NMI off, index 0x0F (shutdown status)
    expect(cmos.nmiDisabled).toBe(true);
    expect(io.read(0x71, 1)).toBe((0x0f * 7) & 0xff);
    io.write(0x70, 1, 0x0f);
    expect(cmos.nmiDisabled).toBe(false);
    expect(io.read(0x70, 1)).toBe(0xff); // the index port is write-only
  });

  it('saves and restores NVRAM and the guest-set time', () => {
    const a = pc();
    a.writeCmos(0x0b, 0x82);
    a.writeCmos(0x04, 0x07);
    a.writeCmos(0x0b, 0x02);
    a.writeCmos(0x40, 0x5a);
    const saved = JSON.parse(JSON.stringify(a.cmos.saveState()));
    const b = pc();
    b.cmos.restoreState(saved);
    expect(b.readCmos(0x04)).toBe(0x07);
    expect(b.readCmos(0x40)).toBe(0x5a);
  });
});

describe('Cmos wide port accesses (byte accesses at 0x70, 0x71)', () => {
  it('takes a word OUT to 0x70 as the index (AL), then the data (AH)', () => {
    const { io, readCmos } = pc();
    io.write(0x70, 2, 0x5a40); // NVRAM byte 0x40 := 0x5A
    expect(readCmos(0x40)).toBe(0x5a);
    // The index port is write-only (0xFF); the data port fills the high byte.
    expect(io.read(0x70, 2)).toBe(0x5aff);
  });
});
