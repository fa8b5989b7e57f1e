import { describe, expect, it } from 'vitest';
import { GuestMemory } from './memory.js';
import { loadBootSector, loadRaw, parseAddress, parseEntry, parseSize } from './image.js';
import { ImageError } from './errors.js';

function ram(size = 0xa0000) {
  const memory = new GuestMemory();
  memory.add({ base: 0, size, name: 'ram', readOnly: false, bytes: new Uint8Array(size) });
  return memory;
}

function bootSector(): Uint8Array {
  const sector = new Uint8Array(512);
  sector[0] = 0xf4; // hlt
  sector[510] = 0x55;
  sector[511] = 0xaa;
  return sector;
}

describe('loadBootSector', () => {
  it('loads at 0x7C00 and enters at 0000:7C00 with DL = boot drive', () => {
    const memory = ram();
    const entry = loadBootSector(memory, bootSector(), 0x00);
    expect(entry).toMatchObject({ cs: 0, ip: 0x7c00, registers: { edx: 0 } });
    expect(memory.read8(0x7c00)).toBe(0xf4);
    expect(memory.read16(0x7dfe)).toBe(0xaa55);
  });

  it('rejects a sector without the 0x55AA signature, and short or empty images', () => {
    const noSignature = bootSector();
    noSignature[511] = 0;
    expect(() => loadBootSector(ram(), noSignature)).toThrow(/no boot signature/);
    expect(() => loadBootSector(ram(), new Uint8Array(100))).toThrow(/512 bytes/);
    expect(() => loadBootSector(ram(), new Uint8Array(0))).toThrow(ImageError);
  });
});

describe('loadRaw', () => {
  it('refuses images that do not fit at their load address', () => {
    const memory = ram(0x10000);
    expect(() => loadRaw(memory, new Uint8Array(0x10001), 0)).toThrow(/does not fit/);
    expect(() => loadRaw(memory, new Uint8Array(16), 0xfff8)).toThrow(/does not fit/);
    loadRaw(memory, Uint8Array.of(1, 2, 3), 0xfffd);
    expect(memory.read8(0xffff)).toBe(3);
  });
});

describe('argument parsers', () => {
  it('parse sizes, addresses and SEG:OFF entries', () => {
    expect(parseSize('64K')).toBe(65536);
    expect(parseSize('1M')).toBe(1 << 20);
    expect(parseSize('0x1000')).toBe(4096);
    expect(parseAddress('0x7c00')).toBe(0x7c00);
    expect(parseAddress('7c00h')).toBe(0x7c00);
    expect(parseAddress('31744')).toBe(0x7c00);
    expect(parseEntry('0000:7C00')).toEqual({ cs: 0, ip: 0x7c00 });
    expect(parseEntry('f000:fff0')).toEqual({ cs: 0xf000, ip: 0xfff0 });
  });

  it('reject malformed input with a message naming it', () => {
    expect(() => parseSize('lots')).toThrow(/"lots" is not a size/);
    expect(() => parseAddress('0xZZ')).toThrow(/not an address/);
    expect(() => parseEntry('7c00')).toThrow(/SEG:OFF/);
    expect(() => parseEntry('12345:0')).toThrow(/SEG:OFF/);
  });
});
