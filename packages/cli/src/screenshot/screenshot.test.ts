// Screenshots as a person checks them: open the PNG and look at pixels.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphicsFrame, TextFrame } from '../screen/frame.js';
import { encodePng } from './png.js';
import { rasterize } from './rasterize.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(packageDir, 'dist', 'bin.js');
const hello = join(packageDir, '..', '..', 'examples', 'hello', 'hello.bin');
const scratch = mkdtempSync(join(tmpdir(), 'tinyvm-screenshot-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const GREEN = [0x00, 0xaa, 0x00, 0xff];
const BLACK = [0x00, 0x00, 0x00, 0xff];

function pixel(png: pngjs.PNG, x: number, y: number): number[] {
  const at = (y * png.width + x) * 4;
  return [...png.data.subarray(at, at + 4)];
}

function textFrame(text: string, attribute: number): TextFrame {
  const cells = new Uint8Array(80 * 25 * 2);
  for (let i = 0; i < 80 * 25; i++) cells[i * 2 + 1] = attribute;
  for (let i = 0; i < text.length; i++) cells[i * 2] = text.charCodeAt(i);
  return { kind: 'text', columns: 80, rows: 25, cells, cursor: { row: 0, col: 0, visible: false } };
}

describe('--screenshot', () => {
  it('hello: a 720×400 PNG, the H drawn in green on black', () => {
    const file = join(scratch, 'hello.png');
    const r = spawnSync(process.execPath, [bin, 'run', hello, '--load', '0', '--backend', 'interp', '--screen', 'none', '--screenshot', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const png = pngjs.PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([720, 400]);
    // The VGA 'H': two vertical strokes, dots 0-1 and 5-6, on scan lines 2-11; the middle bar on line 6.
    expect(pixel(png, 0, 5)).toEqual(GREEN);
    expect(pixel(png, 6, 10)).toEqual(GREEN);
    expect(pixel(png, 3, 6)).toEqual(GREEN);
    // Between the strokes, above the bar; the 9th dot of the cell; the bottom-right corner (blank cells).
    expect(pixel(png, 3, 4)).toEqual(BLACK);
    expect(pixel(png, 8, 5)).toEqual(BLACK);
    expect(pixel(png, 719, 399)).toEqual(BLACK);
    // Second cell ('e') starts at x = 9: its dots are green somewhere, never in column 17 (the 9th dot).
    const eDots = Array.from({ length: 16 }, (_, y) => Array.from({ length: 8 }, (_, x) => pixel(png, 9 + x, y))).flat();
    expect(eDots.some((p) => p[1] === 0xaa)).toBe(true);
    expect(Array.from({ length: 16 }, (_, y) => pixel(png, 17, y)).every((p) => p[1] === 0)).toBe(true);
  });

  it('mode 13h through the BIOS: a 320×200 PNG of the framebuffer in the palette\'s colours', () => {
    const file = join(scratch, 'bars.png');
    const bars = join(packageDir, 'test-guests', 'mode13-bars.bin');
    // The guest spins after drawing: the run ends at --timeout (status 6), and the screenshot is still taken.
    const r = spawnSync(process.execPath, [bin, 'run', bars, '--bios', '--backend', 'interp', '--screen', 'none', '--timeout', '1500', '--screenshot', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(6);
    const png = pngjs.PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([320, 200]);
    // Bars 20 pixels wide of the default palette's entries 0-15 on top; entry 4 (red) below row 100.
    expect(pixel(png, 10, 10)).toEqual(BLACK);
    expect(pixel(png, 30, 10)).toEqual([0x00, 0x00, 0xaa, 0xff]);
    expect(pixel(png, 50, 99)).toEqual(GREEN);
    expect(pixel(png, 315, 0)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(pixel(png, 30, 100)).toEqual([0xaa, 0x00, 0x00, 0xff]);
  });

  it('a folder that does not exist: one line, the usage status', () => {
    const r = spawnSync(process.execPath, [bin, 'run', hello, '--load', '0', '--backend', 'interp', '--screen', 'none', '--screenshot', join(scratch, 'no', 'such', 'x.png')], { encoding: 'utf8' });
    expect(r.stderr.trim().split('\n')).toEqual([`tinyvm: cannot write the screenshot "${join(scratch, 'no', 'such', 'x.png')}": its folder does not exist`]);
    expect(r.status).toBe(2);
  });
});

describe('rasterize', () => {
  it('line-graphics characters (C0h-DFh) repeat their 8th dot into the 9th; others leave it background', () => {
    // ─ (C4h) is a full-width horizontal line; '-' (2Dh) is narrower and leaves dot 9 blank.
    const image = rasterize(textFrame('\xc4-', 0x0f));
    const png = pngjs.PNG.sync.read(encodePng(image));
    const lineRow = Array.from({ length: 16 }, (_, y) => y).find((y) => pixel(png, 0, y)[0] === 0xff)!;
    expect(lineRow).toBeDefined();
    expect(pixel(png, 8, lineRow)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(Array.from({ length: 16 }, (_, y) => pixel(png, 9 + 8, y)).every((p) => p[0] === 0)).toBe(true);
  });

  it('draws the cursor as scan lines 13-14 of its cell in the foreground colour', () => {
    const frame = { ...textFrame('', 0x0e), cursor: { row: 1, col: 2, visible: true } };
    const png = pngjs.PNG.sync.read(encodePng(rasterize(frame)));
    expect(pixel(png, 2 * 9 + 4, 16 + 13)).toEqual([0xff, 0xff, 0x55, 0xff]);
    expect(pixel(png, 2 * 9 + 4, 16 + 12)).toEqual(BLACK);
  });

  it('a block cursor when the CRTC says so (cursor start 0, end 15)', () => {
    const frame = { ...textFrame('', 0x0e), cursor: { row: 0, col: 0, visible: true }, cursorLines: { start: 0, end: 15 } };
    const png = pngjs.PNG.sync.read(encodePng(rasterize(frame)));
    expect(pixel(png, 4, 0)).toEqual([0xff, 0xff, 0x55, 0xff]);
    expect(pixel(png, 4, 15)).toEqual([0xff, 0xff, 0x55, 0xff]);
    expect(pixel(png, 4, 16)).toEqual(BLACK);
  });

  it('mode 13h: 320×200 through the palette', () => {
    const pixels = new Uint8Array(320 * 200);
    pixels[199 * 320 + 319] = 4;
    const palette = new Uint8Array(768);
    palette.set([10, 20, 30], 12);
    const frame: GraphicsFrame = { kind: 'graphics', width: 320, height: 200, pixels, palette };
    const png = pngjs.PNG.sync.read(encodePng(rasterize(frame)));
    expect([png.width, png.height]).toEqual([320, 200]);
    expect(pixel(png, 319, 199)).toEqual([10, 20, 30, 0xff]);
    expect(pixel(png, 0, 0)).toEqual(BLACK);
  });
});
