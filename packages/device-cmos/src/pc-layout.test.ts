import { describe, expect, it } from 'vitest';
import { Cmos } from './cmos.js';
import { computeChecksum, setMemorySize } from './pc-layout.js';

const MIB = 1024 * 1024;

function cmosWith(below: number, above = 0) {
  const cmos = new Cmos({ clock: { now: () => new Date(0) } });
  setMemorySize(cmos, below, above);
  const word = (index: number) => cmos.readNvram(index) | (cmos.readNvram(index + 1) << 8);
  return { cmos, word };
}

describe('setMemorySize', () => {
  it('records 16 MiB as 640 KiB base and 15 MiB extended', () => {
    const { word } = cmosWith(16 * MIB);
    expect(word(0x15)).toBe(640);
    expect(word(0x17)).toBe(15 * 1024);
    expect(word(0x30)).toBe(15 * 1024);
    expect(word(0x34)).toBe(0);
  });

  it('caps extended memory at 0xFFFF KiB and counts 64 KiB blocks above 16 MiB', () => {
    const { word } = cmosWith(128 * MIB);
    expect(word(0x17)).toBe(0xffff);
    expect(word(0x34)).toBe((112 * MIB) / (64 * 1024));
  });

  it('records memory above 4 GiB in 64 KiB blocks over three bytes', () => {
    const { cmos } = cmosWith(3 * 1024 * MIB, 6 * 1024 * MIB);
    const blocks = cmos.readNvram(0x5b) | (cmos.readNvram(0x5c) << 8) | (cmos.readNvram(0x5d) << 16);
    expect(blocks).toBe((6 * 1024 * MIB) / (64 * 1024));
  });

  it('keeps the AT checksum (bytes 0x10-0x2D, big-endian at 0x2E) right', () => {
    const { cmos } = cmosWith(32 * MIB);
    let sum = 0;
    for (let i = 0x10; i <= 0x2d; i++) sum += cmos.readNvram(i);
    expect(sum).toBeGreaterThan(0);
    expect((cmos.readNvram(0x2e) << 8) | cmos.readNvram(0x2f)).toBe(sum);
    expect(computeChecksum(cmos)).toBe(sum);
  });
});
