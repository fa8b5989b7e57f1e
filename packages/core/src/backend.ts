/**
 * What a machine needs of a vCPU backend (KVM, the interpreter, ...).
 */
import type { CpuState } from './cpu-state.js';
import type { ExitReason } from './exit.js';
import type { MemoryRegion, MemoryRegionSpec } from './memory.js';
import type { Bus } from './bus.js';

export interface RunOptions {
  /**
   * Absolute deadline on the `performance.now()` clock. A backend must return
   * an `interrupted` exit at or soon after it, even when the guest never exits.
   */
  readonly deadline?: number;
  /**
   * For backends that serve exits inline (BackendStats.inlineExits): how many
   * more they may serve before returning `interrupted` at the end of the
   * instruction, so the machine's exit budget holds. Infinity when unlimited.
   */
  readonly exitBudget?: number;
}

export interface BackendStats {
  /** Guest instructions executed, where the backend can count them (the interpreter). */
  readonly instructions?: number;
  /**
   * Accesses the backend served itself without returning an exit (the interpreter
   * calls the MMIO bus mid-instruction), counted by kind so stats match KVM's.
   */
  readonly inlineExits?: Readonly<Record<string, number>>;
}

export interface VcpuBackend {
  /** "kvm", "interp", ... */
  readonly name: string;
  /**
   * Allocates host memory for a guest region and maps it into the guest. KVM
   * needs page-aligned host memory from mmap; other backends may use an ArrayBuffer.
   */
  createRegion(spec: MemoryRegionSpec): MemoryRegion;
  /**
   * Gives the backend the MMIO bus, for backends that serve device accesses
   * themselves. Port I/O always comes back as `io` exits.
   */
  attachMmio?(bus: Bus): void;
  /** Runs the vCPU until the next exit. */
  run(options?: RunOptions): ExitReason;
  getState(): CpuState;
  setState(state: CpuState): void;
  readonly stats?: BackendStats;
  /** Releases every host resource (fds, mappings, threads). Idempotent. */
  dispose(): void;
}
