/**
 * Getting the PIC's interrupts into the vCPU. A backend that can take external
 * interrupts has `raiseInterrupt(vector)` (the interpreter: delivered at the next
 * instruction boundary with IF=1, waking HLT). The machine acknowledges the PIC
 * (the INTA cycle) only when the vCPU can take the interrupt now — IF set — so a
 * vector is never in service on the PIC while the CPU still holds it back
 * (Intel 8259A datasheet, "Interrupt Sequence"; SDM vol. 3A §6.8.1 on IF).
 * It also delivers when the vCPU is about to return from a BIOS service with
 * IF=1 (`acceptsOnReturn`): the backend holds the vector until the IRET.
 *
 * Not emulated: a vector handed to the backend is delivered even if the guest
 * masks its IRQ before the CPU takes it (a real 8259A would withdraw INTR). The
 * window is one instruction in the usual case (IF=1) or the rest of a BIOS call.
 */
import { FLAGS, type CpuState, type VcpuBackend } from '@tinyvm/core';
import type { PicPair } from '@tinyvm/device-pic';

export interface InterruptInjection {
  raiseInterrupt(vector: number): void;
}

export function canInjectInterrupts(backend: VcpuBackend): backend is VcpuBackend & InterruptInjection {
  return typeof (backend as Partial<InterruptInjection>).raiseInterrupt === 'function';
}

export class InterruptDelivery {
  /** Interrupts handed to the vCPU. */
  delivered = 0;

  constructor(
    private readonly backend: VcpuBackend & InterruptInjection,
    private readonly pic: PicPair,
    /** The vCPU will have IF=1 after the instruction sequence it is in (a BIOS stub's IRET). */
    private readonly acceptsOnReturn: (state: CpuState) => boolean = () => false,
  ) {}

  /** Delivers the PIC's pending vector when the vCPU accepts interrupts; true when one was delivered. */
  deliver(): boolean {
    if (this.pic.pendingVector() === undefined) return false;
    const state = this.backend.getState();
    if ((state.eflags & FLAGS.IF) === 0 && !this.acceptsOnReturn(state)) return false;
    this.backend.raiseInterrupt(this.pic.acknowledge());
    this.delivered++;
    return true;
  }

  /** An interrupt is waiting on the PIC (whether or not the CPU can take it now). */
  get pending(): boolean {
    return this.pic.pendingVector() !== undefined;
  }
}
