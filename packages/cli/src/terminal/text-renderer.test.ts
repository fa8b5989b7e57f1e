import { describe, expect, it } from 'vitest';
import type { TextFrame } from '../screen/frame.js';
import { TerminalModel } from './test-terminal-model.js';
import { TextRenderer } from './text-renderer.js';

function frame(lines: string[], attribute = 0x07, cursor = { row: 0, col: 0, visible: true }): TextFrame {
  const cells = new Uint8Array(80 * 25 * 2);
  for (let i = 0; i < 80 * 25; i++) {
    cells[i * 2] = 0x20;
    cells[i * 2 + 1] = attribute;
  }
  lines.forEach((line, row) => {
    for (let col = 0; col < line.length; col++) cells[(row * 80 + col) * 2] = line.charCodeAt(col);
  });
  return { kind: 'text', columns: 80, rows: 25, cells, cursor };
}

describe('TextRenderer', () => {
  it('draws the whole page first, then nothing while nothing changes', () => {
    const terminal = new TerminalModel(80, 26);
    const renderer = new TextRenderer('ansi16', { columns: 80, rows: 26 });
    terminal.write(renderer.render(frame(['Hello', '', 'world'])));
    expect(terminal.text().slice(0, 3).map((l) => l.trimEnd())).toEqual(['Hello', '', 'world']);
    expect(renderer.render(frame(['Hello', '', 'world']))).toBe('');
  });

  it('sends only the cells that changed, and the screen ends up equal to the new frame', () => {
    const terminal = new TerminalModel(80, 25);
    const renderer = new TextRenderer('ansi16', { columns: 80, rows: 25 });
    terminal.write(renderer.render(frame(['Hello', 'abc'])));
    const update = renderer.render(frame(['Jello', 'abc', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '         z']));
    // Two changed cells: two cursor moves and two characters, not a page.
    expect(update.match(/\x1b\[\d+;\d+H/g)).toHaveLength(3); // + the final cursor placement
    expect(update.replace(/\x1b\[[0-9;?]* ?[A-Za-z]/g, '')).toBe('Jz');
    terminal.write(update);
    expect(terminal.text()[0].trimEnd()).toBe('Jello');
    expect(terminal.text()[24].trimEnd()).toBe('         z');
  });

  it('colours: VGA attribute to SGR (green on black is 32;40; bright white on blue is 97;44), 24-bit when asked', () => {
    const terminal = new TerminalModel(80, 25);
    terminal.write(new TextRenderer('ansi16', { columns: 80, rows: 25 }).render(frame(['x'], 0x02)));
    expect(terminal.grid[0][0].sgr).toBe('32;40');
    const blue = new TerminalModel(80, 25);
    blue.write(new TextRenderer('ansi16', { columns: 80, rows: 25 }).render(frame(['x'], 0x1f)));
    expect(blue.grid[0][0].sgr).toBe('97;44');
    const truecolor = new TerminalModel(80, 25);
    truecolor.write(new TextRenderer('truecolor', { columns: 80, rows: 25 }).render(frame(['x'], 0x1f)));
    expect(truecolor.grid[0][0].sgr).toBe('38;2;255;255;255;48;2;0;0;170');
  });

  it('NO_COLOR: no colour sequences at all, the text still drawn', () => {
    const out = new TextRenderer('none', { columns: 80, rows: 25 }).render(frame(['plain'], 0x1f));
    expect(out).not.toMatch(/\x1b\[[0-9;]*m/);
    const terminal = new TerminalModel(80, 25);
    terminal.write(out);
    expect(terminal.text()[0].trimEnd()).toBe('plain');
  });

  it('the cursor shape follows the CRTC: an underline normally, a block for a cursor of half the cell or more', () => {
    const underline = new TextRenderer('ansi16', { columns: 80, rows: 25 }).render({ ...frame(['x']), cursorLines: { start: 13, end: 14 } });
    expect(underline).toContain('\x1b[4 q');
    const block = new TextRenderer('ansi16', { columns: 80, rows: 25 }).render({ ...frame(['x']), cursorLines: { start: 0, end: 15 } });
    expect(block).toContain('\x1b[2 q');
  });

  it('puts the terminal cursor on the guest cursor, hides it when the guest hides it', () => {
    const terminal = new TerminalModel(80, 25);
    const renderer = new TextRenderer('ansi16', { columns: 80, rows: 25 });
    terminal.write(renderer.render(frame(['ok'], 0x07, { row: 3, col: 7, visible: true })));
    expect([terminal.row, terminal.col, terminal.cursorVisible]).toEqual([3, 7, true]);
    terminal.write(renderer.render(frame(['ok'], 0x07, { row: 3, col: 7, visible: false })));
    expect(terminal.cursorVisible).toBe(false);
  });

  it('clips to a terminal smaller than the page and redraws whole after a resize', () => {
    const small = new TerminalModel(40, 10);
    const renderer = new TextRenderer('ansi16', { columns: 40, rows: 10 });
    const page = frame(['x'.repeat(80), ...Array.from({ length: 24 }, (_, i) => `row ${i + 1}`)]);
    const out = renderer.render(page);
    for (const [, r, c] of out.matchAll(/\x1b\[(\d+);(\d+)H/g)) {
      expect(Number(r)).toBeLessThanOrEqual(10);
      expect(Number(c)).toBeLessThanOrEqual(40);
    }
    small.write(out);
    expect(small.text()[0]).toBe('x'.repeat(40));
    expect(small.text()[9].trimEnd()).toBe('row 9');
    renderer.invalidate({ columns: 80, rows: 25 });
    const big = new TerminalModel(80, 25);
    big.write(renderer.render(page));
    expect(big.text()[24].trimEnd()).toBe('row 24');
  });
});
