// Scripted runs end to end: the built `tinyvm` in a child process with
// --type, --until-screen, --until-serial, --trace and --stats, checked the way
// a CI script would (exit status, stdout, the JSON, the trace file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_STATUS } from './errors.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'dist', 'bin.js');
const guest = (name: string) => join(packageDir, 'test-guests', `${name}.bin`);
// Without --load/--entry an image boots through the BIOS. echo-keys (polls the 8042 itself, which the BIOS's
// IRQ 1 handler would race) and cursor (ends in HLT with interrupts on) are flat guests: --load 0x7c00.
const hello = join(packageDir, '..', '..', 'examples', 'hello', 'hello.bin');
const scratch = mkdtempSync(join(tmpdir(), 'tinyvm-scripted-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function tinyvm(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'run', ...args, '--backend', 'interp'], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripted runs', () => {
  it('--type reaches the guest keyboard as scan codes: text, Enter, F1, arrows, and Escape halts it', () => {
    const r = tinyvm(guest('echo-keys'), '--load', '0x7c00', '--type', 'Hi there{Enter}{F1}{Left}x{Esc}', '--json');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    const outcome = JSON.parse(r.stdout);
    expect(outcome.stop).toBe('hlt');
    expect(outcome.screen[2]).toBe('Hi there');
    // F1 = make 3Bh; Left = E0 4B (its break's E0 prefix shows as well); then x.
    expect(outcome.screen[3]).toBe('[3b][e0][4b][e0]x');
  });

  it('--until-screen stops a guest that never halts as soon as the screen matches: status 0, stop screen-match', () => {
    const r = tinyvm(guest('serial-hello'), '--until-screen', '^ready$', '--timeout', '20000', '--json');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    const outcome = JSON.parse(r.stdout);
    expect(outcome.stop).toBe('screen-match');
    expect(outcome.screen[0]).toBe('ready');
    expect(outcome.guestMs).toBeLessThan(20_000);
    expect(r.stderr).toBe('');
  });

  it('--until-screen also holds for text typed by --type (a prompt-and-answer script)', () => {
    const r = tinyvm(guest('echo-keys'), '--load', '0x7c00', '--type', 'echo 42', '--until-screen', 'echo 42', '--screen', 'text');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    expect(r.stdout.split('\n')[2]).toBe('echo 42');
  });

  it('--until-screen that never matches ends in the timeout status with one line', () => {
    const r = tinyvm(guest('serial-hello'), '--until-screen', 'never shown', '--timeout', '300', '--screen', 'none');
    expect(r.status).toBe(EXIT_STATUS.timeout);
    expect(r.stderr.trim().split('\n')).toEqual(['tinyvm: the guest was still running after 300 ms (--timeout)']);
  });

  it('--until-serial matches what the guest sent to COM1', () => {
    const r = tinyvm(guest('serial-hello'), '--until-serial', 'serial ok\\r\\n', '--timeout', '20000', '--json');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    expect(JSON.parse(r.stdout).stop).toBe('serial-match');
  });

  it('--trace io --trace-file: one line per port access with the data written', () => {
    const file = join(scratch, 'io.trace');
    const r = tinyvm(guest('serial-hello'), '--until-serial', 'ok', '--trace', 'io', '--trace-file', file, '--screen', 'none');
    expect(r.status, r.stderr).toBe(EXIT_STATUS.ok);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const outs = lines.filter((l) => / io out port 0x03f8 /.test(l));
    // The guest sends "booted: serial ok" one byte per OUT: the trace shows them in order.
    const sent = outs.map((l) => String.fromCharCode(Number(/data (0x[0-9a-f]+)/.exec(l)![1]))).join('');
    expect(sent.startsWith('booted: serial ok')).toBe(true);
    expect(lines.every((l) => /^\d+ \d+\.\d{3}ms io (in|out) port 0x[0-9a-f]{4} size [124]/.test(l))).toBe(true);
    // Every IN is a poll of the line status register, and the trace shows what it answered:
    // 60h = transmitter holding register and transmitter empty (16550 LSR bits 5 and 6).
    const ins = lines.filter((l) => / io in /.test(l));
    expect(ins.length).toBeGreaterThan(0);
    expect(ins.every((l) => / port 0x03fd size 1 data 0x60$/.test(l))).toBe(true);
    // The lines are numbered 1, 2, 3, ...
    expect(lines.map((l) => Number(l.split(' ')[0]))).toEqual(lines.map((_, i) => i + 1));
  });

  it('--trace exits (to stderr) includes the final HLT and the MMIO writes of a trapped VGA buffer', () => {
    const r = tinyvm(hello, '--load', '0', '--vga-trap', '--trace', 'exits', '--screen', 'none');
    expect(r.status).toBe(EXIT_STATUS.ok);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/ hlt$/);
    // The first write clears cell 0 to a space: character byte 20h at B8000h.
    expect(lines[0]).toMatch(/^1 [\d.]+ms mmio write 0x000b8000 size 1 data 0x20$/);
    expect(lines.filter((l) => / mmio write /.test(l)).length).toBe(lines.length - 1);
  });

  it('--trace int: the timer interrupts a PC guest waits for in HLT (IRQ 0 = vector 08h, 18.2 per second)', () => {
    const r = tinyvm(guest('mode13-bars'), '--timeout', '2000', '--trace', 'int', '--screen', 'none');
    expect(r.status).toBe(EXIT_STATUS.timeout);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('tinyvm: the guest was still running after 2000 ms (--timeout)');
    const ints = lines.slice(0, -1);
    // About 36 in 2 s; a loaded host folds ticks it was late for into one (the PIT coalesces
    // edges), so only "several, and never more than the wall clock allows" holds everywhere.
    expect(ints.length).toBeGreaterThanOrEqual(2);
    expect(ints.length).toBeLessThanOrEqual(Math.ceil(2000 / 54.9) + 2);
    expect(ints.every((l) => /^\d+ [\d.]+ms int 0x08 \(IRQ 0\)$/.test(l))).toBe(true);
  });

  it('a guest left in mode 13h: the printed screen is the picture (shades without colour, half blocks with)', () => {
    const text = tinyvm(guest('mode13-bars'), '--bios', '--timeout', '800', '--screen', 'text');
    const rows = text.stdout.trimEnd().split('\n');
    // 320×200 in 80×25 cells; black bar first (blank), white bar last (@); the red bottom half is dark (.).
    expect(rows).toHaveLength(25);
    expect(rows[0]).toMatch(/^ {5}.*@{5}$/);
    expect(rows[24]).toBe('.'.repeat(80));
    const ansi = tinyvm(guest('mode13-bars'), '--bios', '--timeout', '800', '--screen', 'ansi');
    expect(ansi.stdout.split('\n')[24]).toBe(`\x1b[38;2;170;0;0;48;2;170;0;0m${'▀'.repeat(80)}\x1b[0m`);
  });

  it('--trace-file in a folder that does not exist: one line, the usage status, the guest never run', () => {
    const file = join(scratch, 'missing', 'x.trace');
    const r = tinyvm(hello, '--load', '0', '--trace', 'io', '--trace-file', file, '--json');
    expect(r.status).toBe(EXIT_STATUS.usage);
    expect(r.stderr.trim().split('\n')).toEqual([`tinyvm: --trace-file: cannot write "${file}": its folder does not exist`]);
    expect(JSON.parse(r.stdout)).toMatchObject({ stop: 'error', backend: null, error: { code: 'usage' } });
  });

  it('--stats: a histogram of exits by kind and by port, and the guest/VMM split', () => {
    const r = tinyvm(guest('port-loop'), '--max-exits', '50', '--stats', '--screen', 'none');
    expect(r.status).toBe(EXIT_STATUS.exitBudget);
    expect(r.stderr).toMatch(/stats: exits by kind:\ntinyvm: stats: {3}io {2}50 {2}#+/);
    expect(r.stderr).toMatch(/stats: port I\/O exits by port:\ntinyvm: stats: {3}out 0x0080 {2}50 {2}#{30}/);
    expect(r.stderr).toMatch(/stats: guest [\d.]+% \/ VMM [\d.]+% of the run/);
  });
});
