/**
 * Test helper: builds backend-kvm's fake /dev/kvm (test-fake-kvm.c, a libc stand-in
 * whose tiny CPU stops with an emulation error on every instruction it does not know,
 * as KVM's emulator does on DAA) and imports @tinyvm/backend-kvm over it, as
 * packages/fallback's tests do. The import must be this file's: backend-kvm reads
 * TINYVM_KVM_LIBC when it is first loaded, so a test using it must not import
 * backend-kvm (or test-guest.ts) statically. Not part of the build (test-*.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_DEVICE = '/fake/kvm';
const SOURCE = new URL('../../backend-kvm/src/test-fake-kvm.c', import.meta.url).pathname;

export type FakeKvm =
  | { kvm: typeof import('@tinyvm/backend-kvm'); cleanup: () => void }
  | { skip: string };

export async function loadFakeKvm(): Promise<FakeKvm> {
  const probe = spawnSync('cc', ['--version']);
  if (probe.error || probe.status !== 0) return { skip: 'no C compiler (`cc`) to build the fake KVM' };
  const dir = mkdtempSync(join(tmpdir(), 'tinyvm-pc-fake-kvm-'));
  const library = join(dir, 'fake-kvm.so');
  const built = spawnSync('cc', ['-std=gnu11', '-O1', '-shared', '-fPIC', '-o', library, SOURCE], { encoding: 'utf8' });
  if (built.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot build the fake KVM: ${built.stderr.split('\n')[0]}` };
  }
  process.env.TINYVM_KVM_LIBC = library;
  const kvm = await import('@tinyvm/backend-kvm');
  delete process.env.TINYVM_KVM_LIBC;
  return { kvm, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
