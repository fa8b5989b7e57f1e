import { describe, expect, it } from 'vitest';
import { GuestMemory, type MemoryRegion } from './memory.js';
import { MemoryLayoutError } from './errors.js';

const region = (base: number, size: number, name = 'ram'): MemoryRegion => ({
  base, size, name, readOnly: false, bytes: new Uint8Array(size),
});

describe('GuestMemory', () => {
  it('gives views into the region that holds an address, without copying', () => {
    const memory = new GuestMemory();
    const low = region(0, 0xa0000);
    memory.add(low);
    memory.write(0x7c00, Uint8Array.of(0xeb, 0xfe));
    expect(low.bytes[0x7c00]).toBe(0xeb);
    expect(memory.read16(0x7c00)).toBe(0xfeeb);
    memory.view(0x500, 2)[1] = 0x42;
    expect(low.bytes[0x501]).toBe(0x42);
  });

  it('rejects overlapping, unaligned and empty regions', () => {
    const memory = new GuestMemory();
    memory.add(region(0, 0x10000));
    expect(() => memory.add(region(0xf000, 0x2000, 'vga'))).toThrow(/overlaps region "ram"/);
    expect(() => memory.add(region(0x10800, 0x1000))).toThrow(MemoryLayoutError);
    expect(() => memory.add(region(0x20000, 0))).toThrow(MemoryLayoutError);
  });

  it('refuses views that leave a region or fall in a hole', () => {
    const memory = new GuestMemory();
    memory.add(region(0, 0x1000));
    memory.add(region(0x2000, 0x1000));
    expect(() => memory.view(0xfff, 2)).toThrow(MemoryLayoutError);
    expect(() => memory.view(0x1800, 1)).toThrow(MemoryLayoutError);
    expect(memory.contains(0x2000, 0x1000)).toBe(true);
    expect(memory.contains(0x2000, 0x1001)).toBe(false);
  });
});
