/**
 * The KVM side of the differential test on backend-kvm's fake /dev/kvm (its
 * tiny CPU stops with an emulation error on almost every instruction): the
 * plumbing runs, and those cases are counted as "KVM could not emulate", by
 * opcode, not as mismatches.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { caseSeed, generateCase, runDifftest } from './index.js';

const source = new URL('../../backend-kvm/src/test-fake-kvm.c', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tinyvm-difftest-fake-kvm-'));
const library = join(dir, 'fake-kvm.so');
const built = spawnSync('cc', ['-std=gnu11', '-O1', '-shared', '-fPIC', '-o', library, source], { encoding: 'utf8' });
const skip = built.error || built.status !== 0 ? `cannot build the fake KVM: ${built.error?.message ?? built.stderr.split('\n')[0]}` : undefined;
if (skip) console.log(`difftest: skipping the fake-KVM test: ${skip}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

if (!skip) process.env.TINYVM_KVM_LIBC = library;
const kvm = await import('@tinyvm/backend-kvm');
delete process.env.TINYVM_KVM_LIBC;

describe.skipIf(skip)('difftest against the fake KVM', () => {
  it('counts the cases KVM could not emulate apart, by the opcode it reported', () => {
    const count = 40;
    const summary = runDifftest(createInterpBackend(), kvm.createKvmBackend({ devicePath: '/fake/kvm' }), { count, seed: 5 });
    expect(summary.cases).toBe(count);
    expect(summary.couldNotEmulate + summary.matched + summary.mismatches.length).toBe(count);
    expect(summary.couldNotEmulate).toBeGreaterThan(count / 2);
    expect(Object.values(summary.couldNotEmulateByOpcode).reduce((a, b) => a + b, 0)).toBe(summary.couldNotEmulate);
    // The fake reports the byte it did not know at the failing instruction: a byte of some case's code.
    const bytes = new Set(Array.from({ length: count }, (_, i) => [...generateCase(caseSeed(5, i)).code]).flat());
    for (const opcode of Object.keys(summary.couldNotEmulateByOpcode)) expect(bytes).toContain(Number(opcode));
  });
});
