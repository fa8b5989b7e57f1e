/**
 * Running a guest in short slices so that the host's event loop gets a turn
 * between them (terminal input, drawing the screen, timers, a library caller's
 * promises), with the limits of the whole run (--timeout, --max-exits) kept
 * across slices and the exit counts and times added up.
 */
import type { ExitKind, ExitReason, RunLimits, RunResult, StopReason } from '@tinyvm/core';
import type { GuestMachine } from './guest-machine.js';

/** Why a run ended: the machine's reasons, a matched screen or serial output, or the user quitting. */
export type SessionStop = StopReason | 'screen-match' | 'serial-match' | 'quit';

export interface SessionRunResult extends Omit<RunResult, 'stop'> {
  stop: SessionStop;
}

export interface SlicedRunLimits {
  timeoutMs?: number;
  maxExits?: number;
  onExit?: (exit: ExitReason) => void;
  /**
   * A stop condition looked at between slices, every `pollMs` inside one, and
   * when the guest halts (a guest that prints and halts still matches).
   */
  check?: () => SessionStop | undefined;
  /** Runs between slices with the event loop free; may end the run (e.g. 'quit'). */
  between?: () => Promise<SessionStop | undefined> | SessionStop | undefined;
  /** Guest time per slice (default 10 ms). */
  sliceMs?: number;
  /** How often `check` runs inside a slice (default 5 ms). */
  pollMs?: number;
}

export const DEFAULT_SLICE_MS = 10;
const DEFAULT_POLL_MS = 5;

/** Lets pending I/O callbacks run (setImmediate runs after the poll phase, unlike a resolved promise). */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runSliced(guest: GuestMachine, limits: SlicedRunLimits = {}): Promise<SessionRunResult> {
  const start = performance.now();
  const deadline = limits.timeoutMs === undefined ? Infinity : start + limits.timeoutMs;
  const maxExits = limits.maxExits ?? Infinity;
  const sliceMs = limits.sliceMs ?? DEFAULT_SLICE_MS;
  const pollMs = limits.pollMs ?? DEFAULT_POLL_MS;
  const run = guest.run ? (l: RunLimits) => guest.run!(l) : (l: RunLimits) => guest.machine.run(l);
  const total: SessionRunResult = { stop: 'timeout', exits: { total: 0, byKind: {} }, guestMs: 0, hostMs: 0 };
  const check = limits.check;
  let matched: SessionStop | undefined;
  let lastCheck = 0;
  const until = check
    ? (): boolean => {
        const now = performance.now();
        if (now - lastCheck < pollMs) return false;
        lastCheck = now;
        matched = check();
        return matched !== undefined;
      }
    : undefined;

  const add = (result: RunResult): void => {
    total.exits.total += result.exits.total;
    for (const [kind, n] of Object.entries(result.exits.byKind)) {
      total.exits.byKind[kind as ExitKind] = (total.exits.byKind[kind as ExitKind] ?? 0) + (n ?? 0);
    }
    total.guestMs += result.guestMs;
    total.hostMs += result.hostMs;
    if (result.instructions !== undefined) total.instructions = (total.instructions ?? 0) + result.instructions;
    if (result.exit) total.exit = result.exit;
    if (result.error) total.error = result.error;
  };

  for (;;) {
    matched = check?.();
    if (matched !== undefined) return { ...total, stop: matched };
    const now = performance.now();
    if (now >= deadline) return { ...total, stop: 'timeout' };
    if (total.exits.total >= maxExits) return { ...total, stop: 'exit-budget' };

    const slice: RunLimits = {
      timeoutMs: Math.max(1, Math.min(sliceMs, deadline - now)),
      maxExits: maxExits === Infinity ? undefined : maxExits - total.exits.total,
      onExit: limits.onExit,
      until,
      pollIntervalMs: pollMs,
    };
    const result = run(slice);
    add(result);
    if (result.stop === 'predicate' && matched !== undefined) return { ...total, stop: matched };
    if (result.stop === 'hlt') {
      const last = check?.();
      return { ...total, stop: last ?? 'hlt' };
    }
    if (result.stop === 'exit-budget') return { ...total, stop: 'exit-budget' };
    if (result.stop !== 'timeout' && result.stop !== 'predicate') return { ...total, stop: result.stop };

    await yieldToEventLoop();
    const requested = await limits.between?.();
    if (requested !== undefined) return { ...total, stop: requested };
  }
}
