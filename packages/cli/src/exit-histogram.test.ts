import { describe, expect, it } from 'vitest';
import { countExit, emptyHistogram, histogramLines } from './exit-histogram.js';
import { traceExitLine, traceIoLine } from './trace.js';

const out = (port: number, value: number) => ({ kind: 'io' as const, direction: 'out' as const, port, size: 1 as const, count: 1, data: Uint8Array.of(value) });

describe('the --stats histogram', () => {
  it('counts port accesses by direction and port (a REP batch by its count) and MMIO by address', () => {
    const h = emptyHistogram();
    countExit(h, out(0x80, 1));
    countExit(h, out(0x80, 2));
    countExit(h, { kind: 'io', direction: 'in', port: 0x60, size: 1, count: 4, data: new Uint8Array(4) });
    countExit(h, { kind: 'mmio', address: 0xb8000, size: 2, write: true, data: new Uint8Array(2) });
    countExit(h, { kind: 'hlt' });
    expect([...h.ports]).toEqual([['out 0x0080', 2], ['in 0x0060', 4]]);
    expect([...h.addresses]).toEqual([['write 0x000b8000', 1]]);
  });

  it('draws bars scaled to the largest count, busiest first, the top 10 then how many more', () => {
    const counts = new Map(Array.from({ length: 12 }, (_, i) => [`port ${String(i).padStart(2, '0')}`, (i + 1) * 10] as [string, number]));
    const lines = histogramLines('ports', counts);
    expect(lines[0]).toBe('ports:');
    expect(lines[1]).toBe(`  port 11  120  ${'#'.repeat(30)}`);
    expect(lines[10]).toBe(`  port 02   30  ${'#'.repeat(8)}`);
    expect(lines[11]).toBe('  … 2 more');
    expect(histogramLines('none', new Map())).toEqual([]);
  });
});

describe('trace lines', () => {
  it('an OUT exit with its data, a REP batch with its count, an MMIO write, a HLT', () => {
    const all = new Set(['exits'] as const);
    expect(traceExitLine(out(0x3f8, 0x41), all)).toBe('io out port 0x03f8 size 1 data 0x41');
    expect(traceExitLine({ kind: 'io', direction: 'out', port: 0x1f0, size: 2, count: 2, data: Uint8Array.of(0x34, 0x12, 0x78, 0x56) }, all))
      .toBe('io out port 0x01f0 size 2 count 2 data 0x1234 0x5678');
    expect(traceExitLine({ kind: 'mmio', address: 0xb8000, size: 2, write: true, data: Uint8Array.of(0x41, 0x07) }, all))
      .toBe('mmio write 0x000b8000 size 2 data 0x0741');
    expect(traceExitLine({ kind: 'hlt' }, all)).toBe('hlt');
  });

  it('with io traced access by access, port exits are not traced twice; without exits, nothing but io', () => {
    expect(traceExitLine(out(0x80, 0), new Set(['exits', 'io'] as const))).toBeUndefined();
    expect(traceExitLine({ kind: 'hlt' }, new Set(['io'] as const))).toBeUndefined();
    expect(traceIoLine(false, 0x3fd, 1, 0x60)).toBe('io in port 0x03fd size 1 data 0x60');
    expect(traceIoLine(true, 0x3d4, 2, 0x0e0f)).toBe('io out port 0x03d4 size 2 data 0x0e0f');
  });
});
