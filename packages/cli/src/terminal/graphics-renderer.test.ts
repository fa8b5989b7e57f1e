import { describe, expect, it } from 'vitest';
import type { GraphicsFrame } from '../screen/frame.js';
import { halfBlockLayout, HalfBlockRenderer } from './graphics-renderer.js';
import { TerminalModel } from './test-terminal-model.js';

/** 320×200: left half colour 1 (red), right half colour 2 (blue), top row of the right half colour 3 (white). */
function frame(): GraphicsFrame {
  const pixels = new Uint8Array(320 * 200);
  for (let y = 0; y < 200; y++) for (let x = 0; x < 320; x++) pixels[y * 320 + x] = x < 160 ? 1 : 2;
  const palette = new Uint8Array(256 * 3);
  palette.set([255, 0, 0], 3);
  palette.set([0, 0, 255], 6);
  palette.set([255, 255, 255], 9);
  return { kind: 'graphics', width: 320, height: 200, pixels, palette };
}

describe('halfBlockLayout', () => {
  it('keeps the aspect ratio (two pixels per cell vertically) inside the terminal', () => {
    expect(halfBlockLayout(320, 200, { columns: 80, rows: 24 })).toEqual({ columns: 76, rows: 24 });
    expect(halfBlockLayout(320, 200, { columns: 160, rows: 100 })).toEqual({ columns: 160, rows: 50 });
    expect(halfBlockLayout(320, 200, { columns: 320, rows: 100 })).toEqual({ columns: 320, rows: 100 });
  });
});

describe('HalfBlockRenderer', () => {
  it('draws ▀ with the upper pixel as foreground and the lower as background, in 24-bit colour', () => {
    const terminal = new TerminalModel(80, 24);
    terminal.write(new HalfBlockRenderer('truecolor', { columns: 80, rows: 24 }).render(frame()));
    expect(terminal.grid[5][0]).toEqual({ ch: '▀', sgr: '38;2;255;0;0;48;2;255;0;0' });
    expect(terminal.grid[5][75]).toEqual({ ch: '▀', sgr: '38;2;0;0;255;48;2;0;0;255' });
    expect(terminal.grid[5][76].ch).toBe(' ');
  });

  it('sends only the changed cells', () => {
    const renderer = new HalfBlockRenderer('truecolor', { columns: 80, rows: 24 });
    const f = frame();
    renderer.render(f);
    expect(renderer.render(f)).toBe('');
    f.pixels.fill(3, 0, 320); // the top row turns white: only row 0 of cells changes (its upper pixel)
    const out = renderer.render(f);
    expect(out.match(/▀/g)).toHaveLength(76);
    for (const [, r] of out.matchAll(/\x1b\[(\d+);\d+H/g)) expect(r).toBe('1');
  });

  it('without colour, shades by brightness', () => {
    const terminal = new TerminalModel(80, 24);
    const f = frame();
    f.pixels.fill(0);
    f.pixels.fill(3, 0, 320 * 100); // top half white, bottom half black
    terminal.write(new HalfBlockRenderer('none', { columns: 80, rows: 24 }).render(f));
    expect(terminal.text()[0].slice(0, 76)).toBe('@'.repeat(76));
    expect(terminal.text()[23].slice(0, 76)).toBe(' '.repeat(76));
  });
});
