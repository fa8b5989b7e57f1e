/**
 * The PC's run loop. Core's Machine.run stops at the first HLT; a PC must
 * instead sleep until the next interrupt (the BIOS waits for keys with
 * `sti; hlt`), make the timer tick while the guest spins without exits, and put
 * the PIC's interrupts into the vCPU between runs. It is built on the machine's
 * own dispatchIo/dispatchMmio, in the shape of Firecracker's vcpu loop: one
 * step runs the guest to an exit and handles it, and says whether to go on,
 * sleep or stop.
 *
 *   1. bring the timers up to date (PIT channel 0 → IRQ 0, RTC → IRQ 8)
 *   2. deliver the PIC's pending vector if the vCPU has IF=1
 *   3. run the vCPU until its next exit or the next timer event, whichever first
 *   4. dispatch the exit; on HLT with IF=1 sleep until the next timer event or
 *      host input; on HLT with IF=0 stop (nothing can wake the CPU); an internal
 *      error goes to the machine's onInternalError handler (on KVM: the
 *      interpreter fallback runs the instruction) and the guest resumes if it
 *      says so, as in core's Machine.run
 *
 * After a HLT the vCPU is not entered again until an interrupt is delivered:
 * the interpreter would only report HLT again, and KVM with a userspace
 * interrupt controller returns from HLT with the CPU runnable (api.rst,
 * KVM_EXIT_HLT), so entering it would run past the HLT.
 */
import type { ExitCounts, ExitKind, ExitReason, Machine, MachineOptions, RunLimits, RunResult, StopReason, TinyvmError } from '@tinyvm/core';
import { FLAGS, GuestError, GuestFaultError, UnhandledExitError, describeExit } from '@tinyvm/core';
import type { InterruptDelivery } from './interrupts.js';

/** Something that raises IRQs at times it can predict (the PIT, the RTC). */
export interface TimerSource {
  /** Drive the IRQ lines for everything due by now. */
  advance(): void;
  /** performance.now() milliseconds of the next event, or undefined. */
  nextEventMs(): number | undefined;
}

/** How long the vCPU runs at most before the loop looks at timers and the host again. */
const DEFAULT_SLICE_MS = 20;
/** Longest sleep in a HLT when only host input can wake the guest (async runs). */
const IDLE_SLEEP_MS = 50;

type Step = { kind: 'continue' } | { kind: 'sleep'; ms: number } | { kind: 'stop'; result: RunResult };

export class PcRunLoop {
  #wakeAsync: (() => void) | undefined;
  readonly #sleepCell = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly machine: Machine,
    private readonly delivery: InterruptDelivery,
    private readonly timers: TimerSource,
    private readonly onInternalError?: MachineOptions['onInternalError'],
  ) {}

  /** Runs synchronously until a stop condition; sleeps the thread in guest HLTs. */
  run(limits: RunLimits = {}): RunResult {
    const session = new Session(this.machine, this.delivery, this.timers, limits, false, this.onInternalError);
    for (;;) {
      const step = session.step();
      if (step.kind === 'stop') return step.result;
      if (step.kind === 'sleep') Atomics.wait(this.#sleepCell, 0, 0, step.ms);
    }
  }

  /**
   * Runs until a stop condition, giving the event loop a turn after every slice
   * and sleeping asynchronously in guest HLTs, so host input (keys, serial bytes)
   * arrives while the guest runs. `wake()` ends a sleep early.
   */
  async runAsync(limits: RunLimits = {}): Promise<RunResult> {
    const session = new Session(this.machine, this.delivery, this.timers, limits, true, this.onInternalError);
    let lastYield = performance.now();
    for (;;) {
      const step = session.step();
      if (step.kind === 'stop') return step.result;
      if (step.kind === 'sleep') {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, step.ms);
          function done(): void {
            clearTimeout(timer);
            resolve();
          }
          this.#wakeAsync = done;
        });
        this.#wakeAsync = undefined;
        lastYield = performance.now();
      } else if (performance.now() - lastYield >= DEFAULT_SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  }

  /** Host input arrived: end an async HLT sleep now. */
  wake(): void {
    this.#wakeAsync?.();
  }
}

class Session {
  readonly counts: ExitCounts = { total: 0, byKind: {} };
  readonly start = performance.now();
  readonly timeoutAt: number;
  readonly maxExits: number;
  readonly slice: number;
  readonly startInstructions: number | undefined;
  readonly runOptions = { deadline: Infinity, exitBudget: Infinity };
  /** The backend's inline-served exits (the interpreter's MMIO) seen so far, to count the new ones as Machine.run does. */
  readonly inlineSeen: Record<string, number>;
  guestMs = 0;
  /** The guest executed HLT with IF=1 and no interrupt has been delivered since. */
  halted = false;
  lastHlt: ExitReason | undefined;

  constructor(
    private readonly machine: Machine,
    private readonly delivery: InterruptDelivery,
    private readonly timers: TimerSource,
    private readonly limits: RunLimits,
    private readonly hostInputPossible: boolean,
    private readonly onInternalError: MachineOptions['onInternalError'],
  ) {
    this.timeoutAt = limits.timeoutMs === undefined ? Infinity : this.start + limits.timeoutMs;
    this.maxExits = limits.maxExits ?? Infinity;
    this.slice = limits.until ? Math.min(limits.pollIntervalMs ?? 10, DEFAULT_SLICE_MS) : DEFAULT_SLICE_MS;
    this.startInstructions = machine.backend.stats?.instructions;
    this.inlineSeen = { ...machine.backend.stats?.inlineExits };
  }

  /** Adds the exits the backend served itself during the last run() (as core's Machine.run does). */
  countInlineExits(): void {
    const inline = this.machine.backend.stats?.inlineExits;
    if (inline === undefined) return;
    for (const kind in inline) {
      const added = inline[kind] - (this.inlineSeen[kind] ?? 0);
      if (added > 0) {
        this.inlineSeen[kind] = inline[kind];
        this.counts.byKind[kind as ExitKind] = (this.counts.byKind[kind as ExitKind] ?? 0) + added;
        this.counts.total += added;
      }
    }
  }

  step(): Step {
    const backend = this.machine.backend;
    this.timers.advance();
    if (this.delivery.deliver()) this.halted = false;
    if (this.halted) return this.idle();

    const before = performance.now();
    const nextTimer = this.timers.nextEventMs() ?? Infinity;
    this.runOptions.deadline = Math.min(this.timeoutAt, nextTimer, before + this.slice);
    this.runOptions.exitBudget = this.maxExits - this.counts.total;
    const exit = backend.run(this.runOptions);
    const after = performance.now();
    this.guestMs += after - before;
    this.countInlineExits();

    if (exit.kind !== 'interrupted') {
      this.counts.total++;
      this.counts.byKind[exit.kind] = (this.counts.byKind[exit.kind] ?? 0) + 1;
      this.limits.onExit?.(exit);
    }
    switch (exit.kind) {
      case 'io':
        this.machine.dispatchIo(exit);
        break;
      case 'mmio':
        this.machine.dispatchMmio(exit);
        break;
      case 'interrupted':
        break;
      case 'hlt': {
        // A halted CPU wakes only for an interrupt it accepts (SDM vol. 2A, HLT).
        if ((backend.getState().eflags & FLAGS.IF) === 0) return this.stop('hlt', exit);
        this.timers.advance();
        if (this.delivery.deliver()) break;
        if (this.timers.nextEventMs() === undefined && !this.hostInputPossible) return this.stop('hlt', exit);
        this.halted = true;
        this.lastHlt = exit;
        break;
      }
      case 'shutdown':
        return this.stop('shutdown', exit, new GuestFaultError('the guest shut down the CPU (triple fault)'));
      case 'debug':
        return this.stop('debug', exit);
      case 'internal-error':
        if (this.onInternalError?.(exit, this.machine)) break;
        return this.stop('error', exit, new GuestError('internal-error', `the hypervisor stopped the guest: ${describeExit(exit)}`));
      case 'fail-entry':
        return this.stop('error', exit, new GuestError('fail-entry', `the hypervisor could not enter the guest: ${describeExit(exit)}`));
      default:
        return this.stop('error', exit, new UnhandledExitError(`the VMM does not handle this exit: ${describeExit(exit)}`));
    }
    if (after >= this.timeoutAt) return this.stop('timeout');
    if (this.counts.total >= this.maxExits) return this.stop('exit-budget');
    if (this.limits.until?.(this.machine)) return this.stop('predicate');
    return this.halted ? this.idle() : { kind: 'continue' };
  }

  /** Halted: sleep until the next timer event (or host input), or stop when nothing can come. */
  idle(): Step {
    const now = performance.now();
    if (now >= this.timeoutAt) return this.stop('timeout');
    if (this.limits.until?.(this.machine)) return this.stop('predicate');
    const next = this.timers.nextEventMs();
    if (next === undefined && !this.hostInputPossible) return this.stop('hlt', this.lastHlt);
    const wakeAt = Math.min(next ?? Infinity, this.timeoutAt, now + (this.hostInputPossible ? IDLE_SLEEP_MS : Infinity));
    return { kind: 'sleep', ms: Math.max(0, wakeAt - now) };
  }

  stop(stop: StopReason, exit?: ExitReason, error?: TinyvmError): Step {
    const end = performance.now();
    const result: RunResult = { stop, exits: this.counts, guestMs: this.guestMs, hostMs: end - this.start - this.guestMs };
    if (exit) result.exit = exit.kind === 'io' || exit.kind === 'mmio' ? { ...exit, data: exit.data.slice() } : { ...exit };
    if (error) result.error = error;
    const instructions = this.machine.backend.stats?.instructions;
    if (instructions !== undefined) result.instructions = instructions - (this.startInstructions ?? 0);
    return { kind: 'stop', result };
  }
}
