import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from './args.js';
import { EXIT_STATUS, UsageError } from './errors.js';
import { bootsThroughBios } from './pc.js';
import { runGuest } from './run.js';

// Guests of the PC platform's own tests (@tinyvm/pc).
const guest = (name: string) => fileURLToPath(new URL(`../../pc/src/test-guests/${name}.bin`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tinyvm-pc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string[] }> {
  const command = parseCommandLine(['run', ...argv, '--backend', 'interp', '--display', 'off']);
  if (command.kind !== 'run') throw new Error('not a run');
  const captured = { status: -1, stdout: '', stderr: [] as string[] };
  captured.status = await runGuest(command.options, {
    stdout: (text) => { captured.stdout += text; },
    stderrLine: (line) => captured.stderr.push(line),
  });
  return captured;
}

describe('tinyvm run disk.img (through the BIOS)', () => {
  it('boots a multi-sector disk, types a key into INT 16h and prints the final screen', async () => {
    const result = await run(guest('boot-loader'), '--type', 'q', '--timeout', '20000');
    expect(result.stderr).toEqual([]);
    expect(result.status).toBe(EXIT_STATUS.ok);
    const rows = result.stdout.split('\n');
    expect(rows.slice(0, 3)).toEqual(['Stage 1 loaded', 'Stage 2 running from sector 2', 'Press a key: q']);
    expect(rows[3]).toMatch(/^Timer ticks OK, RTC time \d\d:\d\d$/);
  });

  it('boots a single sector with --bios, sending port E9h and COM1 to files (--debugcon, --serial)', async () => {
    const e9 = join(dir, 'e9.txt');
    const com1 = join(dir, 'com1.txt');
    const result = await run(guest('outputs'), '--bios', '--debugcon', e9, '--serial', com1, '--timeout', '20000', '--screen', 'none');
    expect(result.stderr).toEqual([]);
    expect(result.status).toBe(EXIT_STATUS.ok);
    expect(readFileSync(e9, 'latin1')).toBe('e9 says hi\n');
    expect(readFileSync(com1, 'latin1')).toBe('com1 says hi\r\n');
    // --until-serial sees COM1 too.
    const until = await run(guest('outputs'), '--bios', '--until-serial', 'says hi', '--timeout', '20000', '--screen', 'none');
    expect(until.status).toBe(EXIT_STATUS.ok);
  });

  it('reports a disk without a boot signature as an image error naming the file', async () => {
    const blank = join(dir, 'blank.img');
    writeFileSync(blank, new Uint8Array(1024));
    const result = await run(blank);
    expect(result.status).toBe(EXIT_STATUS.image);
    expect(result.stderr).toEqual([`tinyvm: image "${blank}": Boot failed: drive 80h has no boot signature (55 AA at the end of sector 0)`]);
  });

  it('reports an image that is not whole sectors given to --hd', async () => {
    const odd = join(dir, 'odd.img');
    writeFileSync(odd, new Uint8Array(700));
    const result = await run(odd, '--hd');
    expect(result.status).toBe(EXIT_STATUS.image);
    expect(result.stderr[0]).toMatch(/700 bytes, not a whole number of 512-byte sectors/);
  });

  it('boots a plain 512-byte boot game through the BIOS without any flag (INT 10h teletype, INT 16h keys)', async () => {
    const result = await run(guest('boot-game'), '--type', 'abx', '--timeout', '20000', '--json');
    expect(result.stderr).toEqual([]);
    expect(result.status).toBe(EXIT_STATUS.ok);
    const outcome = JSON.parse(result.stdout);
    expect(outcome.stop).toBe('hlt');
    expect(outcome.screen.slice(0, 2)).toEqual(['Guess the letter: abx', 'Got it in 3']);
    // The BIOS booted it as hard disk 80h (512 bytes is no floppy size): DL is still 80h.
    expect(outcome.registers.edx & 0xff).toBe(0x80);
  });

  it('runs an image flat, without the BIOS, only with --load/--entry (an INT 10h then finds an empty IVT)', async () => {
    // Flat, the game's first INT 10h jumps through a zeroed IVT to 0000:0000 and runs zeros (ADD [BX+SI],AL)
    // into its own code: nothing is printed, and no port is touched (no BIOS trap at port E5h).
    const flat = await run(guest('boot-game'), '--load', '0x7c00', '--type', 'abx', '--timeout', '2000', '--json');
    const outcome = JSON.parse(flat.stdout);
    expect(outcome.screen.join('')).toBe('');
    expect(outcome.exits.byKind.io).toBeUndefined();
    expect(bootsThroughBios({})).toBe(true);
    expect(bootsThroughBios({ load: 0 })).toBe(false);
    expect(bootsThroughBios({ entry: { cs: 0, ip: 0 } })).toBe(false);
  });

  it('shows a 40-column text mode (INT 10h AH=00h AL=01h) as 40 columns, in --json and printed', async () => {
    const json = await run(guest('text40'), '--timeout', '20000', '--json');
    expect(json.status).toBe(EXIT_STATUS.ok);
    const outcome = JSON.parse(json.stdout);
    expect(outcome.screen).toHaveLength(25);
    expect(outcome.screen[0]).toBe('ABCDE');
    expect(outcome.screen[23]).toBe('bottom');
    expect(outcome.cursor).toEqual({ row: 24, col: 0, visible: true });
    const printed = await run(guest('text40'), '--timeout', '20000', '--screen', 'text');
    const rows = printed.stdout.split('\n');
    expect(rows[0]).toBe('ABCDE');
    expect(rows[23]).toBe('bottom');
  });

  it('a boot sector ending in HLT with interrupts on keeps running, as on a PC (the timer wakes it); flat, it stops', async () => {
    // cursor.asm ends in a bare HLT; the BIOS hands over with IF=1.
    const cursor = fileURLToPath(new URL('../test-guests/cursor.bin', import.meta.url));
    const viaBios = await run(cursor, '--timeout', '500', '--screen', 'none');
    expect(viaBios.status).toBe(EXIT_STATUS.timeout);
    const flat = await run(cursor, '--load', '0x7c00', '--timeout', '20000', '--screen', 'none');
    expect(flat.status).toBe(EXIT_STATUS.ok);
  });

  it('refuses --bios/--floppy/--hd together with --load/--entry', () => {
    expect(() => parseCommandLine(['run', 'x.img', '--bios', '--load', '0'])).toThrow(/--bios boots a disk through the BIOS; --load\/--entry run a flat image/);
    expect(() => parseCommandLine(['run', 'x.img', '--floppy', '--entry', '0000:7c00'])).toThrow(/--floppy boots a disk/);
  });

  it('reports an image that is not whole sectors as an image error pointing at --load', async () => {
    const raw = join(dir, 'raw.bin');
    writeFileSync(raw, new Uint8Array(100));
    const result = await run(raw);
    expect(result.status).toBe(EXIT_STATUS.image);
    expect(result.stderr).toEqual([`tinyvm: image "${raw}": the disk image is 100 bytes, not a whole number of 512-byte sectors (a flat image needs --load ADDR)`]);
  });

  it('parses the PC flags', () => {
    const parse = (...argv: string[]) => {
      const c = parseCommandLine(['run', 'disk.img', ...argv]);
      return c.kind === 'run' ? c.options.pc : undefined;
    };
    expect(parse()).toBeUndefined();
    expect(parse('--floppy', '--serial', 'stdout', '--debugcon', 'e9.log')).toEqual({
      diskKind: 'floppy', serial: { kind: 'stdout' }, debugcon: { kind: 'file', path: 'e9.log' },
    });
    expect(() => parse('--floppy', '--hd')).toThrow(UsageError);
    expect(() => parse('--mem', '64K')).toThrow('--mem: 64K is too little for a disk booted through the BIOS (at least 1M; a flat image with --load can have less)');
    expect(() => parseCommandLine(['run', 'x.bin', '--mem', '64K', '--load', '0'])).not.toThrow();
    expect(() => parse('--serial', '')).toThrow('--serial: the path is empty');
  });
});
