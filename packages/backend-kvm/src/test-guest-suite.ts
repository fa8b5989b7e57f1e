/**
 * Real-mode guests run through core's Machine on a KvmBackend: shared by the
 * real-KVM tests (backend.test.ts) and the fake-KVM tests (backend.fake.test.ts).
 * Not part of the build (test-*.ts).
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { Machine, realModeState, type Device } from '@tinyvm/core';
import type { KvmBackend } from './backend.js';
import { GUESTS, GUEST_ADDRESS, type GuestName } from './test-guests.js';

/** Records what the guest writes; answers reads with a fixed value. */
class RecordingDevice implements Device {
  readonly name = 'recorder';
  readonly writes: { offset: number; size: number; value: number }[] = [];
  readonly reads: { offset: number; size: number }[] = [];
  constructor(readonly answer: number) {}
  read(offset: number, size: 1 | 2 | 4): number {
    this.reads.push({ offset, size });
    return this.answer;
  }
  write(offset: number, size: 1 | 2 | 4, value: number): void {
    this.writes.push({ offset, size, value });
  }
}

/**
 * Open fds that are KVM's (/dev/kvm, anon_inode:kvm-vm, anon_inode:kvm-vcpu:N) or
 * the fake's (memfd:fake-kvm). Only these: worker threads of other tests come and
 * go with their own fds.
 */
function kvmFds(): string[] {
  const fds: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (/kvm/.test(target)) fds.push(target);
    } catch {
      // closed between readdir and readlink (the readdir fd itself)
    }
  }
  return fds;
}

/** Mappings of a KVM (or fake KVM) file: the vCPU's kvm_run while it lives. */
function kvmMappings(): string[] {
  return readFileSync('/proc/self/maps', 'utf8').split('\n').filter((line) => /kvm/.test(line));
}

export function guestSuite(createBackend: () => KvmBackend): void {
  const machines: Machine[] = [];
  afterEach(() => {
    for (const machine of machines.splice(0)) machine.dispose();
  });

  function boot(guest: GuestName): Machine {
    const machine = new Machine({ backend: createBackend() });
    machines.push(machine);
    machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
    machine.memory.write(GUEST_ADDRESS, GUESTS[guest]);
    machine.backend.setState(realModeState({ cs: 0, ip: GUEST_ADDRESS }));
    return machine;
  }

  it('runs OUT to a port then HLT, counting the exits', () => {
    const machine = boot('out-hlt');
    const port = new RecordingDevice(0);
    machine.addIoDevice(0xe9, 1, port);
    const result = machine.run({ timeoutMs: 5000 });
    expect(result.stop).toBe('hlt');
    expect(port.writes).toEqual([{ offset: 0, size: 1, value: 0x41 }, { offset: 0, size: 1, value: 0x42 }]);
    expect(result.exits.byKind).toEqual({ io: 2, hlt: 1 });
    const state = machine.backend.getState();
    expect(state.eax & 0xff).toBe(0x42);
    expect(state.edx & 0xffff).toBe(0xe9);
    expect(state.eip).toBe(GUEST_ADDRESS + GUESTS['out-hlt'].length); // after the HLT
  });

  it('answers IN and an MMIO read from the bus, and passes on the MMIO write', () => {
    const machine = boot('in-mmio');
    const keyboard = new RecordingDevice(0x5a);
    const mmio = new RecordingDevice(0x1234);
    machine.addIoDevice(0x60, 1, keyboard);
    machine.addMmioDevice(0xd0000, 0x1000, mmio);
    const result = machine.run({ timeoutMs: 5000 });
    expect(result.stop).toBe('hlt');
    expect(result.exits.byKind).toEqual({ io: 1, mmio: 2, hlt: 1 });
    expect(mmio.reads).toEqual([{ offset: 4, size: 2 }]);
    expect(mmio.writes).toEqual([{ offset: 8, size: 2, value: 0x1235 }]);
    const state = machine.backend.getState();
    expect(state.ebx & 0xff).toBe(0x5a);
    expect(state.ecx & 0xffff).toBe(0x1235);
    expect(state.ds).toMatchObject({ selector: 0xd000, base: 0xd0000 });
  });

  it('completes a pending IN before reading the registers', () => {
    const machine = boot('in-mmio');
    const exit = machine.backend.run();
    expect(exit).toMatchObject({ kind: 'io', direction: 'in', port: 0x60, size: 1, count: 1 });
    if (exit.kind !== 'io') throw new Error('expected the IN exit');
    exit.data[0] = 0x77;
    expect(machine.backend.getState().eax & 0xff).toBe(0x77);
  });

  it('still honours a deadline that passed while the registers were read after an IN', () => {
    const machine = boot('in-mmio');
    const deadline = performance.now() + 100;
    expect(machine.backend.run({ deadline })).toMatchObject({ kind: 'io', direction: 'in' });
    while (performance.now() < deadline + 200); // the watchdog fires meanwhile, outside KVM_RUN
    machine.backend.getState(); // completes the IN with a KVM_RUN that swallows the kick
    expect(machine.backend.run({ deadline })).toEqual({ kind: 'interrupted' });
  });

  it('stops a guest that never exits at the deadline', () => {
    const machine = boot('spin');
    const start = performance.now();
    const result = machine.run({ timeoutMs: 200 });
    const elapsed = performance.now() - start;
    expect(result.stop).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(200);
    // Generous: the first deadline starts the watchdog thread, which took ~8 s on nested KVM under
    // QEMU TCG with one vCPU shared with the spinning guest; without the watchdog this never returns.
    expect(elapsed).toBeLessThan(30_000);
    expect(machine.backend.getState().eip).toBe(GUEST_ADDRESS); // still on its `jmp $`
  });

  it('runs again after a deadline stopped it', () => {
    const machine = boot('spin');
    expect(machine.run({ timeoutMs: 100 }).stop).toBe('timeout');
    machine.memory.write(GUEST_ADDRESS, GUESTS['out-hlt']);
    machine.addIoDevice(0xe9, 1, new RecordingDevice(0));
    machine.backend.setState(realModeState({ cs: 0, ip: GUEST_ADDRESS }));
    const result = machine.run({ timeoutMs: 5000 });
    expect(result.stop).toBe('hlt');
    expect(result.exits.byKind).toEqual({ io: 2, hlt: 1 });
  });

  it('reports a triple fault as shutdown', () => {
    const machine = boot('triple-fault');
    const result = machine.run({ timeoutMs: 5000 });
    expect(result.stop).toBe('shutdown');
    expect(result.error?.code).toBe('guest-shutdown');
  });

  it('turns guest writes to read-only memory into MMIO exits', () => {
    const machine = new Machine({ backend: createBackend() });
    machines.push(machine);
    machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
    const rom = machine.addRam({ base: 0xd0000, size: 0x1000, name: 'rom', readOnly: true });
    rom.bytes[4] = 0x34;
    rom.bytes[5] = 0x12;
    // The in-mmio guest reads D000:0004 (now ROM, no exit) and writes D000:0008 (an exit nobody claims).
    machine.addIoDevice(0x60, 1, new RecordingDevice(0));
    machine.memory.write(GUEST_ADDRESS, GUESTS['in-mmio']);
    machine.backend.setState(realModeState({ cs: 0, ip: GUEST_ADDRESS }));
    const result = machine.run({ timeoutMs: 5000 });
    expect(result.stop).toBe('hlt');
    expect(result.exits.byKind).toEqual({ io: 1, mmio: 1, hlt: 1 });
    expect(machine.mmio.counters.unclaimedWrites).toBe(1);
    expect(rom.bytes[8]).toBe(0);
    expect(machine.backend.getState().ecx & 0xffff).toBe(0x1235);
  });

  it('moves state in and out unchanged', () => {
    const machine = boot('spin');
    const state = realModeState({ cs: 0x1234, ip: 0x10, ss: 0x2000, registers: { eax: 0xdeadbeef, esi: 7, esp: 0xfffe } });
    machine.backend.setState(state);
    expect(machine.backend.getState()).toMatchObject({
      eax: 0xdeadbeef, esi: 7, esp: 0xfffe, eip: 0x10,
      cs: { selector: 0x1234, base: 0x12340 }, ss: { selector: 0x2000, base: 0x20000 },
    });
  });

  it('releases every file descriptor and the kvm_run mapping when disposed, over many machines', () => {
    const fdsBefore = kvmFds().length;
    const mappingsBefore = kvmMappings().length;
    const live = createBackend();
    expect(kvmFds().length).toBe(fdsBefore + 3); // device, VM, vCPU
    expect(kvmMappings().length).toBeGreaterThan(mappingsBefore);
    live.dispose();
    for (let i = 0; i < 100; i++) {
      const backend = createBackend();
      backend.createRegion({ base: 0, size: 0x100000, name: 'ram' });
      backend.createRegion({ base: 0x100000, size: 0x1000, name: 'rom', readOnly: true });
      backend.dispose();
      backend.dispose(); // idempotent
    }
    expect(kvmFds().length).toBe(fdsBefore);
    expect(kvmMappings().length).toBe(mappingsBefore);
  });

  it('keeps a disposed region readable instead of crashing the process', () => {
    const backend = createBackend();
    const ram = backend.createRegion({ base: 0, size: 0x1000, name: 'ram' });
    ram.bytes[0] = 0x55;
    backend.dispose();
    expect(ram.bytes[0]).toBe(0);
    expect(() => backend.run()).toThrow(/disposed/);
  });
}
