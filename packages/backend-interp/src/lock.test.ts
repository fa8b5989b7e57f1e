/**
 * LOCK (SDM vol. 2A "LOCK"): the 386 raises #UD (vector 6) unless the prefix precedes
 * a read-modify-write instruction with a memory destination; the 8086 and 286 run
 * whatever follows it.
 */
import { describe, expect, it } from 'vitest';
import { realModeState } from '@tinyvm/core';
import { type CpuModel, InterpBackend } from './backend.js';

const CODE = 0x7c00;
const UD_STUB = 0x9000;

/** Runs `code` then HLT; returns where the CPU halted and the IP pushed by an exception, if any. */
function run(model: CpuModel, code: number[]): { haltedInUdHandler: boolean; pushedIp: number; bx: number } {
  const backend = new InterpBackend({ model, compileBlocks: false });
  const ram = backend.createRegion({ base: 0, size: 0x10000, name: 'ram' }).bytes;
  ram.set([UD_STUB & 0xff, UD_STUB >> 8, 0, 0], 6 * 4);
  ram[UD_STUB] = 0xf4;
  ram.set([...code, 0xf4], CODE);
  const state = realModeState({ cs: 0, ip: CODE });
  state.esp = 0x7000;
  state.ebx = 0x600;
  state.eax = 5;
  backend.setState(state);
  expect(backend.run().kind).toBe('hlt');
  const after = backend.getState();
  return { haltedInUdHandler: after.eip === UD_STUB + 1, pushedIp: ram[0x6ffa] | (ram[0x6ffb] << 8), bx: ram[0x600] };
}

describe('LOCK prefix', () => {
  it('is accepted on the 386 before ADD to memory', () => {
    const r = run('386', [0xf0, 0x01, 0x07]); // lock add [bx], ax
    expect(r.haltedInUdHandler).toBe(false);
    expect(r.bx).toBe(5);
  });

  it.each([
    ['ADD with a register destination', [0xf0, 0x01, 0xc3]], // lock add bx, ax
    ['MOV to memory', [0xf0, 0x89, 0x07]], // lock mov [bx], ax
    ['CMP with memory', [0xf0, 0x39, 0x07]], // lock cmp [bx], ax
    ['BT (not BTS) on memory', [0xf0, 0x0f, 0xa3, 0x07]], // lock bt [bx], ax
  ])('raises #UD on the 386 before %s, returning to the prefix', (_name, code) => {
    const r = run('386', code);
    expect(r.haltedInUdHandler).toBe(true);
    expect(r.pushedIp).toBe(CODE);
  });

  it.each(['8086', '286'] as const)('is ignored by the %s before MOV to memory', (model) => {
    const r = run(model, [0xf0, 0x89, 0x07]);
    expect(r.haltedInUdHandler).toBe(false);
    expect(r.bx).toBe(5);
  });
});
