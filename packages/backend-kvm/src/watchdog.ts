/**
 * Stops a vCPU at a deadline even when the guest never exits (`jmp $`).
 *
 * KVM_RUN only returns to user space on an exit or when a signal is pending for
 * the thread inside it (it then fails with EINTR). So a watchdog thread sleeps
 * until the deadline and then:
 *   1. sets kvm_run.immediate_exit = 1, which covers the race where the signal
 *      lands just before the vCPU thread enters KVM_RUN (KVM polls the byte on
 *      entry and returns -EINTR at once; api.rst, KVM_CAP_IMMEDIATE_EXIT), and
 *   2. sends the vCPU thread a signal with tgkill(2).
 * The vCPU thread clears immediate_exit after KVM_RUN returns EINTR.
 *
 * The signal is SIGUSR2 with a no-op listener, so that it is caught (a caught
 * signal interrupts KVM_RUN; an ignored one would never be delivered) rather
 * than fatal. Not SIGUSR1: Node reserves it to start the inspector. Node only
 * lets JavaScript listen to named signals, so no real-time signal is possible.
 * libuv installs the handler with SA_RESTART, which does not matter: KVM_RUN
 * returns EINTR itself rather than a restartable error. The listener stays for
 * the process's lifetime, because a watchdog thread being terminated may still
 * send one last signal, and SIGUSR2's default action is to end the process.
 *
 * Cost when no deadline is set: nothing (the thread is started on first use).
 * With a deadline: one shared-memory publish when it changes, and a wake-up of
 * the thread only when the new deadline is earlier than the one it sleeps
 * towards or it sleeps with none (Atomics.wait on the generation counter).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { gettid } from './libc.js';

/** SIGUSR2 on Linux (signal(7)); see the header for the choice. */
export const WATCHDOG_SIGNAL = 12;
const WATCHDOG_SIGNAL_NAME = 'SIGUSR2';

// Shared words: Int32 slots, then the deadline as a Float64 (epoch milliseconds).
const GEN = 0; // even: deadline stable; odd: being written (a seqlock)
const IDLE = 1; // 1 while the thread waits with no deadline to watch
const FIRES = 2; // signals sent, for tests and stats
const STOP = 3; // 1: the thread must return
const READY = 4; // 1 once the thread has loaded koffi (see stop())
const CONTROL_SLOTS = 5;
const DEADLINE_BYTE = 24;
const SHARED_BYTES = 32;

interface WatchdogWorkerData {
  readonly shared: SharedArrayBuffer;
  readonly koffiPath: string;
  readonly pid: number;
  readonly tid: number;
  readonly signal: number;
  readonly flagAddress: bigint;
}

/**
 * The body of the watchdog thread. It is passed to the Worker as source text,
 * so it must not use anything from this module's scope: only its arguments.
 */
function watchdogThread(data: WatchdogWorkerData, load: (path: string) => unknown, ready: () => void): void {
  // Mirrors GEN, IDLE, FIRES, STOP, READY, CONTROL_SLOTS and DEADLINE_BYTE (this text cannot import them).
  const SLOT_GEN = 0;
  const SLOT_IDLE = 1;
  const SLOT_FIRES = 2;
  const SLOT_STOP = 3;
  const SLOT_READY = 4;
  const control = new Int32Array(data.shared, 0, 5);
  const deadlineSlot = new Float64Array(data.shared, 24, 1);
  if (Atomics.load(control, SLOT_STOP) !== 0) return;
  const koffi = load(data.koffiPath) as {
    load(path: string): { func(definition: string): (...args: unknown[]) => unknown };
    encode(address: bigint, type: string, value: number): void;
  };
  const syscall = koffi.load('libc.so.6').func('long syscall(long number, long a, long b, long c)');
  const SYS_tgkill = 234;
  Atomics.store(control, SLOT_READY, 1);
  ready();
  let firedGeneration = -1;
  for (;;) {
    if (Atomics.load(control, SLOT_STOP) !== 0) return;
    const generation = Atomics.load(control, SLOT_GEN);
    if ((generation & 1) !== 0) continue; // the vCPU thread is mid-publish
    const deadline = deadlineSlot[0];
    if (Atomics.load(control, SLOT_GEN) !== generation) continue;
    if (!(deadline < Infinity) || firedGeneration === generation) {
      Atomics.store(control, SLOT_IDLE, 1);
      Atomics.wait(control, SLOT_GEN, generation);
      Atomics.store(control, SLOT_IDLE, 0);
      continue;
    }
    const remaining = deadline - (performance.timeOrigin + performance.now());
    if (remaining > 0) {
      Atomics.wait(control, SLOT_GEN, generation, remaining);
      continue;
    }
    if (Atomics.load(control, SLOT_STOP) !== 0) return;
    // Count first: the signalled thread may look at the count as soon as it wakes.
    firedGeneration = generation;
    Atomics.add(control, SLOT_FIRES, 1);
    koffi.encode(data.flagAddress, 'uint8_t', 1);
    syscall(SYS_tgkill, data.pid, data.tid, data.signal);
  }
}

let signalListenerInstalled = false;

function installSignalListener(): void {
  if (signalListenerInstalled) return;
  signalListenerInstalled = true;
  // No-op on purpose: the signal exists only to make KVM_RUN return EINTR.
  process.on(WATCHDOG_SIGNAL_NAME, () => {});
}

export class Watchdog {
  readonly #flagAddress: bigint;
  readonly #tid: number;
  readonly #shared = new SharedArrayBuffer(SHARED_BYTES);
  readonly #control = new Int32Array(this.#shared, 0, CONTROL_SLOTS);
  readonly #deadlineSlot = new Float64Array(this.#shared, DEADLINE_BYTE, 1);
  #worker: Worker | undefined;
  /** The deadline last published (performance.now() clock); NaN forces the next arm to publish. */
  #armed = Infinity;
  #publishes = 0;
  #stopped = false;

  /**
   * @param flagAddress the byte to set before signalling (kvm_run.immediate_exit)
   * @param tid the thread to signal: the caller's, since KVM_RUN runs on it
   */
  constructor(flagAddress: bigint, tid = gettid()) {
    this.#flagAddress = flagAddress;
    this.#tid = tid;
  }

  /** Watch `deadline` (performance.now() clock). Cheap when it is the one already watched. */
  arm(deadline: number): void {
    if (deadline === this.#armed || this.#stopped) return;
    const earlier = !(deadline >= this.#armed);
    this.#armed = deadline;
    this.#ensureStarted();
    this.#publish(performance.timeOrigin + deadline);
    // A thread sleeping towards a later deadline, or with none, must wake to see this one.
    if (earlier || Atomics.load(this.#control, IDLE) === 1) Atomics.notify(this.#control, GEN);
  }

  /** No deadline: the thread goes idle at its next wake-up. */
  disarm(): void {
    if (this.#armed === Infinity) return;
    this.#armed = Infinity;
    if (this.#worker) this.#publish(Infinity);
  }

  /**
   * The vCPU thread saw EINTR: the signal may have come early (the threads'
   * clocks differ slightly) or from elsewhere, so the next arm publishes again
   * even for the same deadline and the thread fires again if needed.
   */
  acknowledge(): void {
    if (this.#armed !== Infinity) this.#armed = NaN;
  }

  /** The deadline being watched: Infinity for none, NaN after an acknowledged interruption. */
  get deadline(): number {
    return this.#armed;
  }

  /** Signals sent so far. */
  get fires(): number {
    return Atomics.load(this.#control, FIRES);
  }

  /** Deadlines published to the thread so far (a test checks unchanged deadlines cost nothing). */
  get publishes(): number {
    return this.#publishes;
  }

  get running(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Stops the thread; idempotent. A thread still loading koffi is not terminated:
   * Node tearing a worker down inside a native addon's module registration aborts
   * the whole process (koffi's init throws into the dying environment: "FATAL
   * ERROR: Error::ThrowAsJavaScriptException napi_throw", seen under KVM nested in
   * QEMU, where loading takes long enough for a short test to dispose its backend
   * first). It sees STOP as soon as it has loaded and returns by itself.
   */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    Atomics.store(this.#control, STOP, 1);
    Atomics.add(this.#control, GEN, 2);
    Atomics.notify(this.#control, GEN);
    if (Atomics.load(this.#control, READY) === 1) void this.#worker?.terminate();
    this.#worker = undefined;
  }

  #publish(absoluteDeadline: number): void {
    this.#publishes++;
    Atomics.add(this.#control, GEN, 1);
    this.#deadlineSlot[0] = absoluteDeadline;
    Atomics.add(this.#control, GEN, 1);
  }

  #ensureStarted(): void {
    if (this.#worker) return;
    installSignalListener();
    const data: WatchdogWorkerData = {
      shared: this.#shared,
      koffiPath: createRequire(import.meta.url).resolve('koffi'),
      pid: process.pid,
      tid: this.#tid,
      signal: WATCHDOG_SIGNAL,
      flagAddress: this.#flagAddress,
    };
    const source = `const { workerData, parentPort } = require('node:worker_threads');\n` +
      `(${watchdogThread.toString()})(workerData, require, () => parentPort.postMessage('ready'));`;
    const worker = new Worker(source, { eval: true, workerData: data });
    // Referenced until koffi is loaded, so the process does not exit (and tear the thread
    // down) inside koffi's module registration (see stop()); then it must not keep it alive.
    worker.once('message', () => worker.unref());
    worker.once('exit', () => worker.unref());
    // The thread has no way to fail but a crash of koffi's loader; say so rather than hang forever.
    worker.on('error', (error) => {
      process.emitWarning(`tinyvm kvm watchdog thread failed: ${String(error)}; deadlines will not stop a guest that never exits`);
    });
    this.#worker = worker;
  }
}
