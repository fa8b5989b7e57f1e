// End to end: `tinyvm run --backend kvm` on backend-kvm's fake /dev/kvm (test-fake-kvm.c,
// loaded through TINYVM_KVM_LIBC), whose tiny CPU stops with an emulation error on
// DAA, AAA, BOUND and everything else it does not know. By default the interpreter
// runs those (@tinyvm/fallback); --no-fallback reports the internal error.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_STATUS } from './errors.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'dist', 'bin.js');
const fakeSource = join(packageDir, '..', 'backend-kvm', 'src', 'test-fake-kvm.c');
const scratch = mkdtempSync(join(tmpdir(), 'tinyvm-cli-fallback-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fakeLibrary = join(scratch, 'fake-kvm.so');
const built = spawnSync('cc', ['-std=gnu11', '-O1', '-shared', '-fPIC', '-o', fakeLibrary, fakeSource], { encoding: 'utf8' });
const noFake = built.error || built.status !== 0 ? `cannot build the fake KVM: ${built.error?.message ?? built.stderr.split('\n')[0]}` : undefined;
if (noFake) console.log(`cli: skipping the KVM fallback tests: ${noFake}`);

// packages/fallback/src/test-guests/bcd-bound.asm (org 0x1000): DAA, AAA, BOUND (one #BR),
// "OK" at B800:0000, OUT 0xE9, AL; HLT with BL=15h, AX=0107h, DX=0150h, CX=1, BP=1F4Bh.
const BCD_BOUND = Buffer.from(
  'c70614004410c70616000000b00f2788c3b8090004083762064e10ba500062164e1050b800b88ed858b94f1f890e0000c70602004b1f8b2e0200b5002e8a0e4d10e6e9f4ba50012efe064d10cf0000010002',
  'hex',
);
const image = join(scratch, 'bcd-bound.bin');
const bcdBoot = join(packageDir, '..', 'pc', 'src', 'test-guests', 'bcd-teletype.bin');
writeFileSync(image, BCD_BOUND);

function tinyvmOnFakeKvm(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    [bin, 'run', image, '--load', '0x1000', '--entry', '0000:1000', '--mem', '64K', '--backend', 'kvm', '--kvm-device', '/fake/kvm', ...args],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, TINYVM_KVM_LIBC: fakeLibrary } },
  );
  return { ...result, stderrLines: result.stderr.split('\n').filter((l) => l !== '') };
}

describe.skipIf(noFake)('tinyvm run --backend kvm: the interpreter fallback (fake KVM)', () => {
  it('runs a DAA/AAA/BOUND guest to HLT, the fallback count in --json', () => {
    const r = tinyvmOnFakeKvm('--json', '--vga-trap');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    const outcome = JSON.parse(r.stdout);
    expect(outcome).toMatchObject({ stop: 'hlt', backend: 'kvm', fallbackInstructions: 17 });
    expect(outcome.screen[0]).toBe('OK');
    expect(outcome.registers).toMatchObject({ eax: 0x0107, ebx: 0x15, ecx: 1, edx: 0x150, ebp: 0x1f4b });
    expect(outcome.exits.byKind['internal-error']).toBe(17);
  });

  it('prints the fallback count with --stats', () => {
    const r = tinyvmOnFakeKvm('--stats', '--screen', 'text');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    expect(r.stdout.split('\n')[0]).toBe('OK');
    expect(r.stderrLines).toContain('tinyvm: stats: interpreter fallback 17 instructions');
  });

  it('with --no-fallback, stops at the first instruction KVM cannot emulate: one line and the error status', () => {
    const r = tinyvmOnFakeKvm('--no-fallback', '--screen', 'none');
    expect(r.stderrLines).toEqual(['tinyvm: the hypervisor stopped the guest: internal error 1 (emulation failure)']);
    expect(r.status).toBe(EXIT_STATUS.unhandledExit);
    const json = JSON.parse(tinyvmOnFakeKvm('--no-fallback', '--json').stdout);
    expect(json).toMatchObject({ stop: 'error', error: { code: 'internal-error' } });
    expect(json.fallbackInstructions).toBeUndefined();
  });

  it('boots a disk through the BIOS on KVM with the fallback: DAA and AAA run in the interpreter, INT 10h prints them', () => {
    // pc/src/test-guests/bcd-teletype.asm: a boot sector (no flags: through the BIOS) printing "DAA 15 AAA 0107".
    const r = spawnSync(process.execPath, [bin, 'run', bcdBoot, '--backend', 'kvm', '--kvm-device', '/fake/kvm', '--json', '--timeout', '20000'], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, TINYVM_KVM_LIBC: fakeLibrary },
    });
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    const onKvm = JSON.parse(r.stdout);
    expect(onKvm).toMatchObject({ stop: 'hlt', backend: 'kvm' });
    expect(onKvm.screen[0]).toBe('DAA 15 AAA 0107');
    // The fake's tiny CPU knows a handful of instructions: DAA, AAA and most of the BIOS stubs' and the guest's
    // code went to the interpreter, one internal-error exit each, and the guest resumed every time.
    expect(onKvm.fallbackInstructions).toBeGreaterThan(2);
    expect(onKvm.exits.byKind['internal-error']).toBe(onKvm.fallbackInstructions);
    // The same disk on the interpreter alone ends with the same screen and registers.
    const i = spawnSync(process.execPath, [bin, 'run', bcdBoot, '--backend', 'interp', '--json', '--timeout', '20000'], { encoding: 'utf8', timeout: 30_000 });
    const onInterp = JSON.parse(i.stdout);
    expect(onInterp.screen).toEqual(onKvm.screen);
    expect(onKvm.registers).toEqual(onInterp.registers);
  });

  it('boots a disk through the BIOS on KVM with --no-fallback: stops at the first instruction KVM cannot emulate', () => {
    const r = spawnSync(process.execPath, [bin, 'run', bcdBoot, '--backend', 'kvm', '--kvm-device', '/fake/kvm', '--no-fallback', '--json', '--timeout', '20000'], {
      encoding: 'utf8', timeout: 30_000, env: { ...process.env, TINYVM_KVM_LIBC: fakeLibrary },
    });
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual(['tinyvm: the hypervisor stopped the guest: internal error 1 (emulation failure)']);
    expect(r.status).toBe(EXIT_STATUS.unhandledExit);
    const outcome = JSON.parse(r.stdout);
    expect(outcome).toMatchObject({ stop: 'error', error: { code: 'internal-error' }, registers: { eip: 0x7c00, edx: 0x80 } });
    expect(outcome.fallbackInstructions).toBeUndefined();
    expect(outcome.screen.join('')).toBe('');
  });

  it('refuses an x87 instruction KVM could not emulate: one line and the error status', () => {
    const fpu = join(scratch, 'fpu.bin');
    writeFileSync(fpu, Uint8Array.from([0xdb, 0xe3, 0xf4])); // fninit ; hlt
    const r = spawnSync(
      process.execPath,
      [bin, 'run', fpu, '--load', '0x1000', '--entry', '0000:1000', '--mem', '64K', '--backend', 'kvm', '--kvm-device', '/fake/kvm', '--screen', 'none'],
      { encoding: 'utf8', timeout: 30_000, env: { ...process.env, TINYVM_KVM_LIBC: fakeLibrary } },
    );
    expect(r.stderr.split('\n').filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^tinyvm: KVM could not emulate the x87 instruction at 0000:1000 \(db e3 f4/),
    ]);
    expect(r.status).toBe(EXIT_STATUS.unhandledExit);
  });
});
