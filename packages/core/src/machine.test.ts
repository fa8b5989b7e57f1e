import { describe, expect, it } from 'vitest';
import { Machine } from './machine.js';
import type { VcpuBackend, RunOptions } from './backend.js';
import type { ExitReason } from './exit.js';
import { realModeState, type CpuState } from './cpu-state.js';
import type { MemoryRegion, MemoryRegionSpec } from './memory.js';
import type { AccessSize } from './device.js';

/**
 * A backend that replays a script of exits, standing in for a vCPU so the
 * dispatch loop can be tested on its own. `interrupted` steps wait for the deadline.
 */
class ScriptedBackend implements VcpuBackend {
  readonly name = 'scripted';
  state: CpuState = realModeState({ cs: 0, ip: 0 });
  disposed = 0;
  /** What the guest "saw" for each IN, captured at the next run (as a vCPU would). */
  received: number[][] = [];
  #pendingIn?: Uint8Array;
  constructor(private readonly script: (() => ExitReason)[]) {}
  createRegion(spec: MemoryRegionSpec): MemoryRegion {
    return { ...spec, readOnly: spec.readOnly ?? false, bytes: new Uint8Array(spec.size) };
  }
  run(options?: RunOptions): ExitReason {
    if (this.#pendingIn) this.received.push([...this.#pendingIn]);
    this.#pendingIn = undefined;
    const next = this.script.shift();
    if (!next) {
      while (performance.now() < (options?.deadline ?? 0)) { /* spin like a guest in `jmp $` */ }
      return { kind: 'interrupted' };
    }
    const exit = next();
    if ((exit.kind === 'io' && exit.direction === 'in') || (exit.kind === 'mmio' && !exit.write)) this.#pendingIn = exit.data;
    return exit;
  }
  getState() { return this.state; }
  setState(state: CpuState) { this.state = state; }
  dispose() { this.disposed++; }
}

const out = (port: number, size: 1 | 2 | 4, ...bytes: number[]): (() => ExitReason) =>
  () => ({ kind: 'io', direction: 'out', port, size, count: bytes.length / size, data: Uint8Array.from(bytes) });
const inp = (port: number, size: 1 | 2 | 4, count = 1): (() => ExitReason) =>
  () => ({ kind: 'io', direction: 'in', port, size, count, data: new Uint8Array(size * count).fill(0xcc) });
const hlt = (): ExitReason => ({ kind: 'hlt' });

function portLog() {
  const log: string[] = [];
  let next = 0x10;
  return {
    log,
    device: {
      name: 'log',
      read: (offset: number, size: AccessSize) => { log.push(`in ${offset}/${size}`); return next++; },
      write: (offset: number, size: AccessSize, value: number) => { log.push(`out ${offset}/${size}=${value.toString(16)}`); },
    },
  };
}

describe('Machine.run', () => {
  it('dispatches port writes (including REP batches) and stops at HLT with counts by kind', () => {
    const backend = new ScriptedBackend([out(0xe9, 1, 0x41), out(0xe9, 2, 0x34, 0x12, 0x78, 0x56), hlt]);
    const machine = new Machine({ backend });
    const { device, log } = portLog();
    machine.addIoDevice(0xe9, 2, device);
    const result = machine.run();
    expect(result.stop).toBe('hlt');
    expect(log).toEqual(['out 0/1=41', 'out 0/2=1234', 'out 0/2=5678']);
    expect(result.exits).toEqual({ total: 3, byKind: { io: 2, hlt: 1 } });
  });

  it('fills IN data before the next run, zeroing it first; unclaimed ports read all-ones', () => {
    const backend = new ScriptedBackend([inp(0x60, 1, 3), inp(0x61, 2), hlt]);
    const machine = new Machine({ backend });
    machine.addIoDevice(0x60, 1, portLog().device);
    machine.run();
    expect(backend.received).toEqual([[0x10, 0x11, 0x12], [0xff, 0xff]]);
  });

  it('answers MMIO reads and splits 8-byte accesses', () => {
    const writes: string[] = [];
    const backend = new ScriptedBackend([
      () => ({ kind: 'mmio', address: 0xb8000, size: 8, write: true, data: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }),
      () => ({ kind: 'mmio', address: 0xb8002, size: 2, write: false, data: new Uint8Array(2) }),
      hlt,
    ]);
    const machine = new Machine({ backend });
    machine.addMmioDevice(0xb8000, 0x8000, {
      read: (offset) => 0xa000 + offset,
      write: (offset, size, value) => writes.push(`${offset}/${size}=${value.toString(16)}`),
    });
    machine.run();
    expect(writes).toEqual(['0/4=4030201', '4/4=8070605']);
    expect(backend.received).toEqual([[0x02, 0xa0]]);
  });

  it('stops on the exit budget, the timeout and a predicate', () => {
    const many = Array.from({ length: 10 }, () => out(0x80, 1, 0));
    expect(new Machine({ backend: new ScriptedBackend([...many]) }).run({ maxExits: 4 })).toMatchObject({
      stop: 'exit-budget', exits: { total: 4 },
    });
    const timed = new Machine({ backend: new ScriptedBackend([]) }).run({ timeoutMs: 30 });
    expect(timed.stop).toBe('timeout');
    expect(timed.guestMs).toBeGreaterThanOrEqual(29);
    const endless = new ScriptedBackend([]);
    endless.run = () => out(0x80, 1, 0)(); // exits constantly, never reaches a deadline itself
    expect(new Machine({ backend: endless }).run({ timeoutMs: 20 })).toMatchObject({ stop: 'timeout' });
    let seen = 0;
    const machine = new Machine({ backend: new ScriptedBackend([...many]) });
    machine.addIoDevice(0x80, 1, { read: () => 0, write: () => { seen++; } });
    expect(machine.run({ until: () => seen === 3 }).stop).toBe('predicate');
  });

  it('reports a triple fault, an internal error and an unknown exit as errors with their codes', () => {
    const run = (exit: ExitReason) => new Machine({ backend: new ScriptedBackend([() => exit]) }).run();
    expect(run({ kind: 'shutdown' })).toMatchObject({ stop: 'shutdown', error: { code: 'guest-shutdown' } });
    const internal = run({ kind: 'internal-error', suberror: 1, reason: 'emulation', data: [] });
    expect(internal).toMatchObject({ stop: 'error', error: { code: 'internal-error' } });
    expect(internal.error?.message).toMatch(/internal error 1 \(emulation\)/);
    const unknown = run({ kind: 'unsupported', code: 99, description: 'KVM_EXIT_99' });
    expect(unknown).toMatchObject({ stop: 'error', error: { code: 'unhandled-exit' } });
  });

  it('lets an internal-error handler resume the guest', () => {
    const backend = new ScriptedBackend([() => ({ kind: 'internal-error', suberror: 1, reason: 'emulation', data: [] }), hlt]);
    let handled = 0;
    const machine = new Machine({ backend, onInternalError: () => { handled++; return true; } });
    expect(machine.run()).toMatchObject({ stop: 'hlt', exits: { byKind: { 'internal-error': 1, hlt: 1 } } });
    expect(handled).toBe(1);
  });

  it('disposes its backend once', () => {
    const backend = new ScriptedBackend([]);
    const machine = new Machine({ backend });
    machine.dispose();
    machine.dispose();
    expect(backend.disposed).toBe(1);
  });
});

describe('exits a backend serves inline', () => {
  /** Serves MMIO itself, one access per "instruction", and honours exitBudget. */
  class InlineBackend extends ScriptedBackend {
    readonly stats = { instructions: 0, inlineExits: { mmio: 0 } };
    constructor(private readonly accesses: number) { super([]); }
    override run(options?: RunOptions): ExitReason {
      const budget = options?.exitBudget ?? Infinity;
      for (let served = 0; this.stats.inlineExits.mmio < this.accesses; ) {
        if (served >= budget) return { kind: 'interrupted' };
        this.stats.inlineExits.mmio++;
        served++;
      }
      return { kind: 'hlt' };
    }
  }

  it('counts them by kind with the returned exits', () => {
    const result = new Machine({ backend: new InlineBackend(25) }).run();
    expect(result).toMatchObject({ stop: 'hlt', exits: { total: 26, byKind: { mmio: 25, hlt: 1 } } });
  });

  it('holds the exit budget by passing the remainder to the backend', () => {
    const result = new Machine({ backend: new InlineBackend(25) }).run({ maxExits: 10 });
    expect(result).toMatchObject({ stop: 'exit-budget', exits: { total: 10, byKind: { mmio: 10 } } });
  });
});
