/**
 * Guest input must never crash the host: random code in random memory on every
 * model must only ever produce exits (or run on), never throw.
 */
import { describe, expect, it } from 'vitest';
import { realModeState, EXIT_KINDS } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';

/** A small deterministic generator (xorshift32) so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe.each(['8086', '286', '386'] as const)('%s: random code', (model) => {
  it('never throws and always returns a known exit', () => {
    const next = random(0x1234 + model.length);
    const backend = createInterpBackend({ model });
    // RAM only below 640 KiB: the rest is an MMIO hole with no bus attached.
    const ram = backend.createRegion({ base: 0, size: 0xa0000, name: 'ram' });
    let exits = 0;
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < ram.bytes.length; i += 4) {
        const v = next();
        ram.bytes[i] = v;
        ram.bytes[i + 1] = v >>> 8;
        ram.bytes[i + 2] = v >>> 16;
        ram.bytes[i + 3] = v >>> 24;
      }
      const state = realModeState({ cs: next() & 0xffff, ip: next() & 0xffff, ss: next() & 0xffff });
      state.esp = next() & 0xffff;
      state.eflags = (next() & 0x0cd5) | 2;
      backend.setState(state);
      for (let step = 0; step < 10; step++) {
        const exit = backend.run({ deadline: performance.now() + 1 });
        expect(EXIT_KINDS).toContain(exit.kind);
        exits++;
        if (exit.kind === 'shutdown' || exit.kind === 'internal-error') break;
        if (exit.kind === 'hlt') backend.setState({ ...backend.getState(), eip: (backend.getState().eip + 1) & 0xffff });
      }
    }
    expect(exits).toBeGreaterThan(60);
  }, 60_000);
});
