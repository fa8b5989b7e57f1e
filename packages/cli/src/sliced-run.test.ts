import { Machine, type ExitReason } from '@tinyvm/core';
import { describe, expect, it } from 'vitest';
import type { GuestMachine } from './guest-machine.js';
import { runSliced } from './sliced-run.js';
import { fakeBackend } from './test-fake-backend.js';

/** A guest whose backend makes one port write per run() and sleeps `msPerRun` (a busy guest). */
function busyGuest(step: (run: number) => ExitReason, msPerRun = 0): GuestMachine {
  const backend = fakeBackend((run) => {
    const until = performance.now() + msPerRun;
    while (performance.now() < until);
    return step(run);
  });
  const machine = new Machine({ backend });
  const none = { frame: () => ({ kind: 'text' as const, columns: 0, rows: 0, cells: new Uint8Array(0), cursor: { row: 0, col: 0, visible: false } }) };
  return { machine, vga: undefined as never, screen: none };
}

const out80: ExitReason = { kind: 'io', direction: 'out', port: 0x80, size: 1, count: 1, data: Uint8Array.of(0) };

describe('runSliced', () => {
  it('keeps --max-exits across slices and adds up the exit counts', async () => {
    const result = await runSliced(busyGuest(() => out80, 1), { maxExits: 40, sliceMs: 5 });
    expect(result.stop).toBe('exit-budget');
    expect(result.exits).toEqual({ total: 40, byKind: { io: 40 } });
  });

  it('gives the event loop a turn between slices, and stops on what `between` returns', async () => {
    let turns = 0;
    let timerFired = false;
    setTimeout(() => (timerFired = true), 15);
    const result = await runSliced(busyGuest(() => out80, 1), {
      sliceMs: 5,
      between: () => (++turns >= 10 && timerFired ? 'quit' : undefined),
    });
    expect(result.stop).toBe('quit');
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('the whole run times out at timeoutMs, not at each slice', async () => {
    const started = performance.now();
    const result = await runSliced(busyGuest(() => ({ kind: 'interrupted' }), 1), { timeoutMs: 120, sliceMs: 10 });
    expect(result.stop).toBe('timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('a check that becomes true stops the run with its reason; a guest that halts is checked once more', async () => {
    let runs = 0;
    const guest = busyGuest((n) => ((runs = n), n < 1000 ? out80 : { kind: 'hlt' }));
    const matched = await runSliced(guest, { check: () => (runs >= 30 ? 'screen-match' : undefined), pollMs: 0 });
    expect(matched.stop).toBe('screen-match');
    const halted = await runSliced(busyGuest((n) => (n < 3 ? out80 : { kind: 'hlt' })), { check: () => undefined });
    expect(halted.stop).toBe('hlt');
    expect(halted.exits).toEqual({ total: 4, byKind: { io: 3, hlt: 1 } });
  });
});
