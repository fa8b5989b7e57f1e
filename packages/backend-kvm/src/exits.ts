/**
 * Reads why KVM_RUN returned from the vCPU's mmapped struct kvm_run and turns it
 * into core's ExitReason (Documentation/virt/kvm/api.rst, "The kvm_run structure").
 *
 * No allocation per exit: there is one exit object per kind, updated in place,
 * and the `data` of I/O and MMIO exits are views into kvm_run itself, cached by
 * (offset, length). The machine fills them for IN and MMIO reads, and KVM reads
 * them back on the next KVM_RUN, which completes the instruction.
 */
import type {
  DebugExit, ExitReason, FailEntryExit, InternalErrorExit, IoExit, MmioExit, SimpleExit, UnsupportedExit,
} from '@tinyvm/core';
import {
  INTERNAL_DATA_MAX, KVM_EXIT_DEBUG, KVM_EXIT_FAIL_ENTRY, KVM_EXIT_HLT, KVM_EXIT_INTERNAL_ERROR, KVM_EXIT_INTR,
  KVM_EXIT_IO, KVM_EXIT_IO_OUT, KVM_EXIT_MMIO, KVM_EXIT_SHUTDOWN, KVM_EXIT_SYSTEM_EVENT, KVM_EXIT_UNKNOWN,
  KVM_INTERNAL_ERROR_NAMES, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_SHUTDOWN, MMIO_DATA_MAX, RUN, kvmExitName,
} from './kvm-abi.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const SYSTEM_EVENT_NAMES: Readonly<Record<number, string>> = {
  1: 'SHUTDOWN', 2: 'RESET', 3: 'CRASH', 4: 'WAKEUP', 5: 'SUSPEND', 6: 'SEV_TERM',
};

/** The exits every backend instance shares: they carry no data. */
export const HLT_EXIT: SimpleExit<'hlt'> = Object.freeze({ kind: 'hlt' });
export const SHUTDOWN_EXIT: SimpleExit<'shutdown'> = Object.freeze({ kind: 'shutdown' });
export const INTERRUPTED_EXIT: SimpleExit<'interrupted'> = Object.freeze({ kind: 'interrupted' });

/** A __u64 as a Number: exact below 2^53 (every guest-physical address and exit code in practice). */
function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset + 4, true) * 2 ** 32 + view.getUint32(offset, true);
}

export class KvmExitDecoder {
  readonly #view: DataView;
  readonly #bytes: Uint8Array;
  readonly #io: Mutable<IoExit> = { kind: 'io', direction: 'out', port: 0, size: 1, count: 1, data: new Uint8Array(0) };
  readonly #mmio: Mutable<MmioExit> = { kind: 'mmio', address: 0, size: 0, write: false, data: new Uint8Array(0) };
  readonly #debug: Mutable<DebugExit> = { kind: 'debug', pc: 0, exception: 0 };
  readonly #internal: Mutable<InternalErrorExit> = { kind: 'internal-error', suberror: 0, reason: '', data: [] };
  readonly #failEntry: Mutable<FailEntryExit> = { kind: 'fail-entry', reason: 0, cpu: 0 };
  readonly #unsupported: Mutable<UnsupportedExit> = { kind: 'unsupported', code: 0, description: '' };
  /** kvm_run.mmio.data[0..len) for len 0..8. */
  readonly #mmioData: Uint8Array[] = [];
  /** I/O data views keyed by offset × 2^16 + length; in practice one or two entries. */
  readonly #ioData = new Map<number, Uint8Array>();

  /** @param run the whole vCPU mapping (KVM_GET_VCPU_MMAP_SIZE bytes): the PIO data page follows kvm_run. */
  constructor(run: ArrayBuffer) {
    this.#view = new DataView(run);
    this.#bytes = new Uint8Array(run);
    for (let length = 0; length <= MMIO_DATA_MAX; length++) {
      this.#mmioData.push(this.#bytes.subarray(RUN.MMIO_DATA, RUN.MMIO_DATA + length));
    }
  }

  /** kvm_run.exit_reason as KVM left it. */
  get exitReason(): number {
    return this.#view.getUint32(RUN.EXIT_REASON, true);
  }

  decode(): ExitReason {
    const view = this.#view;
    const code = view.getUint32(RUN.EXIT_REASON, true);
    switch (code) {
      case KVM_EXIT_IO:
        return this.#decodeIo();
      case KVM_EXIT_MMIO:
        return this.#decodeMmio();
      case KVM_EXIT_HLT:
        return HLT_EXIT;
      case KVM_EXIT_SHUTDOWN:
        // A triple fault: the CPU shut down (SDM vol. 3A §6.15, "Interrupt 8 — Double Fault").
        return SHUTDOWN_EXIT;
      case KVM_EXIT_INTR:
        return INTERRUPTED_EXIT;
      case KVM_EXIT_DEBUG: {
        const exit = this.#debug;
        exit.exception = view.getUint32(RUN.DEBUG_EXCEPTION, true);
        exit.pc = readU64(view, RUN.DEBUG_PC);
        return exit;
      }
      case KVM_EXIT_FAIL_ENTRY: {
        const exit = this.#failEntry;
        exit.reason = readU64(view, RUN.FAIL_ENTRY_REASON);
        exit.cpu = view.getUint32(RUN.FAIL_ENTRY_CPU, true);
        return exit;
      }
      case KVM_EXIT_INTERNAL_ERROR:
        return this.#decodeInternalError();
      case KVM_EXIT_SYSTEM_EVENT: {
        const type = view.getUint32(RUN.SYSTEM_EVENT_TYPE, true);
        if (type === KVM_SYSTEM_EVENT_SHUTDOWN || type === KVM_SYSTEM_EVENT_RESET) return SHUTDOWN_EXIT;
        return this.#unsupportedExit(code, `${kvmExitName(code)} type ${type} (${SYSTEM_EVENT_NAMES[type] ?? 'unknown'})`);
      }
      case KVM_EXIT_UNKNOWN:
        return this.#unsupportedExit(code, `${kvmExitName(code)} (hardware exit reason 0x${readU64(view, RUN.HW_EXIT_REASON).toString(16)})`);
      default:
        return this.#unsupportedExit(code, kvmExitName(code));
    }
  }

  #decodeIo(): ExitReason {
    const view = this.#view;
    const size = view.getUint8(RUN.IO_SIZE);
    const count = view.getUint32(RUN.IO_COUNT, true);
    const offset = readU64(view, RUN.IO_DATA_OFFSET);
    const length = size * count;
    // KVM keeps the data inside the vCPU mapping (the page after kvm_run); refuse anything else
    // rather than hand the machine a view that does not cover the bytes KVM will read back.
    if ((size !== 1 && size !== 2 && size !== 4) || count === 0 || offset + length > this.#bytes.length) {
      return this.#unsupportedExit(KVM_EXIT_IO, `${kvmExitName(KVM_EXIT_IO)} with size ${size}, count ${count} at offset ${offset}`);
    }
    const exit = this.#io;
    exit.direction = view.getUint8(RUN.IO_DIRECTION) === KVM_EXIT_IO_OUT ? 'out' : 'in';
    exit.port = view.getUint16(RUN.IO_PORT, true);
    exit.size = size;
    exit.count = count;
    const key = offset * 0x10000 + length;
    let data = this.#ioData.get(key);
    if (data === undefined) {
      data = this.#bytes.subarray(offset, offset + length);
      this.#ioData.set(key, data);
    }
    exit.data = data;
    return exit;
  }

  #decodeMmio(): ExitReason {
    const view = this.#view;
    const length = view.getUint32(RUN.MMIO_LEN, true);
    if (length === 0 || length > MMIO_DATA_MAX) {
      return this.#unsupportedExit(KVM_EXIT_MMIO, `${kvmExitName(KVM_EXIT_MMIO)} with length ${length}`);
    }
    const exit = this.#mmio;
    exit.address = readU64(view, RUN.MMIO_PHYS_ADDR);
    exit.size = length;
    exit.write = view.getUint8(RUN.MMIO_IS_WRITE) !== 0;
    exit.data = this.#mmioData[length];
    return exit;
  }

  #decodeInternalError(): ExitReason {
    const view = this.#view;
    const exit = this.#internal;
    exit.suberror = view.getUint32(RUN.INTERNAL_SUBERROR, true);
    exit.reason = KVM_INTERNAL_ERROR_NAMES[exit.suberror] ?? `unknown sub-error ${exit.suberror}`;
    const ndata = Math.min(view.getUint32(RUN.INTERNAL_NDATA, true), INTERNAL_DATA_MAX);
    // A fresh array (this exit is rare): the machine's result keeps it past the next exit.
    exit.data = Array.from({ length: ndata }, (_, i) => readU64(view, RUN.INTERNAL_DATA + 8 * i));
    return exit;
  }

  #unsupportedExit(code: number, description: string): ExitReason {
    const exit = this.#unsupported;
    exit.code = code;
    exit.description = description;
    return exit;
  }
}
