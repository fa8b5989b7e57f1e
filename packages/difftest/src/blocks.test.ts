/**
 * The interpreter's block compiler against the interpreter alone, on the difftest's
 * random instruction sequences (no KVM needed): every block compiled on its first
 * visit, every case ending with the same registers, flags and memory. The 8086 is
 * left out: there 0F is POP CS and the generator's 386 forms run off into memory.
 */
import { describe, expect, it } from 'vitest';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { runDifftest } from './difftest.js';

const CASES = 400;

describe.each(['386', '286'] as const)('compiled blocks vs the interpreter (%s)', (model) => {
  it(`${CASES} random sequences end identically`, () => {
    const summary = runDifftest(
      createInterpBackend({ model, compileBlocks: false }),
      createInterpBackend({ model, blockThreshold: 1 }),
      { count: CASES, seed: 0xb10c },
    );
    expect(summary.mismatches).toEqual([]);
    expect(summary.matched).toBe(CASES);
  }, 60_000);
});
