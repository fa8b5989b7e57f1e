// The boot disk shell through @tinyvm/pc on the interpreter: commands typed into
// the keyboard, the screen, COM1 and the mode 13h framebuffer checked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createPc, type Pc } from '@tinyvm/pc';

const here = dirname(fileURLToPath(import.meta.url));
const image = readFileSync(join(here, 'disk.img'));

function rows(pc: Pc): string[] {
  const text = pc.vga.text({ trimEnd: true });
  while (text.length > 0 && text[text.length - 1] === '') text.pop();
  return text;
}

/** Types a command and runs until the shell prompts again; the rows from the command's prompt on. */
function command(pc: Pc, line: string): string[] {
  const promptRow = rows(pc).length - 1;
  pc.keyboard.type(`${line}\n`);
  pc.run({ timeoutMs: 5000, until: () => rows(pc).length > promptRow + 1 && rows(pc).at(-1) === '$' });
  return rows(pc).slice(promptRow);
}

describe('examples/boot-disk', () => {
  it('is disk.asm assembled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyvm-boot-disk-'));
    try {
      execFileSync('nasm', ['-f', 'bin', '-o', join(dir, 'disk.img'), join(here, 'disk.asm')]);
      expect(Buffer.compare(readFileSync(join(dir, 'disk.img')), image)).toBe(0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') console.log('skipping the rebuild check: nasm is not installed');
      else throw error;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('loads its shell with INT 13h and runs help, mem, time, serial and an unknown command', () => {
    const serial: number[] = [];
    const pc = createPc({ backend: createInterpBackend(), disk: new Uint8Array(image), serial: { write: (b) => serial.push(...b) } });
    try {
      pc.boot();
      pc.run({ timeoutMs: 5000, until: () => rows(pc).at(-1) === '$' });
      expect(rows(pc)).toEqual(['tinyvm boot disk shell (type help)', '$']);
      expect(command(pc, 'help')).toEqual(['$ help', 'commands: time mem draw serial help', '$']);
      expect(command(pc, 'mem')).toEqual(['$ mem', 'base 639 KiB, extended 15360 KiB', '$']);
      const time = command(pc, 'time');
      expect(time[1]).toMatch(/^RTC \d\d:\d\d:\d\d, ticks 0x[0-9A-F]{8}$/);
      // The tick count is the time of day in 1/18.2 s units (the BIOS starts it from the RTC).
      const [, h, m, s, ticks] = /^RTC (\d\d):(\d\d):(\d\d), ticks 0x([0-9A-F]{8})$/.exec(time[1])!;
      const seconds = Number(h) * 3600 + Number(m) * 60 + Number(s);
      expect(Math.abs(parseInt(ticks, 16) / 18.2065 - seconds)).toBeLessThan(3);
      expect(command(pc, 'serial')).toEqual(['$ serial', 'sent to COM1', '$']);
      expect(Buffer.from(serial).toString()).toBe('hello, serial\r\n');
      expect(command(pc, 'frobnicate')).toEqual(['$ frobnicate', 'unknown command', '$']);
    } finally {
      pc.dispose();
    }
  });

  it('draws colour bars in mode 13h, then returns to text mode', () => {
    const pc = createPc({ backend: createInterpBackend(), disk: new Uint8Array(image) });
    try {
      pc.boot();
      pc.run({ timeoutMs: 5000, until: () => rows(pc).at(-1) === '$' });
      pc.keyboard.type('draw\n');
      // Until the bars are drawn (the last pixel is written last), while it waits a second.
      pc.run({ timeoutMs: 5000, until: () => pc.videoMode === 0x13 && pc.pixel(319, 199) !== 0 });
      for (let bar = 0; bar < 16; bar++) {
        expect(pc.pixel(bar * 20, 0)).toBe(32 + bar);
        expect(pc.pixel(bar * 20 + 19, 199)).toBe(32 + bar);
      }
      pc.run({ timeoutMs: 5000, until: () => rows(pc).at(-1) === '$' });
      expect(pc.videoMode).toBe(0x03);
      expect(rows(pc)).toEqual(['drew 16 colour bars', '$']);
    } finally {
      pc.dispose();
    }
  });
});
