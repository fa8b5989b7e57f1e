/**
 * REP MOVS / REP STOS in bulk (rep-bulk.ts) must leave memory and SI/DI/CX exactly
 * as the element-by-element definition does (SDM vol. 2 "MOVS", "STOS", "REP"):
 * overlapping copies, page boundaries in the middle of a word, the 64 KiB offset
 * wrap, ROM destinations and the 1 MiB wrap with A20 off. The expected memory comes
 * from a small JavaScript model of that definition run on a copy of the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { realModeState } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';

const RAM_SIZE = 0x120000;
const CODE = 0x500;

interface Case {
  name: string;
  /** F3 A4 (REP MOVSB), F3 A5 (REP MOVSW), F3 AA (REP STOSB), F3 AB (REP STOSW), with 66 for dwords. */
  code: number[];
  ds: number;
  es: number;
  si: number;
  di: number;
  cx: number;
  eax?: number;
  a20?: boolean;
  /** Crosses offset FFFF: wraps on the 8086, #GP/#SS on the 286 and 386 (tested in cpu-models.test.ts). */
  wraps?: boolean;
}

/** One element's bytes, read before any is written. */
const element = [0, 0, 0, 0];

/** The element-by-element model: 16-bit SI/DI/CX, DF = 0, physical address (seg×16 + off) & wrapMask. */
function model(mem: Uint8Array, c: Case, movs: boolean, size: number, wrapMask: number): { si: number; di: number } {
  let { si, di } = c;
  for (let n = c.cx; n !== 0; n--) {
    for (let k = 0; k < size; k++) {
      // One element reads all its bytes before writing them.
      const v = movs ? mem[((c.ds << 4) + ((si + k) & 0xffff)) & wrapMask] : ((c.eax ?? 0) >>> (8 * k)) & 0xff;
      element[k] = v;
    }
    for (let k = 0; k < size; k++) mem[((c.es << 4) + ((di + k) & 0xffff)) & wrapMask] = element[k];
    si = (si + (movs ? size : 0)) & 0xffff;
    di = (di + size) & 0xffff;
  }
  return { si, di };
}

const CASES: Case[] = [
  { name: 'movsw between segments', code: [0xf3, 0xa5], ds: 0x1000, es: 0x2000, si: 0, di: 0, cx: 0x4000 },
  { name: 'movsw onto itself one byte later (pattern repeats)', code: [0xf3, 0xa5], ds: 0x1000, es: 0x1000, si: 0x100, di: 0x101, cx: 0x300 },
  { name: 'movsb onto itself one byte later', code: [0xf3, 0xa4], ds: 0x1000, es: 0x1000, si: 0x10, di: 0x11, cx: 0x2000 },
  { name: 'movsw onto itself one byte earlier', code: [0xf3, 0xa5], ds: 0x1000, es: 0x1000, si: 0x101, di: 0x100, cx: 0x1800 },
  { name: 'movsw with words across page boundaries', code: [0xf3, 0xa5], ds: 0x1000, es: 0x3000, si: 0x0fff, di: 0x0ffd, cx: 0x2001 },
  { name: 'movsw wrapping at 64 KiB', code: [0xf3, 0xa5], ds: 0x1000, es: 0x3000, si: 0xff01, di: 0xfff0, cx: 0x100, wraps: true },
  { name: 'movsd wrapping at 64 KiB', code: [0x66, 0xf3, 0xa5], ds: 0x1000, es: 0x3000, si: 0xfff3, di: 0xffe2, cx: 0x40, wraps: true },
  { name: 'stosw across pages and the 64 KiB wrap', code: [0xf3, 0xab], ds: 0, es: 0x4000, si: 0, di: 0xe003, cx: 0x1400, eax: 0xbeef, wraps: true },
  { name: 'stosb', code: [0xf3, 0xaa], ds: 0, es: 0x4000, si: 0, di: 0x123, cx: 0x5000, eax: 0x5a },
  { name: 'stosd', code: [0x66, 0xf3, 0xab], ds: 0, es: 0x4000, si: 0, di: 0xfff1, cx: 0x30, eax: 0x12345678, wraps: true },
  { name: 'movsw across 1 MiB with A20 off', code: [0xf3, 0xa5], ds: 0xffff, es: 0x5000, si: 0x0, di: 0, cx: 0x800, a20: false },
  { name: 'movsw across 1 MiB with A20 on', code: [0xf3, 0xa5], ds: 0xffff, es: 0x5000, si: 0x0, di: 0, cx: 0x800, a20: true },
];

describe.each(['8086', '286', '386'] as const)('%s: REP MOVS/STOS in bulk', (cpuModel) => {
  // No operand-size prefix before the 386; offsets past FFFF fault from the 286 on.
  const cases = CASES.filter((c) => (cpuModel === '386' || c.code[0] !== 0x66) && (cpuModel === '8086' || c.wraps !== true));
  it.each(cases)('$name', (c) => {
    const backend = createInterpBackend({ model: cpuModel, a20: c.a20 ?? true });
    const ram = backend.createRegion({ base: 0, size: RAM_SIZE, name: 'ram' });
    let x = 0x9e3779b9;
    for (let i = 0; i < RAM_SIZE; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      ram.bytes[i] = x & 0xff;
    }
    ram.bytes.set([...c.code, 0xf4], CODE);
    // The 8086 has 20 address lines; A20 off masks bit 20 on the others.
    const wrapMask = cpuModel === '8086' || c.a20 === false ? 0xfffff : 0x1fffff;
    const expected = ram.bytes.slice();
    const movs = (c.code[c.code.length - 1] & 0xfe) === 0xa4;
    const size = (c.code[c.code.length - 1] & 1) === 0 ? 1 : c.code[0] === 0x66 ? 4 : 2;
    const regs = model(expected, c, movs, size, wrapMask);

    const state = realModeState({ cs: 0, ip: CODE });
    state.ds.selector = c.ds; state.ds.base = c.ds << 4;
    state.es.selector = c.es; state.es.base = c.es << 4;
    state.esi = c.si; state.edi = c.di; state.ecx = c.cx; state.eax = c.eax ?? 0;
    backend.setState(state);
    const exit = backend.run({ deadline: performance.now() + 10_000 });
    expect(exit.kind).toBe('hlt');
    const after = backend.getState();
    expect({ si: after.esi & 0xffff, di: after.edi & 0xffff, cx: after.ecx & 0xffff }).toEqual({ ...regs, cx: 0 });
    // Compare the whole of RAM; report the first differing address.
    let firstDifference = -1;
    for (let i = 0; i < RAM_SIZE; i++) {
      if (ram.bytes[i] !== expected[i]) {
        firstDifference = i;
        break;
      }
    }
    expect(firstDifference).toBe(-1);
  });
});

describe('REP STOSW onto ROM', () => {
  it('leaves the ROM as it was and advances DI and CX as for RAM', () => {
    const backend = createInterpBackend({ model: '386' });
    const ram = backend.createRegion({ base: 0, size: 0x10000, name: 'ram' });
    const rom = backend.createRegion({ base: 0xf0000, size: 0x10000, name: 'rom', readOnly: true });
    rom.bytes.fill(0x77);
    ram.bytes.set([0xf3, 0xab, 0xf4], CODE);
    const state = realModeState({ cs: 0, ip: CODE });
    state.es.selector = 0xf000; state.es.base = 0xf0000;
    state.edi = 0x10; state.ecx = 0x900; state.eax = 0x1234;
    backend.setState(state);
    expect(backend.run({ deadline: performance.now() + 10_000 }).kind).toBe('hlt');
    expect(rom.bytes.every((b) => b === 0x77)).toBe(true);
    const after = backend.getState();
    expect([after.edi & 0xffff, after.ecx & 0xffff]).toEqual([0x10 + 0x1200, 0]);
  });
});
