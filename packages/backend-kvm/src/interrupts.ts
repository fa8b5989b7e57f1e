/**
 * External interrupts for a userspace interrupt controller (the PC's TypeScript
 * 8259A pair): the VMM hands a vector to `raise()`, and before each KVM_RUN this
 * either injects it with KVM_INTERRUPT — when the previous exit said the vCPU can
 * take one now (kvm_run.ready_for_interrupt_injection and if_flag) — or sets
 * kvm_run.request_interrupt_window so KVM exits with KVM_EXIT_IRQ_WINDOW_OPEN as
 * soon as it can, and the vCPU loop injects then and re-enters the guest.
 * (Documentation/virt/kvm/api.rst: KVM_INTERRUPT, "request_interrupt_window",
 * "ready_for_interrupt_injection", "if_flag"; design and reasons in
 * packages/pc/docs/kvm-interrupts.md.)
 *
 * Written on a machine without /dev/kvm: interrupts.test.ts checks the numbers
 * against <linux/kvm.h> and this state machine against a fake kvm_run. Run on real
 * KVM only nested inside QEMU's software emulation (scripts/test-under-qemu.sh with
 * pc's guest tests: timer, keyboard, serial and RTC IRQs, BIOS waits), which found
 * the HLT case below; never on KVM on hardware.
 */

import { KVM_EXIT_HLT } from './kvm-abi.js';

/** kvm_run byte offsets (checked against <linux/kvm.h> in interrupts.test.ts). */
export const RUN_REQUEST_INTERRUPT_WINDOW = 0; // __u8, in
export const RUN_READY_FOR_INTERRUPT_INJECTION = 12; // __u8, out
export const RUN_IF_FLAG = 13; // __u8, out
/** _IOW(KVMIO, 0x86, struct kvm_interrupt { __u32 irq; }). */
export const KVM_INTERRUPT = 0x4004ae86;
export const KVM_INTERRUPT_SIZE = 4;
export const KVM_EXIT_IRQ_WINDOW_OPEN = 7;

/** More vectors than a PIC pair can have in service: the rest are dropped and counted. */
const QUEUE_LIMIT = 256;

export class InterruptInjector {
  readonly #queue: number[] = [];
  /** Vectors given to KVM_INTERRUPT. */
  injected = 0;
  /** Vectors dropped because the queue was full. */
  dropped = 0;

  /**
   * @param runBytes  the vCPU's mmapped struct kvm_run
   * @param inject    issues KVM_INTERRUPT with `vector` (throws on failure)
   */
  constructor(
    private readonly runBytes: Uint8Array,
    private readonly inject: (vector: number) => void,
  ) {}

  /** Queues an external interrupt (the vector the PIC answered INTA with). */
  raise(vector: number): void {
    if (this.#queue.length >= QUEUE_LIMIT) {
      this.dropped++;
      return;
    }
    this.#queue.push(vector & 0xff);
  }

  get pending(): number {
    return this.#queue.length;
  }

  /**
   * Before KVM_RUN: inject one vector if the vCPU can take it (KVM accepts one per
   * entry), and ask for an interrupt window while any remain.
   */
  beforeRun(): void {
    const run = this.runBytes;
    if (this.#queue.length > 0 && run[RUN_READY_FOR_INTERRUPT_INJECTION] !== 0 && run[RUN_IF_FLAG] !== 0) {
      this.inject(this.#queue[0]);
      this.#queue.shift();
      this.injected++;
      // KVM has a pending interrupt now: it is not ready for another until the next exit says so.
      run[RUN_READY_FOR_INTERRUPT_INJECTION] = 0;
    }
    run[RUN_REQUEST_INTERRUPT_WINDOW] = this.#queue.length > 0 ? 1 : 0;
  }

  /** True for the exit the window request produces: the vCPU loop re-enters instead of returning it. */
  static isWindowExit(exitReason: number): boolean {
    return exitReason === KVM_EXIT_IRQ_WINDOW_OPEN;
  }

  /**
   * True when KVM reports a HLT (exit reason `exitReason`) that a CPU would not
   * stay in: IF is set and a vector is still queued here, so the CPU wakes at once
   * into it (SDM vol. 2A, HLT: an enabled interrupt resumes execution). The vCPU
   * loop re-enters, and beforeRun injects it; KVM left RIP after the HLT, where the
   * handler returns. Reporting the HLT instead stalls the PC: its PIC has the
   * vector in service, so nothing else arrives to wake the guest. It happens
   * after `sti; hlt` with a vector acknowledged while IF was still clear (the
   * BIOS's wait stub): the STI shadow covers the HLT, so no window opens first.
   */
  haltWithPendingInterrupt(exitReason: number): boolean {
    return exitReason === KVM_EXIT_HLT && this.#queue.length > 0 && this.runBytes[RUN_IF_FLAG] !== 0;
  }
}
