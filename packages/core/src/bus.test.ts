import { describe, expect, it } from 'vitest';
import { Bus } from './bus.js';
import { BusError } from './errors.js';
import type { AccessSize, Device } from './device.js';

/** A device that records what it sees and answers reads with offset + size. */
function recorder() {
  const seen: string[] = [];
  const device: Device = {
    name: 'recorder',
    read: (offset: number, size: AccessSize) => {
      seen.push(`r ${offset} ${size}`);
      return 0x100 + offset;
    },
    write: (offset: number, size: AccessSize, value: number) => {
      seen.push(`w ${offset} ${size} ${value}`);
    },
  };
  return { device, seen };
}

describe('Bus', () => {
  it('routes accesses to the device with offsets from its base', () => {
    const bus = new Bus('io', 0x10000);
    const { device, seen } = recorder();
    bus.register(0x3f8, 8, device);
    bus.write(0x3fb, 1, 0x83);
    expect(bus.read(0x3fd, 1)).toBe(0x05); // 0x105 masked to one byte
    expect(bus.read(0x3f8, 2)).toBe(0x100);
    expect(seen).toEqual(['w 3 1 131', 'r 5 1', 'r 0 2']);
  });

  it('returns all-ones for unclaimed reads and counts dropped writes', () => {
    const bus = new Bus('io', 0x10000);
    expect(bus.read(0x80, 1)).toBe(0xff);
    expect(bus.read(0x80, 2)).toBe(0xffff);
    expect(bus.read(0x80, 4)).toBe(0xffffffff);
    bus.write(0x80, 1, 1);
    expect(bus.counters).toEqual({ reads: 3, writes: 1, unclaimedReads: 3, unclaimedWrites: 1 });
  });

  it('treats an access that straddles the end of a range as unclaimed', () => {
    const bus = new Bus('mmio', 2 ** 32);
    const { device, seen } = recorder();
    bus.register(0x1000, 4, device);
    expect(bus.read(0x1002, 4)).toBe(0xffffffff);
    expect(seen).toEqual([]);
  });

  it('rejects zero-size, overflowing and overlapping ranges with typed errors', () => {
    const bus = new Bus('io', 0x10000);
    const { device } = recorder();
    bus.register(0x60, 1, device, 'kbd-data');
    bus.register(0x64, 1, device, 'kbd-status');
    const codeOf = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(BusError);
        return (e as BusError).code;
      }
      return 'no error';
    };
    expect(codeOf(() => bus.register(0x70, 0, device))).toBe('invalid-range');
    expect(codeOf(() => bus.register(0xfffe, 4, device))).toBe('invalid-range');
    expect(codeOf(() => bus.register(0x5f, 2, device))).toBe('overlap');
    expect(codeOf(() => bus.register(0x61, 4, device))).toBe('overlap');
    expect(codeOf(() => bus.unregister(0x99))).toBe('device-not-found');
    bus.register(0x61, 3, device, 'between');
    expect(bus.ranges.map((r) => r.name)).toEqual(['kbd-data', 'between', 'kbd-status']);
  });

  it('finds the right range among many (binary search)', () => {
    const bus = new Bus('io', 0x10000);
    const names: string[] = [];
    for (let i = 0; i < 100; i++) {
      const name = `d${i}`;
      bus.register(i * 16, 8, { name, read: () => i, write: () => {} });
      names.push(name);
    }
    for (let i = 0; i < 100; i++) {
      expect(bus.read(i * 16 + 7, 1)).toBe(i);
      expect(bus.read(i * 16 + 8, 1)).toBe(0xff);
    }
  });
});
