import { describe, expect, it } from 'vitest';
import { Machine, realModeState } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';

function hex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
}

// test-programs/hello-vga.asm: writes "Hi!" (attribute 0x1F) at B800:0000, OUT 0x3F8 '!', HLT.
const HELLO_VGA = hex('fa31c08ed88ed0bc007cb800b88ec031ffbe2f7cbb03008a0c26880d26c645011f4683c7024b75efbaf803b021eef4486921');

function boot(program: Uint8Array) {
  const backend = createInterpBackend();
  const machine = new Machine({ backend });
  const ram = machine.addRam({ base: 0, size: 0x100000, name: 'ram' });
  ram.bytes.set(program, 0x7c00);
  backend.setState(realModeState({ cs: 0, ip: 0x7c00 }));
  return { backend, machine, ram };
}

describe('InterpBackend with the Machine', () => {
  it('runs a boot sector that writes the VGA text buffer and halts', () => {
    const { machine, ram, backend } = boot(HELLO_VGA);
    const outs: number[] = [];
    const result = machine.run({ timeoutMs: 2000, onExit: (e) => e.kind === 'io' && outs.push(e.port, e.data[0]) });
    expect(result.stop).toBe('hlt');
    expect(Array.from(ram.bytes.subarray(0xb8000, 0xb8006))).toEqual([0x48, 0x1f, 0x69, 0x1f, 0x21, 0x1f]);
    expect(outs).toEqual([0x3f8, 0x21]);
    const state = backend.getState();
    expect(state.eip).toBe(0x7c00 + HELLO_VGA.length - 3); // after the HLT, before the data
    expect(state.ecx & 0xff).toBe(0x21);
    expect(result.instructions).toBeGreaterThan(20);
  });

  it('answers IN from the port bus on the next run', () => {
    // mov dx,0x60 ; in al,dx ; hlt
    const { machine, backend } = boot(hex('ba6000ecf4'));
    machine.addIoDevice(0x60, 1, { read: () => 0x5a, write: () => {} });
    expect(machine.run({ timeoutMs: 1000 }).stop).toBe('hlt');
    expect(backend.getState().eax & 0xff).toBe(0x5a);
  });

  it('leaves IP on an IN until its data is supplied, like KVM', () => {
    // mov dx,0x60 ; in al,dx ; hlt
    const { backend } = boot(hex('ba6000ecf4'));
    const exit = backend.run();
    expect(exit).toMatchObject({ kind: 'io', direction: 'in', port: 0x60, size: 1, count: 1 });
    expect(backend.getState().eip).toBe(0x7c03);
    if (exit.kind === 'io') exit.data[0] = 0x99;
    expect(backend.run().kind).toBe('hlt');
    expect(backend.getState().eip).toBe(0x7c05);
    expect(backend.getState().eax & 0xff).toBe(0x99);
  });

  it('moves strings to and from ports with REP OUTSB / REP INSB', () => {
    // cld ; mov si,0x7c40 ; mov cx,3 ; mov dx,0x80 ; rep outsb ; mov di,0x500 ; mov cx,4 ; rep insb ; hlt
    const { machine, ram } = boot(hex('fcbe407cb90300ba8000f36ebf0005b90400f36cf4'));
    ram.bytes.set([0x61, 0x62, 0x63], 0x7c40);
    const written: number[] = [];
    let counter = 0x10;
    machine.addIoDevice(0x80, 1, { read: () => counter++, write: (_o, _s, v) => written.push(v) });
    const result = machine.run({ timeoutMs: 1000 });
    expect(result.stop).toBe('hlt');
    expect(written).toEqual([0x61, 0x62, 0x63]);
    expect(Array.from(ram.bytes.subarray(0x500, 0x505))).toEqual([0x10, 0x11, 0x12, 0x13, 0]);
    expect(result.exits.byKind.io).toBe(7);
  });

  it('returns interrupted at the deadline for a guest that never exits', () => {
    const { backend } = boot(hex('ebfe')); // jmp $
    const exit = backend.run({ deadline: performance.now() + 20 });
    expect(exit.kind).toBe('interrupted');
    expect(backend.stats.instructions).toBeGreaterThan(1000);
  });
});
