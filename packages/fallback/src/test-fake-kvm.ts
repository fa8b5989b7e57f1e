/**
 * Test helper: builds backend-kvm's fake /dev/kvm (a libc stand-in whose tiny
 * CPU stops with an emulation error on every instruction it does not know,
 * like KVM's emulator on DAA) and imports @tinyvm/backend-kvm over it.
 * Not part of the build (test-*.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_DEVICE = '/fake/kvm';
const SOURCE = new URL('../../backend-kvm/src/test-fake-kvm.c', import.meta.url).pathname;

export type FakeKvm =
  | { library: string; kvm: typeof import('@tinyvm/backend-kvm'); cleanup: () => void }
  | { skip: string };

/** Builds the fake as a shared object; returns why it cannot when it cannot. */
export function buildFakeKvmLibrary(): { library: string; dir: string } | { skip: string } {
  const probe = spawnSync('cc', ['--version']);
  if (probe.error || probe.status !== 0) return { skip: 'no C compiler (`cc`) to build the fake KVM' };
  const dir = mkdtempSync(join(tmpdir(), 'tinyvm-fallback-fake-kvm-'));
  const library = join(dir, 'fake-kvm.so');
  const result = spawnSync('cc', ['-std=gnu11', '-O1', '-shared', '-fPIC', '-o', library, SOURCE], { encoding: 'utf8' });
  if (result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { skip: `cannot build the fake KVM (kernel headers?): ${result.stderr.split('\n')[0]}` };
  }
  return { library, dir };
}

/** The KVM backend module loaded over the fake (libc.ts reads TINYVM_KVM_LIBC when first imported). */
export async function loadFakeKvm(): Promise<FakeKvm> {
  const built = buildFakeKvmLibrary();
  if ('skip' in built) return built;
  process.env.TINYVM_KVM_LIBC = built.library;
  const kvm = await import('@tinyvm/backend-kvm');
  delete process.env.TINYVM_KVM_LIBC;
  return { library: built.library, kvm, cleanup: () => rmSync(built.dir, { recursive: true, force: true }) };
}
