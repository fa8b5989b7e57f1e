/**
 * The 386/486 real-mode extensions, which the chip tests (8086, 286) do not cover:
 * small nasm programs (test-programs/*.asm) store one dword per result at 0x500.
 */
import { describe, expect, it } from 'vitest';
import { realModeState } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { ext386Alu, ext386Bits, ext386Mem, ext386Stack } from './test-programs.js';

function runProgram(hex: string): { results: number[]; exit: string } {
  const backend = createInterpBackend({ model: '386' });
  const ram = backend.createRegion({ base: 0, size: 0x10000, name: 'ram' });
  ram.bytes.set(Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16))), 0x7c00);
  backend.setState(realModeState({ cs: 0, ip: 0x7c00 }));
  const exit = backend.run({ deadline: performance.now() + 5000 });
  const view = new DataView(ram.bytes.buffer);
  const results: number[] = [];
  const end = backend.getState().edi & 0xffff;
  for (let a = 0x500; a < end; a += 4) results.push(view.getUint32(a, true));
  return { results, exit: exit.kind };
}

describe('386 extensions in real mode', () => {
  it('32-bit arithmetic: BSWAP ADC CWDE CDQ IMUL SHLD SHRD XADD CMPXCHG MUL DIV IDIV SAR', () => {
    const { results, exit } = runProgram(ext386Alu);
    expect(exit).toBe('hlt');
    expect(results).toEqual([
      0x78563412, 1, 0xffff8000, 0xffffffff, 0x00020001, 0xffffffeb, 0x223344aa, 0xd1122334,
      15, 5, 0x99, 0x99, 3, 0x30000000, 5, 0xfffffff2, 0xff000000,
    ]);
  });

  it('32-bit addressing with SIB, FS/GS, LFS, PUSH/POP FS/GS, MOVZX/MOVSX, PUSHAD/POPAD, 67-prefixed LODS and LOOP', () => {
    const { results, exit } = runProgram(ext386Mem);
    expect(exit).toBe('hlt');
    expect(results).toEqual([
      0xdeadbeef, 0xcafe0001, 0xa55a, 0x70, 0x12345678, 0x9abc, 0xffff9abc, 0x22222222, 0xef, 0x615, 0x10005,
    ]);
  });

  it('BT/BTS/BTR/BTC, BSF/BSR, SETcc, Jcc rel16, CPUID, RDTSC', () => {
    const { results, exit } = runProgram(ext386Bits);
    expect(exit).toBe('hlt');
    expect(results).toEqual([1, 0x80000000, 0xffffffee, 0x100, 20, 23, 1, 1, 0x600d, 0x756e6547, 1]);
  });

  it('ID flag (CPUID detection), 32-bit CALL/RET and IRETD, ENTER/LEAVE, a32 REP MOVSD, #GP past 64 KiB, ICEBP', () => {
    const { results, exit } = runProgram(ext386Stack);
    expect(exit).toBe('hlt');
    expect(results).toEqual([0x200000, 4, 0x200, 10, 0x1234, 0x33333333, 0, 0x0d0d, 0xdb]);
  });

  it('unreal mode: a data segment whose cached limit is 4 GiB reaches memory above 1 MiB', () => {
    // mov esi, 0x100000 ; mov eax, [esi] ; hlt     (DS limit set through setState, as after a trip to protected mode)
    const backend = createInterpBackend({ model: '386' });
    const ram = backend.createRegion({ base: 0, size: 0x200000, name: 'ram' });
    ram.bytes.set([0x66, 0xbe, 0x00, 0x00, 0x10, 0x00, 0x67, 0x66, 0x8b, 0x06, 0xf4], 0x7c00);
    ram.bytes.set([0x78, 0x56, 0x34, 0x12], 0x100000);
    const state = realModeState({ cs: 0, ip: 0x7c00 });
    state.ds = { ...state.ds, limit: 0xffffffff, g: true };
    backend.setState(state);
    expect(backend.run().kind).toBe('hlt');
    expect(backend.getState().eax).toBe(0x12345678);
  });
});
