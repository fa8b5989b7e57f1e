/**
 * The differential test on real KVM: a fixed-seed sample (the full run is
 * `pnpm difftest`). Skipped, saying why, where /dev/kvm is not usable
 * (backend-kvm's scripts/test-under-qemu.sh runs it on nested KVM).
 */
import { describe, expect, it } from 'vitest';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createKvmBackend, kvmAvailability } from '@tinyvm/backend-kvm';
import { runDifftest } from './index.js';

const kvm = kvmAvailability();
if (!kvm.available) console.log(`difftest: skipping the KVM sample: ${kvm.reason}`);

describe.skipIf(!kvm.available)('difftest on KVM', () => {
  it('finds no mismatch in 500 cases (seed 2026)', () => {
    const summary = runDifftest(createInterpBackend(), createKvmBackend(), { count: 500, seed: 2026 });
    console.log(`difftest on KVM: ${summary.matched} match, ${summary.mismatches.length} mismatch, ${summary.couldNotEmulate} KVM could not emulate ${JSON.stringify(summary.couldNotEmulateByOpcode)}`);
    expect(summary.cases).toBe(500);
    expect(summary.mismatches).toEqual([]);
  });
});
