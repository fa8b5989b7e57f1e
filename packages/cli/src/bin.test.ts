// End to end: the built `tinyvm` executable in a child process, the way a user
// runs it. Every bad input must give exactly one line on stderr starting with
// "tinyvm: ", a distinct non-zero status and no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_STATUS } from './errors.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = join(packageDir, '..', '..');
const bin = join(packageDir, 'dist', 'bin.js');
const guest = (name: string) => join(packageDir, 'test-guests', `${name}.bin`);
// Without --load/--entry an image boots through the BIOS. echo-keys (polls the 8042 itself, which the BIOS's
// IRQ 1 handler would race) and cursor (ends in HLT with interrupts on) are flat guests: --load 0x7c00.
const hello = join(repoRoot, 'examples', 'hello', 'hello.bin');

const scratch = mkdtempSync(join(tmpdir(), 'tinyvm-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tinyvm(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 30_000 });
  const stderrLines = result.stderr.split('\n').filter((l) => l !== '');
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, stderrLines };
}

/** One line, prefixed, no stack frames. */
function expectOneLine(r: ReturnType<typeof tinyvm>, status: number, message: RegExp): void {
  expect(r.stderrLines, r.stderr).toHaveLength(1);
  expect(r.stderrLines[0]).toMatch(/^tinyvm: /);
  expect(r.stderrLines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.status).toBe(status);
}

describe('tinyvm (bad input: one line, a distinct status, no stack trace)', () => {
  it('a missing image', () => {
    expectOneLine(tinyvm('run', join(scratch, 'nope.bin'), '--backend', 'interp'), EXIT_STATUS.image, /does not exist/);
  });

  it('a directory', () => {
    const d = join(scratch, 'a-directory');
    mkdirSync(d, { recursive: true });
    expectOneLine(tinyvm('run', d, '--backend', 'interp'), EXIT_STATUS.image, /is a directory/);
  });

  it('an empty file', () => {
    const f = join(scratch, 'empty.bin');
    writeFileSync(f, '');
    expectOneLine(tinyvm('run', f, '--backend', 'interp'), EXIT_STATUS.image, /is empty/);
  });

  it('an image larger than guest memory', () => {
    const f = join(scratch, 'big.bin');
    writeFileSync(f, new Uint8Array(128 * 1024));
    expectOneLine(tinyvm('run', f, '--mem', '64K', '--load', '0', '--backend', 'interp'), EXIT_STATUS.image, /larger than guest RAM/);
  });

  it('an image that does not fit at its load address (it would run into the A0000h hole)', () => {
    expectOneLine(tinyvm('run', hello, '--load', '0x9fff0', '--backend', 'interp'), EXIT_STATUS.image, /does not fit in guest RAM at 0x9fff0/);
  });

  it('a raw image given without --load is not a disk (not whole sectors), and the message points at --load', () => {
    expectOneLine(tinyvm('run', hello, '--backend', 'interp'), EXIT_STATUS.image, /not a whole number of 512-byte sectors \(a flat image needs --load ADDR\)/);
  });

  it.each([
    [['--mem', 'big'], /--mem/],
    [['--mem', '100'], /--mem/],
    [['--load', 'x12'], /--load/],
    [['--entry', '0:0:0'], /--entry/],
    [['--timeout', '-1'], /--timeout/],
    [['--timeout', 'soon'], /--timeout/],
    [['--max-exits', 'many'], /--max-exits/],
    [['--backend', 'bochs'], /--backend: "bochs" is not one of kvm, interp, auto/],
    [['--screen', 'pdf'], /--screen/],
    [['--no-such-flag'], /--no-such-flag/],
  ])('a malformed flag: %j', (flags, message) => {
    expectOneLine(tinyvm('run', hello, ...flags), EXIT_STATUS.usage, message);
  });

  it('no command, or an unknown one', () => {
    expectOneLine(tinyvm('boot', hello), EXIT_STATUS.usage, /unknown command "boot"/);
    expectOneLine(tinyvm('run'), EXIT_STATUS.usage, /no image given/);
  });

  it('KVM asked for but the device does not exist', () => {
    expectOneLine(tinyvm('run', hello, '--load', '0', '--backend', 'kvm', '--kvm-device', '/nonexistent'), EXIT_STATUS.backend, /^tinyvm: cannot use KVM: \/nonexistent does not exist$/);
  });

  it('KVM asked for but the device is not KVM (/dev/null)', () => {
    expectOneLine(tinyvm('run', hello, '--load', '0', '--backend', 'kvm', '--kvm-device', '/dev/null'), EXIT_STATUS.backend, /^tinyvm: cannot use KVM: \/dev\/null is not a KVM device/);
  });

  it('a guest that triple-faults', () => {
    const r = tinyvm('run', guest('triple-fault'), '--backend', 'interp', '--screen', 'none');
    expectOneLine(r, EXIT_STATUS.shutdown, /triple fault/);
  });

  it('a guest that runs past --timeout', () => {
    const r = tinyvm('run', guest('spin'), '--backend', 'interp', '--timeout', '200', '--screen', 'none');
    expectOneLine(r, EXIT_STATUS.timeout, /still running after 200 ms/);
  });

  it('an exit the VMM does not handle (the interpreter stops a guest entering protected mode)', () => {
    const r = tinyvm('run', guest('protected-mode'), '--backend', 'interp', '--json');
    expectOneLine(r, EXIT_STATUS.unhandledExit, /protected mode/);
    expect(JSON.parse(r.stdout)).toMatchObject({ stop: 'error', error: { code: 'internal-error' } });
  });

  it('a guest that runs past --max-exits', () => {
    // Each OUT to port 80h is one port-I/O exit.
    const r = tinyvm('run', guest('port-loop'), '--backend', 'interp', '--max-exits', '10', '--json');
    expectOneLine(r, EXIT_STATUS.exitBudget, /reached 10 exits/);
    expect(JSON.parse(r.stdout)).toMatchObject({ stop: 'exit-budget', exits: { total: 10, byKind: { io: 10 } } });
  });

  it('--debug adds the stack trace', () => {
    const r = tinyvm('run', join(scratch, 'nope.bin'), '--debug');
    expect(r.status).toBe(EXIT_STATUS.image);
    expect(r.stderr).toMatch(/^\s+at /m);
  });
});

describe('tinyvm (normal use)', () => {
  it('--help, run --help and --version', () => {
    const main = tinyvm('--help');
    expect(main.status).toBe(0);
    expect(main.stdout).toContain('tinyvm run --help');
    const run = tinyvm('run', '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Exit status:');
    const version = tinyvm('--version');
    expect(version.stdout).toMatch(/^tinyvm \d+\.\d+\.\d+/);
  });

  it('auto falls back to the interpreter and says why, on one line', () => {
    const r = tinyvm('run', hello, '--load', '0', '--kvm-device', join(scratch, 'no-kvm-here'), '--screen', 'text');
    expect(r.status).toBe(0);
    expect(r.stderrLines).toHaveLength(1);
    expect(r.stderrLines[0]).toMatch(/^tinyvm: .*no-kvm-here.*; using the interpreter$/);
    expect(r.stdout.split('\n')[0]).toBe('Hello from tinyvm!');
  });

  it('--stats reports exits, times and instructions on stderr', () => {
    const r = tinyvm('run', hello, '--load', '0', '--backend', 'interp', '--stats', '--screen', 'none');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/exits 1 \(hlt 1\)/);
    expect(r.stderr).toMatch(/time in guest [\d.]+ ms, in the VMM [\d.]+ ms/);
    expect(r.stderr).toMatch(/instructions [1-9]\d*/);
  });

  it('reports where the guest put the hardware cursor (CRTC CR0E/CR0F)', () => {
    const r = tinyvm('run', guest('cursor'), '--load', '0x7c00', '--backend', 'interp', '--json');
    expect(r.status).toBe(0);
    const outcome = JSON.parse(r.stdout);
    // cursor.asm writes "ok" at row 3, column 5 and puts the cursor right after it.
    expect(outcome.screen[3]).toBe(`${' '.repeat(5)}ok`);
    expect(outcome.cursor).toEqual({ row: 3, col: 7, visible: true });
    expect(outcome.exits.byKind).toEqual({ io: 2, hlt: 1 });
  });

  it('--screen ansi draws the page in colour (green on black for hello)', () => {
    const r = tinyvm('run', hello, '--load', '0', '--backend', 'interp', '--screen', 'ansi');
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(25);
    expect(rows[0].startsWith('\x1b[0;32;40mHello from tinyvm!')).toBe(true);
  });
});
