/**
 * Behaviour that differs between the 8086, 286 and 386 models, interrupts and
 * exceptions through the IVT, A20, MMIO and the FPU-less escape opcodes.
 */
import { describe, expect, it } from 'vitest';
import { Machine, realModeState, type Device } from '@tinyvm/core';
import { createInterpBackend, type CpuModel } from '@tinyvm/backend-interp';
import { fpuDetect, interrupts, modelQuirks, waitForIrq } from './test-programs.js';

function load(model: CpuModel, hex: string, a20 = true) {
  const backend = createInterpBackend({ model, a20 });
  const ram = backend.createRegion({ base: 0, size: 0x110000, name: 'ram' });
  ram.bytes.set(Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16))), 0x7c00);
  backend.setState(realModeState({ cs: 0, ip: 0x7c00 }));
  const words = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let a = from; a < to; a += 2) out.push(ram.bytes[a] | (ram.bytes[a + 1] << 8));
    return out;
  };
  return { backend, ram, words };
}

function runToHlt(model: CpuModel, hex: string) {
  const vm = load(model, hex);
  const exit = vm.backend.run({ deadline: performance.now() + 2000 });
  expect(exit.kind).toBe('hlt');
  return vm;
}

describe('model differences', () => {
  // [value PUSH SP pushed − SP before it (16-bit), SHL 1 by CL=33, FLAGS & F000, pushed IP − DIV address]
  it.each([
    ['8086', [0xfffe, 0, 0xf000, 2]],
    ['286', [0, 2, 0x0000, 0]],
    ['386', [0, 2, 0x0000, 0]],
  ] as const)('%s: PUSH SP, shift count masking, FLAGS bits 12-15, divide error return address', (model, expected) => {
    const { words, backend } = runToHlt(model, modelQuirks);
    expect(words(0x500, 0x508)).toEqual(expected);
    expect(backend.getState().edi & 0xffff).toBe(0x508);
  });

  it('8086: 0F is POP CS and 60-6F repeat the conditional jumps', () => {
    // 8086: push 0x0000 ; pop cs (0F) -> CS stays 0 ; stc ; 62 02 (= JC +2) ; hlt ; hlt ; mov al,1 ; hlt
    const vm = load('8086', '6a000ff96202f4f4b001f4'.replace('6a00', '31c050'));
    expect(vm.backend.run({ deadline: performance.now() + 1000 }).kind).toBe('hlt');
    expect(vm.backend.getState().eax & 0xff).toBe(1);
    expect(vm.backend.getState().cs.selector).toBe(0);
  });

  it('8086: a REP prefix negates MUL and IMUL products and the IDIV quotient (the microcode sign flag)', () => {
    // mov al,3 ; mov bl,5 ; rep mul bl ; mov cx,ax ; mov ax,100 ; mov bl,7 ; rep idiv bl ; hlt
    const vm = load('8086', 'b003b305f3f6e389c1b86400b307f3f6fbf4');
    expect(vm.backend.run().kind).toBe('hlt');
    const state = vm.backend.getState();
    expect(state.ecx & 0xffff).toBe(0xfff1); // −15
    expect(state.eax & 0xffff).toBe(0x02f2); // quotient −14, remainder 2
  });

  it('286: an undefined opcode raises #UD (vector 6) with the faulting address pushed', () => {
    // IVT[6] = 0000:7D00 (a HLT there); at 7C00: 0F FF
    const vm = load('286', '0fff');
    vm.ram.bytes.set([0x00, 0x7d, 0x00, 0x00], 6 * 4);
    vm.ram.bytes[0x7d00] = 0xf4;
    expect(vm.backend.run({ deadline: performance.now() + 1000 }).kind).toBe('hlt');
    const state = vm.backend.getState();
    expect(state.eip).toBe(0x7d01);
    expect(vm.words(state.esp & 0xffff, (state.esp & 0xffff) + 2)).toEqual([0x7c00]);
  });
});

describe('exceptions and traps through the IVT', () => {
  it.each(['286', '386'] as const)('%s: INT3, INTO, BOUND (#BR, retried), #UD, and the single-step trap', (model) => {
    const { words, ram } = runToHlt(model, interrupts);
    expect(words(0x500, 0x508)).toEqual([3, 4, 5, 6]);
    // Trapped after: nop nop nop pushf pop and push popf (the POPF that clears TF too).
    expect(ram.bytes[0x600]).toBe(8);
  });

  it('an interrupt whose IVT entry is beyond the IDT limit shuts the CPU down', () => {
    // lidt [0x7c10] with limit 0 ; int 0x21   (descriptor at 0x7c10: limit 0, base 0)
    const vm = load('386', '0f011e107ccd21');
    vm.ram.bytes.set([0, 0, 0, 0, 0, 0], 0x7c10);
    expect(vm.backend.run({ deadline: performance.now() + 1000 }).kind).toBe('shutdown');
  });
});

describe('external interrupts', () => {
  it('waits in HLT, delivers only with IF=1, honours the STI shadow, and wakes HLT', () => {
    const vm = load('386', waitForIrq);
    const { backend, ram } = vm;
    expect(backend.run().kind).toBe('hlt'); // first HLT with IF=0
    backend.raiseInterrupt(0x20);
    expect(backend.run().kind).toBe('hlt'); // IF=0: still waiting, nothing delivered
    expect(ram.bytes[0x600]).toBe(0);
    // Resume past the first HLT by hand (a real PC would need an NMI): IF=0 halts forever.
    const state = backend.getState();
    backend.setState(state);
    expect(backend.run().kind).toBe('hlt'); // STI; HLT: the pending vector wakes the HLT at once; the handler returns to CLI; HLT
    expect(ram.bytes[0x600]).toBe(1);
    backend.raiseInterrupt(0x20);
    // Halted with IF=0 again: the new request stays pending.
    expect(backend.run().kind).toBe('hlt');
    expect(ram.bytes[0x600]).toBe(1);
  });

  it('holds an interrupt off for one instruction after MOV SS (so SS:SP change together)', () => {
    // sti ; mov ss, ax ; mov sp, 0x8000 ; nop ; hlt      IVT[0x21] -> 0000:7D00 (hlt)
    const vm = load('386', 'fb8ed0bc008090f4');
    vm.ram.bytes.set([0x00, 0x7d, 0x00, 0x00], 0x21 * 4);
    vm.ram.bytes[0x7d00] = 0xf4;
    vm.backend.step(); // STI
    vm.backend.step(); // MOV SS, AX
    vm.backend.raiseInterrupt(0x21);
    vm.backend.step(); // MOV SP: still in the shadow, the request waits
    expect(vm.backend.getState().eip).toBe(0x7c06);
    expect(vm.backend.getState().esp).toBe(0x8000);
    vm.backend.step(); // the interrupt is taken first, then the handler's HLT runs
    const state = vm.backend.getState();
    expect(state.eip).toBe(0x7d01);
    expect(vm.words(0x7ffa, 0x7ffc)).toEqual([0x7c06]); // return address: the NOP
  });

  it('HLT with IF=1 returns hlt, and a raised interrupt resumes the CPU', () => {
    // sti ; hlt ; mov al, 0x42 ; cli ; hlt    IVT[0x30] -> 0000:7D00: mov bl, 7 ; iret
    const vm = load('386', 'fbf4b042faf4');
    vm.ram.bytes.set([0x00, 0x7d, 0x00, 0x00], 0x30 * 4);
    vm.ram.bytes.set([0xb3, 0x07, 0xcf], 0x7d00);
    expect(vm.backend.run().kind).toBe('hlt');
    expect(vm.backend.run().kind).toBe('hlt'); // still waiting
    expect(vm.backend.getState().eax & 0xff).toBe(0);
    vm.backend.raiseInterrupt(0x30);
    expect(vm.backend.run().kind).toBe('hlt');
    const state = vm.backend.getState();
    expect(state.ebx & 0xff).toBe(7);
    expect(state.eax & 0xff).toBe(0x42);
  });
});

describe('A20 and the 1 MiB wrap', () => {
  // mov ax, 0xffff ; mov ds, ax ; mov byte [0x10], 0x99 ; hlt   (FFFF:0010 = 0x100000)
  const program = 'b8ffff8ed8c6061000 99f4'.replace(' ', '');
  it.each([
    ['8086', true, 0x000000],
    ['286', false, 0x000000],
    ['286', true, 0x100000],
    ['386', true, 0x100000],
  ] as const)('%s with A20 %s writes FFFF:0010 to 0x%s', (model, a20, address) => {
    const vm = load(model, program, a20);
    expect(vm.backend.run().kind).toBe('hlt');
    expect(vm.ram.bytes[address]).toBe(0x99);
  });

  // mov ax, 0xffff ; mov ds, ax ; mov word [0x0f], 0xabcd ; mov ax, [0x0f] ; xor dx, dx ; mov ds, dx ; mov [0x500], ax ; hlt
  // A word at FFFF:000F: its second byte is at 0x100000, or at 0 with the wrap (RAM goes past 1 MiB here).
  const straddle = 'b8ffff8ed8c7060f00cdaba10f0031d28edaa30005f4';
  it.each([
    ['8086', true, 0x000000],
    ['286', false, 0x000000],
    ['386', true, 0x100000],
  ] as const)('%s with A20 %s: a word at FFFF:000F has its high byte at 0x%s', (model, a20, address) => {
    const vm = load(model, straddle, a20);
    expect(vm.backend.run().kind).toBe('hlt');
    expect([vm.ram.bytes[0xfffff], vm.ram.bytes[address]]).toEqual([0xcd, 0xab]);
    expect(vm.words(0x500, 0x502)).toEqual([0xabcd]);
  });

  it('setA20 switches the wrap at run time', () => {
    const vm = load('386', program, true);
    vm.backend.setA20(false);
    vm.backend.run();
    expect(vm.ram.bytes[0]).toBe(0x99);
    expect(vm.ram.bytes[0x100000]).toBe(0);
  });
});

describe('memory-mapped devices and the FPU-less machine', () => {
  it('sends accesses outside RAM to the MMIO bus and counts them', () => {
    const writes: [number, number, number][] = [];
    const device: Device = { read: (offset) => 0x40 + offset, write: (offset, size, value) => writes.push([offset, size, value]) };
    const backend = createInterpBackend();
    const machine = new Machine({ backend });
    const ram = machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
    machine.addMmioDevice(0xa0000, 0x1000, device, 'probe');
    // mov ax, 0xa000 ; mov es, ax ; mov word [es:4], 0x1234 ; mov al, [es:2] ; hlt
    ram.bytes.set([0xb8, 0x00, 0xa0, 0x8e, 0xc0, 0x26, 0xc7, 0x06, 0x04, 0x00, 0x34, 0x12, 0x26, 0xa0, 0x02, 0x00, 0xf4], 0x7c00);
    backend.setState(realModeState({ cs: 0, ip: 0x7c00 }));
    const result = machine.run({ timeoutMs: 1000 });
    expect(result.stop).toBe('hlt');
    expect(writes).toEqual([[4, 2, 0x1234]]);
    expect(backend.getState().eax & 0xff).toBe(0x42);
    expect(backend.stats.inlineExits.mmio).toBe(2);
    expect(result.exits.byKind.mmio).toBe(2);
  });

  it.each(['8086', '286', '386'] as const)('%s: FNINIT/FNSTSW/FNSTCW find no FPU and leave memory alone', (model) => {
    const { backend, words } = runToHlt(model, fpuDetect);
    expect(backend.getState().eax & 0xffff).toBe(0);
    expect(words(0x600, 0x604)).toEqual([0x5a5a, 0x5a5a]);
  });
});

describe('faults while delivering faults', () => {
  it('286: INT 3 with SP=1 cannot push (#GP), nor deliver the #GP or the double fault: shutdown', () => {
    const vm = load('286', 'cc');
    vm.backend.setState({ ...realModeState({ cs: 0, ip: 0x7c00 }), esp: 1 });
    expect(vm.backend.run().kind).toBe('shutdown');
  });

  it('286: an external interrupt that cannot be pushed (SP=1) shuts down instead of escaping to the host', () => {
    const vm = load('286', 'ebfe'); // jmp $
    vm.backend.setState({ ...realModeState({ cs: 0, ip: 0x7c00 }), esp: 1, eflags: 0x202 });
    vm.backend.raiseInterrupt(0x08);
    expect(vm.backend.run().kind).toBe('shutdown');
  });
});
