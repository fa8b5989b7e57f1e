/**
 * The backend's plumbing on a fake KVM (test-fake-kvm.c), so it is exercised on
 * machines without /dev/kvm: ioctl arguments, memory slots pointing at our
 * mappings, the mmapped kvm_run, state conversion, the watchdog interrupting a
 * blocked KVM_RUN, and fd hygiene. The fake "CPU" only knows the instructions
 * of the test guests; what it proves is the TypeScript side, not KVM itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Machine, realModeState } from '@tinyvm/core';
import { noCompilerReason } from './test-c.js';
import { guestSuite } from './test-guest-suite.js';

const FAKE_DEVICE = '/fake/kvm';

/** Builds the fake as a shared object; returns its path or why it cannot. */
function buildFake(): { library: string; dir: string } | { skip: string } {
  if (noCompilerReason) return { skip: noCompilerReason };
  const dir = mkdtempSync(join(tmpdir(), 'tinyvm-fake-kvm-'));
  const library = join(dir, 'fake-kvm.so');
  const source = new URL('./test-fake-kvm.c', import.meta.url).pathname;
  const result = spawnSync('cc', ['-std=gnu11', '-O1', '-Wall', '-Werror', '-shared', '-fPIC', '-o', library, source], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cannot build the fake KVM:\n${result.stderr}`);
  return { library, dir };
}

const fake = buildFake();
if ('skip' in fake) console.log(`backend-kvm: skipping the fake-KVM tests: ${fake.skip}`);
// libc.ts reads TINYVM_KVM_LIBC when first imported: set it, import, unset.
if ('library' in fake) process.env.TINYVM_KVM_LIBC = fake.library;
const kvm = await import('./index.js');
delete process.env.TINYVM_KVM_LIBC;

afterAll(() => {
  if ('dir' in fake) rmSync(fake.dir, { recursive: true, force: true });
});

describe.skipIf('skip' in fake)('KVM backend on a fake KVM', () => {
  guestSuite(() => kvm.createKvmBackend({ devicePath: FAKE_DEVICE }));

  it('reports the fake device as available', () => {
    expect(kvm.kvmAvailability(FAKE_DEVICE)).toEqual({ available: true });
  });

  it('refuses a KVM without immediate_exit or with another API version, and closes it', () => {
    // Only the fake's fds (memfd:fake-kvm): other tests' worker threads open and close their own.
    const fds = (): number => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).includes('fake-kvm');
      } catch {
        return false;
      }
    }).length;
    const before = fds();
    expect(kvm.kvmAvailability(`${FAKE_DEVICE}-old`)).toEqual({
      available: false, reason: `${FAKE_DEVICE}-old: this kernel's KVM lacks KVM_CAP_IMMEDIATE_EXIT`,
    });
    expect(() => kvm.createKvmBackend({ devicePath: `${FAKE_DEVICE}-v11` })).toThrow(
      expect.objectContaining({ code: 'kvm-unavailable', message: `${FAKE_DEVICE}-v11 speaks KVM API version 11, not 12` }),
    );
    expect(fds()).toBe(before);
  });

  it('rejects guest RAM over the pages KVM uses for real mode', () => {
    const backend = kvm.createKvmBackend({ devicePath: FAKE_DEVICE });
    try {
      expect(() => backend.createRegion({ base: 0xfffb0000, size: 0x10000, name: 'high' })).toThrow(/overlaps the KVM/);
      expect(() => backend.createRegion({ base: 0x1001, size: 0x1000, name: 'odd' })).toThrow(/page-aligned/);
      backend.createRegion({ base: 0, size: 0x2000, name: 'low' });
      expect(() => backend.createRegion({ base: 0x1000, size: 0x1000, name: 'again' })).toThrow(/overlaps region "low"/);
    } finally {
      backend.dispose();
    }
  });

  it('starts a new vCPU at the reset vector with real-mode segment bases', () => {
    const backend = kvm.createKvmBackend({ devicePath: FAKE_DEVICE });
    try {
      const state = backend.getState();
      expect(state.eip).toBe(0xfff0);
      expect(state.cs).toMatchObject({ selector: 0xf000, base: 0xf0000 });
    } finally {
      backend.dispose();
    }
  });

  it('wraps FFFF:0010 to address 0 while A20 is closed, through its memory slots, and not once it is open again', () => {
    const backend = kvm.createKvmBackend({ devicePath: FAKE_DEVICE });
    try {
      const low = backend.createRegion({ base: 0, size: 0x10000, name: 'low' });
      const high = backend.createRegion({ base: 0x100000, size: 0x20000, name: 'high' });
      // mov ax, 0FFFFh; mov ds, ax; mov cx, [0010h]; mov [0020h], cx; hlt
      low.bytes.set([0xb8, 0xff, 0xff, 0x8e, 0xd8, 0x8b, 0x0e, 0x10, 0x00, 0x89, 0x0e, 0x20, 0x00, 0xf4], 0x7c00);
      const words = (bytes: Uint8Array, offset: number): number => bytes[offset] | bytes[offset + 1] << 8;
      const run = (): number => {
        backend.setState(realModeState({ cs: 0, ip: 0x7c00 }));
        expect(backend.run({ deadline: performance.now() + 5000 }).kind).toBe('hlt');
        return backend.getState().ecx & 0xffff;
      };
      low.bytes.set([0x34, 0x12], 0);
      high.bytes.set([0xcd, 0xab], 0);

      expect(run()).toBe(0xabcd); // open: FFFF:0010 is 100000h
      expect(words(high.bytes, 0x10)).toBe(0xabcd); // and FFFF:0020 is 100010h

      backend.setA20(false);
      expect(run()).toBe(0x1234); // closed: FFFF:0010 is 000000h
      expect(words(low.bytes, 0x10)).toBe(0x1234); // the write lands at 000010h

      backend.setA20(true);
      high.bytes.set([0x78, 0x56], 0x10);
      expect(run()).toBe(0xabcd);
      expect(words(high.bytes, 0x10)).toBe(0xabcd);
      expect(words(low.bytes, 0x10)).toBe(0x1234);
    } finally {
      backend.dispose();
    }
  });

  it('lets the machine step over an instruction KVM could not emulate, through getState/setState', () => {
    // DAA then HLT: the fake, like KVM's emulator in some modes, stops with an emulation error on DAA.
    const machine = new Machine({
      backend: kvm.createKvmBackend({ devicePath: FAKE_DEVICE }),
      onInternalError: (exit, m) => {
        if (exit.suberror !== 1) return false;
        // Stands in for the interpreter executing the one instruction: DAA of AL = 0x0F gives 0x15.
        const state = m.backend.getState();
        expect(exit.data).toEqual([state.cs.base + state.eip, 0x27]);
        m.backend.setState({ ...state, eax: 0x15, eip: state.eip + 1 });
        return true;
      },
    });
    try {
      machine.addRam({ base: 0, size: 0x10000, name: 'ram' });
      machine.memory.write(0x1000, Uint8Array.from([0x27, 0xf4]));
      machine.backend.setState(realModeState({ cs: 0, ip: 0x1000, registers: { eax: 0x0f } }));
      const result = machine.run({ timeoutMs: 5000 });
      expect(result.stop).toBe('hlt');
      expect(result.exits.byKind).toEqual({ 'internal-error': 1, hlt: 1 });
      expect(machine.backend.getState()).toMatchObject({ eax: 0x15, eip: 0x1002 });
    } finally {
      machine.dispose();
    }
  });
});
