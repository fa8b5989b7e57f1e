import { describe, expect, it } from 'vitest';
import {
  InterruptInjector, KVM_EXIT_IRQ_WINDOW_OPEN, KVM_INTERRUPT, KVM_INTERRUPT_SIZE, RUN_IF_FLAG,
  RUN_READY_FOR_INTERRUPT_INJECTION, RUN_REQUEST_INTERRUPT_WINDOW,
} from './interrupts.js';
import { evaluateC, noCompilerReason } from './test-c.js';

if (noCompilerReason) console.log(`backend-kvm: skipping the interrupt ABI check: ${noCompilerReason}`);

describe.skipIf(noCompilerReason !== undefined)('interrupt injection ABI against <linux/kvm.h>', () => {
  it('has the kernel\'s offsets, ioctl number and exit code', () => {
    const values = evaluateC('#include <linux/kvm.h>', [
      ['window', 'offsetof(struct kvm_run, request_interrupt_window)'],
      ['ready', 'offsetof(struct kvm_run, ready_for_interrupt_injection)'],
      ['if', 'offsetof(struct kvm_run, if_flag)'],
      ['ioctl', 'KVM_INTERRUPT'],
      ['size', 'sizeof(struct kvm_interrupt)'],
      ['exit', 'KVM_EXIT_IRQ_WINDOW_OPEN'],
    ]);
    expect(Object.fromEntries(values)).toEqual({
      window: RUN_REQUEST_INTERRUPT_WINDOW, ready: RUN_READY_FOR_INTERRUPT_INJECTION, if: RUN_IF_FLAG,
      ioctl: KVM_INTERRUPT, size: KVM_INTERRUPT_SIZE, exit: KVM_EXIT_IRQ_WINDOW_OPEN,
    });
  });
});

describe('InterruptInjector (against a kvm_run in plain memory; no KVM)', () => {
  function setup(): { run: Uint8Array; injected: number[]; injector: InterruptInjector } {
    const run = new Uint8Array(64);
    const injected: number[] = [];
    return { run, injected, injector: new InterruptInjector(run, (v) => injected.push(v)) };
  }

  it('asks for an interrupt window when the vCPU cannot take the interrupt, and injects when it can', () => {
    const { run, injected, injector } = setup();
    injector.raise(0x08);
    injector.beforeRun(); // nothing known yet: ready = 0
    expect(injected).toEqual([]);
    expect(run[RUN_REQUEST_INTERRUPT_WINDOW]).toBe(1);
    // KVM_EXIT_IRQ_WINDOW_OPEN: ready and IF set by the kernel.
    run[RUN_READY_FOR_INTERRUPT_INJECTION] = 1;
    run[RUN_IF_FLAG] = 1;
    expect(InterruptInjector.isWindowExit(7)).toBe(true);
    injector.beforeRun();
    expect(injected).toEqual([0x08]);
    expect(run[RUN_REQUEST_INTERRUPT_WINDOW]).toBe(0);
    expect(injector.pending).toBe(0);
  });

  it('does not inject while IF is clear, and injects one vector per entry', () => {
    const { run, injected, injector } = setup();
    run[RUN_READY_FOR_INTERRUPT_INJECTION] = 1;
    run[RUN_IF_FLAG] = 0;
    injector.raise(0x09);
    injector.raise(0x0c);
    injector.beforeRun();
    expect(injected).toEqual([]);
    expect(run[RUN_REQUEST_INTERRUPT_WINDOW]).toBe(1);
    run[RUN_IF_FLAG] = 1;
    injector.beforeRun();
    injector.beforeRun(); // same entry's bytes: not ready again until KVM says so
    expect(injected).toEqual([0x09]);
    expect(run[RUN_REQUEST_INTERRUPT_WINDOW]).toBe(1);
    run[RUN_READY_FOR_INTERRUPT_INJECTION] = 1;
    injector.beforeRun();
    expect(injected).toEqual([0x09, 0x0c]);
    expect(run[RUN_REQUEST_INTERRUPT_WINDOW]).toBe(0);
  });

  it('has the vCPU re-enter from a HLT while IF is set and a vector is queued, and only then', () => {
    const { run, injected, injector } = setup();
    const KVM_EXIT_HLT = 5;
    // After `sti; hlt`: the vector was queued while IF was clear, and KVM reports the HLT.
    run[RUN_IF_FLAG] = 0;
    injector.raise(0x08);
    injector.beforeRun();
    run[RUN_READY_FOR_INTERRUPT_INJECTION] = 1;
    run[RUN_IF_FLAG] = 1;
    expect(injector.haltWithPendingInterrupt(KVM_EXIT_HLT)).toBe(true);
    expect(injector.haltWithPendingInterrupt(2 /* KVM_EXIT_IO */)).toBe(false);
    injector.beforeRun();
    expect(injected).toEqual([0x08]);
    // Nothing queued: a HLT is a HLT.
    expect(injector.haltWithPendingInterrupt(KVM_EXIT_HLT)).toBe(false);
    // `cli; hlt` with a vector queued: the CPU stays halted (the PC stops the run).
    injector.raise(0x09);
    run[RUN_IF_FLAG] = 0;
    expect(injector.haltWithPendingInterrupt(KVM_EXIT_HLT)).toBe(false);
  });

  it('keeps vectors to 8 bits and bounds its queue', () => {
    const { injector } = setup();
    for (let i = 0; i < 300; i++) injector.raise(0x100 + i);
    expect(injector.pending).toBe(256);
    expect(injector.dropped).toBe(44);
  });
});
