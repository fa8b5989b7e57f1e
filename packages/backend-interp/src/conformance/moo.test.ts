import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MooFormatError, parseMoo } from './moo.js';

/** Builds a chunk: 4-byte tag, u32 length, payload. */
function chunk(tag: string, ...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(8 + length);
  out.set(Buffer.from(tag, 'latin1'), 0);
  new DataView(out.buffer).setUint32(4, length, true);
  let offset = 8;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
function u32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
}
function u16(...values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  values.forEach((v, i) => new DataView(b.buffer).setUint16(i * 2, v, true));
  return b;
}

describe('MOO reader', () => {
  it('reads registers, RAM, bytes, name, exception and hash, skipping unknown chunks', () => {
    const name = Buffer.from('nop');
    const test = chunk(
      'TEST', u32(7),
      chunk('NAME', u32(name.length), name),
      chunk('BYTS', u32(1), Uint8Array.of(0x90)),
      chunk('XTRA', Uint8Array.of(1, 2, 3)),
      // ax (bit 0) and ip (bit 12)
      chunk('INIT', chunk('REGS', u16(0x1001, 0x1234, 0x0100)), chunk('RAM ', u32(1), u32(0x100), Uint8Array.of(0x90))),
      chunk('FINA', chunk('REGS', u16(0x1000, 0x0101)), chunk('RAM ', u32(0))),
      chunk('EXCP', Uint8Array.of(6), u32(0x2000)),
      chunk('HASH', new Uint8Array(20).fill(0xab)),
    );
    const header = chunk('MOO ', Uint8Array.of(1, 0, 0, 0), u32(1), Buffer.from('C286'));
    const file = parseMoo(gzipSync(Buffer.concat([header, test])));
    expect(file.cpu).toBe('C286');
    expect(file.tests).toHaveLength(1);
    const [t] = file.tests;
    expect(t.index).toBe(7);
    expect(t.name).toBe('nop');
    expect(Array.from(t.bytes)).toEqual([0x90]);
    expect(t.initial.regs).toEqual({ ax: 0x1234, ip: 0x100 });
    expect(t.initial.ram).toEqual([[0x100, 0x90]]);
    expect(t.final.regs).toEqual({ ip: 0x101 });
    expect(t.exception).toEqual({ vector: 6, flagsAddress: 0x2000 });
    expect(t.hash).toBe('ab'.repeat(20));
  });

  it('rejects data that is not a MOO file with a typed error', () => {
    expect(() => parseMoo(gzipSync(Buffer.from('not a moo file')))).toThrow(MooFormatError);
  });
});
