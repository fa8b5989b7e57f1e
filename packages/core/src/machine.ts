/**
 * A machine: guest memory, the port-I/O and MMIO buses, the devices on them and
 * one vCPU backend, plus the exit-dispatch loop (in the manner of Firecracker's
 * vstate/vcpu.rs: running and handling an exit are separate steps, and read
 * buffers are zeroed before dispatch).
 */
import { Bus, isAccessSize } from './bus.js';
import type { VcpuBackend } from './backend.js';
import type { Device } from './device.js';
import { TinyvmError, UnhandledExitError } from './errors.js';
import { describeExit, type ExitKind, type ExitReason, type InternalErrorExit, type IoExit, type MmioExit } from './exit.js';
import { GuestMemory, type MemoryRegion, type MemoryRegionSpec } from './memory.js';

export const IO_PORT_LIMIT = 0x10000;
export const MMIO_LIMIT = 2 ** 32;

/** The run loop looks at the clock once per this many exits (a power of two). */
const CLOCK_CHECK_EXITS = 256;
/** Host (dispatch) time is measured on one exit in this many (a power of two) and scaled. */
const HOST_TIME_SAMPLE = 64;

/** Why `Machine.run` returned. */
export type StopReason = 'hlt' | 'shutdown' | 'timeout' | 'exit-budget' | 'predicate' | 'debug' | 'error';

export interface ExitCounts {
  total: number;
  byKind: Partial<Record<ExitKind, number>>;
}

export interface RunResult {
  stop: StopReason;
  /** The exit that stopped the machine, when one did (copied: safe to keep). */
  exit?: ExitReason;
  /** Set when stop is 'error' (or 'shutdown', as a GuestFaultError). */
  error?: TinyvmError;
  exits: ExitCounts;
  /** Milliseconds not spent dispatching exits: the guest, the hypervisor and the loop itself. */
  guestMs: number;
  /** Milliseconds the VMM spent dispatching exits to devices (estimated from a sample of exits). */
  hostMs: number;
  /** Guest instructions executed in this run, when the backend counts them. */
  instructions?: number;
}

export interface RunLimits {
  /** Stop with 'timeout' after this many milliseconds of wall time. */
  timeoutMs?: number;
  /** Stop with 'exit-budget' after this many exits. */
  maxExits?: number;
  /** Stop with 'predicate' when this returns true; checked after every exit. */
  until?: (machine: Machine) => boolean;
  /**
   * With `until`, how often (ms) the backend is interrupted so the predicate is
   * checked even when the guest makes no exits (e.g. it writes RAM-backed VGA).
   */
  pollIntervalMs?: number;
  /** Called for every exit before it is dispatched (tracing). */
  onExit?: (exit: ExitReason) => void;
}

export interface MachineOptions {
  backend: VcpuBackend;
  /**
   * Called for an internal-error exit (e.g. KVM could not emulate an instruction).
   * Return true when it was dealt with and the guest should resume.
   */
  onInternalError?: (exit: InternalErrorExit, machine: Machine) => boolean;
}

/** The guest stopped the machine in a way a real PC would reset on (triple fault). */
export class GuestFaultError extends TinyvmError {
  constructor(message: string) {
    super('guest-shutdown', message);
  }
}

/** The backend reported a condition the guest cannot continue from. */
export class GuestError extends TinyvmError {
  constructor(code: 'internal-error' | 'fail-entry', message: string) {
    super(code, message);
  }
}

export class Machine {
  readonly backend: VcpuBackend;
  readonly memory = new GuestMemory();
  readonly io = new Bus('io', IO_PORT_LIMIT);
  readonly mmio = new Bus('mmio', MMIO_LIMIT);
  readonly #onInternalError?: MachineOptions['onInternalError'];
  #disposed = false;

  constructor(options: MachineOptions) {
    this.backend = options.backend;
    this.#onInternalError = options.onInternalError;
    this.backend.attachMmio?.(this.mmio);
  }

  /** Allocates guest RAM through the backend and maps it. */
  addRam(spec: MemoryRegionSpec): MemoryRegion {
    const region = this.backend.createRegion(spec);
    this.memory.add(region);
    return region;
  }

  addIoDevice(base: number, size: number, device: Device, name?: string): void {
    this.io.register(base, size, device, name);
  }

  addMmioDevice(base: number, size: number, device: Device, name?: string): void {
    this.mmio.register(base, size, device, name);
  }

  /**
   * Runs the guest until a stop condition.
   *
   * The exit loop is the VMM's hot path, so it reads the clock rarely: the
   * backend enforces the deadline itself (returning `interrupted`), the loop
   * looks at the clock only on `interrupted` and every CLOCK_CHECK_EXITS exits
   * (a guest that exits constantly), and host time is measured on one exit in
   * HOST_TIME_SAMPLE and scaled (an estimate; guest time is the rest).
   */
  run(limits: RunLimits = {}): RunResult {
    const counts: ExitCounts = { total: 0, byKind: {} };
    const start = performance.now();
    const timeoutAt = limits.timeoutMs === undefined ? Infinity : start + limits.timeoutMs;
    const maxExits = limits.maxExits ?? Infinity;
    const poll = limits.until ? (limits.pollIntervalMs ?? 10) : Infinity;
    const startInstructions = this.backend.stats?.instructions;
    const inlineSeen: Record<string, number> = { ...this.backend.stats?.inlineExits };
    const runOptions = { deadline: Math.min(timeoutAt, start + poll), exitBudget: Infinity };
    let dispatched = 0;
    let sampledDispatches = 0;
    let sampledHostMs = 0;

    /** Adds the exits the backend served itself during the last run() (no allocation). */
    const countInlineExits = (): void => {
      const inline = this.backend.stats?.inlineExits;
      if (inline === undefined) return;
      for (const kind in inline) {
        const added = inline[kind] - (inlineSeen[kind] ?? 0);
        if (added > 0) {
          inlineSeen[kind] = inline[kind];
          counts.byKind[kind as ExitKind] = (counts.byKind[kind as ExitKind] ?? 0) + added;
          counts.total += added;
        }
      }
    };

    const finish = (stop: StopReason, exit?: ExitReason, error?: TinyvmError): RunResult => {
      const elapsed = performance.now() - start;
      const hostMs = sampledDispatches === 0 ? 0 : Math.min(elapsed, (sampledHostMs * dispatched) / sampledDispatches);
      const result: RunResult = { stop, exits: counts, guestMs: elapsed - hostMs, hostMs };
      if (exit) result.exit = copyExit(exit);
      if (error) result.error = error;
      const instructions = this.backend.stats?.instructions;
      if (instructions !== undefined) result.instructions = instructions - (startInstructions ?? 0);
      return result;
    };

    for (;;) {
      runOptions.exitBudget = maxExits - counts.total;
      const exit = this.backend.run(runOptions);
      countInlineExits();

      if (exit.kind === 'interrupted') {
        const now = performance.now();
        if (now >= timeoutAt) return finish('timeout');
        runOptions.deadline = Math.min(timeoutAt, now + poll);
      } else {
        counts.total++;
        counts.byKind[exit.kind] = (counts.byKind[exit.kind] ?? 0) + 1;
        limits.onExit?.(exit);
        if ((counts.total & (CLOCK_CHECK_EXITS - 1)) === 0 && performance.now() >= timeoutAt) {
          return finish('timeout');
        }
      }
      switch (exit.kind) {
        case 'io':
        case 'mmio':
          if ((dispatched++ & (HOST_TIME_SAMPLE - 1)) === 0) {
            const before = performance.now();
            this.#dispatch(exit);
            sampledHostMs += performance.now() - before;
            sampledDispatches++;
          } else {
            this.#dispatch(exit);
          }
          break;
        case 'interrupted':
          break;
        case 'hlt':
          return finish('hlt', exit);
        case 'shutdown':
          return finish('shutdown', exit, new GuestFaultError('the guest shut down the CPU (triple fault)'));
        case 'debug':
          return finish('debug', exit);
        case 'internal-error':
          if (this.#onInternalError?.(exit, this)) break;
          return finish('error', exit, new GuestError('internal-error', `the hypervisor stopped the guest: ${describeExit(exit)}`));
        case 'fail-entry':
          return finish('error', exit, new GuestError('fail-entry', `the hypervisor could not enter the guest: ${describeExit(exit)}`));
        default:
          return finish('error', exit, new UnhandledExitError(`the VMM does not handle this exit: ${describeExit(exit)}`));
      }
      if (counts.total >= maxExits) return finish('exit-budget');
      if (limits.until?.(this)) return finish('predicate');
    }
  }

  #dispatch(exit: IoExit | MmioExit): void {
    if (exit.kind === 'io') this.dispatchIo(exit);
    else this.dispatchMmio(exit);
  }

  /** Answers a port-I/O exit: every access in a REP batch, in order. */
  dispatchIo(exit: IoExit): void {
    const { port, size, count, data } = exit;
    if (exit.direction === 'out') {
      for (let i = 0; i < count; i++) this.io.write(port, size, readLittleEndian(data, i * size, size));
    } else {
      data.fill(0);
      for (let i = 0; i < count; i++) writeLittleEndian(data, i * size, size, this.io.read(port, size));
    }
  }

  /** Answers an MMIO exit; 8-byte accesses are split into two 4-byte ones. */
  dispatchMmio(exit: MmioExit): void {
    const { address, size, data } = exit;
    const step = isAccessSize(size) ? size : 4;
    if (!exit.write) data.fill(0);
    for (let offset = 0; offset < size; offset += step) {
      const part = Math.min(step, size - offset) as 1 | 2 | 4;
      if (exit.write) this.mmio.write(address + offset, part, readLittleEndian(data, offset, part));
      else writeLittleEndian(data, offset, part, this.mmio.read(address + offset, part));
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.backend.dispose();
  }
}

function readLittleEndian(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[offset + i];
  return value;
}

function writeLittleEndian(bytes: Uint8Array, offset: number, size: number, value: number): void {
  for (let i = 0; i < size; i++) {
    bytes[offset + i] = value & 0xff;
    value = Math.floor(value / 256);
  }
}

/** Exits may be reused by the backend; the result keeps its own copy. */
function copyExit(exit: ExitReason): ExitReason {
  if (exit.kind === 'io' || exit.kind === 'mmio') return { ...exit, data: exit.data.slice() };
  return { ...exit };
}
