/**
 * The machine's exit budget (RunOptions.exitBudget) and memory shared with
 * another backend (adoptRegion): the two things KVM-side code needs of the
 * interpreter.
 */
import { describe, expect, it } from 'vitest';
import { Machine, realModeState, type MemoryRegion } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));
}

// mov ax,0xb800 ; mov ds,ax ; mov cx,100 ; l: mov [0],cx ; loop l ; hlt
// (100 MMIO writes to B800:0000 when nothing but the bus is mapped there)
const HUNDRED_MMIO_WRITES = hex('b800b8 8ed8 b96400 890e0000 e2fa f4');

function machineWithMmioCounter() {
  const backend = createInterpBackend();
  const machine = new Machine({ backend });
  machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
  const written: number[] = [];
  machine.addMmioDevice(0xb8000, 0x8000, { read: () => 0, write: (_offset, _size, value) => written.push(value) });
  machine.memory.write(0x1000, HUNDRED_MMIO_WRITES);
  backend.setState(realModeState({ cs: 0, ip: 0x1000 }));
  return { backend, machine, written };
}

describe('exit budget with inline MMIO', () => {
  it('stops after exactly maxExits inline MMIO exits, at an instruction boundary', () => {
    const { machine, backend, written } = machineWithMmioCounter();
    const result = machine.run({ maxExits: 10, timeoutMs: 5000 });
    expect(result.stop).toBe('exit-budget');
    expect(result.exits.total).toBe(10);
    expect(result.exits.byKind).toEqual({ mmio: 10 });
    expect(written).toEqual([100, 99, 98, 97, 96, 95, 94, 93, 92, 91]);
    // Stopped right after the 10th write: IP on the LOOP, CX not yet decremented.
    expect(backend.getState()).toMatchObject({ eip: 0x100c, ecx: 91 });
  });

  it('resumes where it stopped and runs to HLT when the budget is lifted', () => {
    const { machine, written } = machineWithMmioCounter();
    machine.run({ maxExits: 10, timeoutMs: 5000 });
    const rest = machine.run({ timeoutMs: 5000 });
    expect(rest.stop).toBe('hlt');
    expect(rest.exits.byKind).toEqual({ mmio: 90, hlt: 1 });
    expect(written).toHaveLength(100);
    expect(written.at(-1)).toBe(1);
  });

  it('does not limit a run without a budget', () => {
    const { machine } = machineWithMmioCounter();
    expect(machine.run({ timeoutMs: 5000 }).exits.byKind).toEqual({ mmio: 100, hlt: 1 });
  });
});

describe('adoptRegion', () => {
  it('runs on bytes another backend allocated, in place', () => {
    const backend = createInterpBackend();
    const foreign: MemoryRegion = { base: 0x10000, size: 0x1000, name: 'foreign', readOnly: false, bytes: new Uint8Array(0x1000) };
    backend.adoptRegion(foreign);
    // mov ax,0x1234 ; mov [cs:0x800],ax ; hlt   (at 1000:0000)
    foreign.bytes.set(hex('b83412 2ea30008 f4'));
    backend.setState(realModeState({ cs: 0x1000, ip: 0 }));
    expect(backend.run().kind).toBe('hlt');
    expect(foreign.bytes[0x800] | (foreign.bytes[0x801] << 8)).toBe(0x1234);
  });

  it('rejects a region whose bytes do not match its size', () => {
    const backend = createInterpBackend();
    expect(() => backend.adoptRegion({ base: 0, size: 0x2000, name: 'short', readOnly: false, bytes: new Uint8Array(0x1000) })).toThrow(
      expect.objectContaining({ code: 'interp-bad-region' }),
    );
    expect(() => backend.adoptRegion({ base: 0x10, size: 0x1000, name: 'odd', readOnly: false, bytes: new Uint8Array(0x1000) })).toThrow(
      expect.objectContaining({ code: 'memory-layout' }),
    );
  });
});
