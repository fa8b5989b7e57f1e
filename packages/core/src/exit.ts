/**
 * Why a vCPU stopped running: one variant per exit kind, in the manner of
 * kvm-ioctls' VcpuExit, with a catch-all carrying the raw code.
 *
 * Backends may reuse one object per kind between exits (no allocation on the
 * hot path): copy what you keep past the next `run()`.
 */

export interface IoExit {
  readonly kind: 'io';
  readonly direction: 'in' | 'out';
  readonly port: number;
  /** Bytes per access: 1, 2 or 4. */
  readonly size: 1 | 2 | 4;
  /** Accesses in this exit: > 1 for REP INS/OUTS (KVM batches them). */
  readonly count: number;
  /**
   * `size × count` bytes, little-endian. For `out`, what the guest wrote; for `in`,
   * the machine fills it before the next run (it is zeroed first).
   */
  readonly data: Uint8Array;
}

export interface MmioExit {
  readonly kind: 'mmio';
  readonly address: number;
  readonly size: number;
  readonly write: boolean;
  /** `size` bytes: written data, or filled by the machine for a read before the next run. */
  readonly data: Uint8Array;
}

export interface SimpleExit<K extends string> {
  readonly kind: K;
}

export interface DebugExit {
  readonly kind: 'debug';
  /** Linear address of the instruction where the guest stopped. */
  readonly pc: number;
  readonly exception: number;
}

export interface InternalErrorExit {
  readonly kind: 'internal-error';
  /** KVM_INTERNAL_ERROR_* code: 1 = emulation, 2 = simultaneous exceptions, 3 = delivery event, ... */
  readonly suberror: number;
  /** The sub-reason in words. */
  readonly reason: string;
  readonly data: readonly number[];
}

export interface FailEntryExit {
  readonly kind: 'fail-entry';
  /** Hardware entry failure reason (VMX exit qualification or SVM exit code). */
  readonly reason: number;
  readonly cpu: number;
}

export interface UnsupportedExit {
  readonly kind: 'unsupported';
  /** The backend's raw exit code (KVM_EXIT_*). */
  readonly code: number;
  readonly description: string;
}

export type ExitReason =
  | IoExit
  | MmioExit
  | SimpleExit<'hlt'>
  /** Triple fault or reset request. */
  | SimpleExit<'shutdown'>
  | DebugExit
  /** run() returned before the guest exited on its own: deadline, signal or instruction slice. */
  | SimpleExit<'interrupted'>
  | InternalErrorExit
  | FailEntryExit
  | UnsupportedExit;

export type ExitKind = ExitReason['kind'];

export const EXIT_KINDS: readonly ExitKind[] = [
  'io', 'mmio', 'hlt', 'shutdown', 'debug', 'interrupted', 'internal-error', 'fail-entry', 'unsupported',
];

/** One short line describing an exit, for errors and traces. */
export function describeExit(exit: ExitReason): string {
  switch (exit.kind) {
    case 'io':
      return `io ${exit.direction} port 0x${exit.port.toString(16)} size ${exit.size} count ${exit.count}`;
    case 'mmio':
      return `mmio ${exit.write ? 'write' : 'read'} 0x${exit.address.toString(16)} size ${exit.size}`;
    case 'debug':
      return `debug exception ${exit.exception} at 0x${exit.pc.toString(16)}`;
    case 'internal-error':
      return `internal error ${exit.suberror} (${exit.reason})`;
    case 'fail-entry':
      return `entry failed, hardware reason 0x${exit.reason.toString(16)}`;
    case 'unsupported':
      return `unsupported exit ${exit.code} (${exit.description})`;
    default:
      return exit.kind;
  }
}
