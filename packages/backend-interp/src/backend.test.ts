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

  it('returns interrupted at the deadline for a guest that never exits', () => {
    const { backend } = boot(hex('ebfe')); // jmp $
    const exit = backend.run({ deadline: performance.now() + 20 });
    expect(exit.kind).toBe('interrupted');
    expect(backend.stats.instructions).toBeGreaterThan(1000);
  });
});
