/**
 * One KVM vCPU: its fd, its mmapped struct kvm_run, the KVM_RUN loop and the
 * register ioctls. KVM_RUN is issued from the thread that created the vCPU (the
 * JavaScript thread), which is also the thread the watchdog signals.
 */
import { BackendError, type CpuState, type ExitReason } from '@tinyvm/core';
import { INTERRUPTED_EXIT, KvmExitDecoder } from './exits.js';
import { InterruptInjector, KVM_INTERRUPT } from './interrupts.js';
import {
  KVM_EXIT_IO, KVM_EXIT_MMIO, KVM_GET_REGS, KVM_GET_SREGS, KVM_REGS_SIZE, KVM_RUN, KVM_SET_REGS, KVM_SET_SREGS,
  KVM_SREGS_SIZE, RUN,
} from './kvm-abi.js';
import { EAGAIN, EINTR, close, describeErrno, errno, ioctlWithPointer, ioctlWithValue } from './libc.js';
import { mapAnonymous, mapVcpuRun, retireMapping, unmap, type Mapping } from './mapping.js';
import { decodeState, encodeRegs, encodeSregs } from './registers.js';
import { checkedIoctl } from './vm.js';
import { Watchdog } from './watchdog.js';

// Where kvm_regs and kvm_sregs sit in the vCPU's scratch page.
const SCRATCH_SIZE = 0x1000;
const REGS_AT = 0;
const SREGS_AT = 256;
/** struct kvm_interrupt for KVM_INTERRUPT (interrupts.ts). */
const INTERRUPT_AT = 0x800;

export class KvmVcpu {
  readonly fd: number;
  readonly #run: Mapping;
  readonly #runBytes: Uint8Array;
  readonly #decoder: KvmExitDecoder;
  readonly #scratch: Mapping;
  readonly #regs: DataView;
  readonly #sregs: DataView;
  readonly #watchdog: Watchdog;
  /** External interrupts from a userspace PIC (interrupts.ts; run on nested KVM only). */
  readonly interrupts: InterruptInjector;
  /** An io or mmio exit KVM has not yet completed (it does so on the next KVM_RUN). */
  #pendingCompletion = false;
  #closed = false;

  /** Takes ownership of `fd` (closed here if setting up fails). */
  constructor(fd: number, runSize: number) {
    this.fd = fd;
    let run: Mapping | undefined;
    try {
      run = mapVcpuRun(fd, runSize);
      this.#scratch = mapAnonymous(SCRATCH_SIZE, 'vCPU register structs');
    } catch (error) {
      if (run) retireMapping(run);
      close(fd);
      throw error;
    }
    this.#run = run;
    this.#runBytes = new Uint8Array(run.buffer);
    this.#decoder = new KvmExitDecoder(run.buffer);
    this.#regs = new DataView(this.#scratch.buffer, REGS_AT, KVM_REGS_SIZE);
    this.#sregs = new DataView(this.#scratch.buffer, SREGS_AT, KVM_SREGS_SIZE);
    this.#watchdog = new Watchdog(run.address + BigInt(RUN.IMMEDIATE_EXIT));
    this.interrupts = new InterruptInjector(this.#runBytes, (vector) => {
      new DataView(this.#scratch.buffer).setUint32(INTERRUPT_AT, vector, true);
      checkedIoctl('KVM_INTERRUPT', () => ioctlWithPointer(this.fd, KVM_INTERRUPT, this.#scratch.address + BigInt(INTERRUPT_AT)));
    });
  }

  /**
   * KVM_RUN until the next exit. With a deadline (performance.now() clock; Infinity
   * for none), the watchdog makes a guest that never exits come back as
   * 'interrupted'; so does any other signal (EINTR).
   */
  run(deadline: number): ExitReason {
    this.#assertOpen();
    // Only a new deadline costs a clock read: the watchdog already tracks the current one
    // (after an interruption it forgets it, so a deadline that has passed is seen here).
    if (deadline !== this.#watchdog.deadline) {
      if (deadline === Infinity) this.#watchdog.disarm();
      else if (performance.now() >= deadline) return INTERRUPTED_EXIT;
      else this.#watchdog.arm(deadline);
    }
    for (;;) {
      this.interrupts.beforeRun();
      // KVM_RUN takes no argument; the results are in kvm_run.
      if (ioctlWithValue(this.fd, KVM_RUN, 0) === 0) {
        // The interrupt window we asked for opened: inject (beforeRun) and go on.
        if (InterruptInjector.isWindowExit(this.#decoder.exitReason)) continue;
        // A HLT with IF set and a vector still queued wakes at once into it.
        if (this.interrupts.haltWithPendingInterrupt(this.#decoder.exitReason)) continue;
        break;
      }
      const code = errno();
      if (code === EINTR) {
        this.#runBytes[RUN.IMMEDIATE_EXIT] = 0;
        this.#watchdog.acknowledge();
        // A pending io/mmio completion is done once KVM_RUN was entered, interrupted or not.
        this.#pendingCompletion = false;
        return INTERRUPTED_EXIT;
      }
      // EAGAIN: KVM could not enter the guest this time (e.g. a vCPU state being changed); try again.
      if (code === EAGAIN) continue;
      throw new BackendError('kvm-failed', `KVM_RUN failed: ${describeErrno(code)}`);
    }
    const exit = this.#decoder.decode();
    const reason = this.#decoder.exitReason;
    this.#pendingCompletion = reason === KVM_EXIT_IO || reason === KVM_EXIT_MMIO;
    return exit;
  }

  getState(): CpuState {
    this.#assertOpen();
    this.#completePendingAccess();
    checkedIoctl('KVM_GET_REGS', () => ioctlWithPointer(this.fd, KVM_GET_REGS, this.#scratch.address + BigInt(REGS_AT)));
    checkedIoctl('KVM_GET_SREGS', () => ioctlWithPointer(this.fd, KVM_GET_SREGS, this.#scratch.address + BigInt(SREGS_AT)));
    return decodeState(this.#regs, this.#sregs);
  }

  setState(state: CpuState): void {
    this.#assertOpen();
    this.#completePendingAccess();
    // Read-modify-write kvm_sregs so cr8, apic_base and pending interrupts survive.
    checkedIoctl('KVM_GET_SREGS', () => ioctlWithPointer(this.fd, KVM_GET_SREGS, this.#scratch.address + BigInt(SREGS_AT)));
    encodeSregs(state, this.#sregs);
    checkedIoctl('KVM_SET_SREGS', () => ioctlWithPointer(this.fd, KVM_SET_SREGS, this.#scratch.address + BigInt(SREGS_AT)));
    encodeRegs(state, this.#regs);
    checkedIoctl('KVM_SET_REGS', () => ioctlWithPointer(this.fd, KVM_SET_REGS, this.#scratch.address + BigInt(REGS_AT)));
  }

  /**
   * After an io or mmio exit the instruction is finished only by the next KVM_RUN
   * (an IN's value goes into the register then). api.rst: to read or write a
   * consistent state in between, enter KVM_RUN with immediate_exit set; it
   * completes the access and returns EINTR without running guest code.
   */
  #completePendingAccess(): void {
    if (!this.#pendingCompletion) return;
    this.#pendingCompletion = false;
    this.#runBytes[RUN.IMMEDIATE_EXIT] = 1;
    const result = ioctlWithValue(this.fd, KVM_RUN, 0);
    const code = errno();
    this.#runBytes[RUN.IMMEDIATE_EXIT] = 0;
    // This may have swallowed the watchdog's kick (its immediate_exit or signal): make the
    // next run look at the deadline again rather than trust that the watchdog still will.
    this.#watchdog.acknowledge();
    if (result < 0 && code !== EINTR) {
      throw new BackendError('kvm-failed', `KVM_RUN (to complete an I/O access) failed: ${describeErrno(code)}`);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new BackendError('backend-disposed', 'the KVM backend was disposed');
  }

  /** Stops the watchdog, closes the fd and releases kvm_run; idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#watchdog.stop();
    close(this.fd);
    retireMapping(this.#run);
    unmap(this.#scratch);
  }
}
