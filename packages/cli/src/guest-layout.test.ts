import { describe, expect, it } from 'vitest';
import { ImageError } from '@tinyvm/core';
import { UsageError } from './errors.js';
import { planLoad, ramLayout } from './guest-layout.js';

const K = 1024;
const M = 1024 * K;

function bootSector(): Uint8Array {
  const sector = new Uint8Array(512);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

describe('ramLayout', () => {
  it('stops conventional RAM at the A0000h hole and adds RAM from 1 MiB when there is more', () => {
    expect(ramLayout(64 * K)).toEqual([{ base: 0, size: 64 * K, name: 'ram' }]);
    expect(ramLayout(M)).toEqual([{ base: 0, size: 0xa0000, name: 'ram' }]);
    expect(ramLayout(16 * M)).toEqual([
      { base: 0, size: 0xa0000, name: 'ram' },
      { base: M, size: 15 * M, name: 'high-ram' },
    ]);
  });
});

describe('planLoad', () => {
  const defaults = { memBytes: M, image: 'x.bin' };

  it('loads a boot sector at 0000:7C00 with DL = 80h', () => {
    expect(planLoad(defaults, bootSector(), ramLayout(M))).toEqual({
      address: 0x7c00, bootSector: true, entry: { cs: 0, ip: 0x7c00, registers: { edx: 0x80 }, ss: 0 },
    });
  });

  it('insists on exactly one signed sector without --load', () => {
    expect(() => planLoad(defaults, new Uint8Array(100), ramLayout(M))).toThrow(/is 100 bytes; a boot sector is 512/);
    expect(() => planLoad(defaults, new Uint8Array(1024), ramLayout(M))).toThrow(ImageError);
    expect(() => planLoad(defaults, new Uint8Array(512), ramLayout(M))).toThrow(/no boot signature/);
    expect(() => planLoad(defaults, new Uint8Array(0), ramLayout(M))).toThrow(/is empty/);
  });

  it('enters a raw image at its load address, as 0000:ADDR or SEG:OFF above 64 KiB', () => {
    const image = new Uint8Array(64);
    expect(planLoad({ ...defaults, load: 0 }, image, ramLayout(M)).entry).toEqual({ cs: 0, ip: 0 });
    expect(planLoad({ ...defaults, load: 0x7e00 }, image, ramLayout(M)).entry).toEqual({ cs: 0, ip: 0x7e00 });
    expect(planLoad({ ...defaults, load: 0x12345 }, image, ramLayout(M)).entry).toEqual({ cs: 0x1234, ip: 5 });
    expect(planLoad({ ...defaults, load: 0x1000, entry: { cs: 0x100, ip: 4 } }, image, ramLayout(M)).entry).toEqual({ cs: 0x100, ip: 4 });
    expect(() => planLoad({ memBytes: 4 * M, image: 'x', load: 2 * M }, image, ramLayout(4 * M))).toThrow(UsageError);
  });

  it('loads at the entry point when only --entry is given', () => {
    expect(planLoad({ ...defaults, entry: { cs: 0x7c0, ip: 0x10 } }, new Uint8Array(8), ramLayout(M)).address).toBe(0x7c10);
  });

  it('refuses images larger than RAM or crossing the end of a region', () => {
    expect(() => planLoad({ memBytes: 64 * K, image: 'big', load: 0 }, new Uint8Array(65 * K), ramLayout(64 * K)))
      .toThrow(/\(66560 bytes\) is larger than guest RAM \(65536 bytes; see --mem\)/);
    expect(() => planLoad({ memBytes: 64 * K, image: 'x', load: 0xfff0 }, new Uint8Array(32), ramLayout(64 * K)))
      .toThrow(/does not fit in guest RAM at 0xfff0 \(RAM: 0x0-0xffff\)/);
    // The legacy hole is not RAM: an image may not run into it.
    expect(() => planLoad({ ...defaults, load: 0x9ff00 }, new Uint8Array(0x200), ramLayout(M))).toThrow(ImageError);
    expect(() => planLoad({ memBytes: 16 * 1024, image: 'x' }, bootSector(), ramLayout(16 * 1024))).toThrow(/does not fit/);
  });
});
