import { describe, expect, it } from 'vitest';
import { CP437 } from './cp437.js';
import { VGA_COLUMNS, VGA_TEXT_SIZE } from './layout.js';
import { attributeSgr, renderAnsi, renderText } from './render.js';

function bufferWith(cells: Array<[cell: number, text: string, attribute: number]>): Uint8Array {
  const buffer = new Uint8Array(VGA_TEXT_SIZE);
  for (const [cell, text, attribute] of cells) {
    for (let i = 0; i < text.length; i++) {
      buffer[(cell + i) * 2] = text.charCodeAt(i);
      buffer[(cell + i) * 2 + 1] = attribute;
    }
  }
  return buffer;
}

describe('CP437', () => {
  it('maps the PC character ROM to Unicode, including the control-range glyphs', () => {
    expect(CP437).toHaveLength(256);
    expect(CP437[0x01]).toBe('☺');
    expect(CP437[0x41]).toBe('A');
    expect(CP437[0x82]).toBe('é');
    expect(CP437[0xc9]).toBe('╔');
    expect(CP437[0xdb]).toBe('█');
    expect(CP437[0xe1]).toBe('ß');
    expect(CP437[0x00]).toBe(' ');
  });
});

describe('renderText', () => {
  it('gives 25 rows of 80 characters, box-drawing bytes as Unicode', () => {
    const buffer = bufferWith([[0, 'Hi', 0x07], [VGA_COLUMNS + 3, '\xc9\xcd\xbb', 0x07]]);
    const rows = renderText(buffer);
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.length === 80)).toBe(true);
    expect(rows[0].startsWith('Hi ')).toBe(true);
    expect(rows[1].slice(3, 6)).toBe('╔═╗');
  });

  it('trims trailing blanks when asked', () => {
    const rows = renderText(bufferWith([[0, 'Hello', 0x02]]), 0, { trimEnd: true });
    expect(rows[0]).toBe('Hello');
    expect(rows[24]).toBe('');
  });

  it('starts the page at the CRTC start address and wraps inside the 32 KiB', () => {
    const last = VGA_TEXT_SIZE / 2 - 2;
    const buffer = bufferWith([[last, 'ab', 0x07], [0, 'cd', 0x07]]);
    expect(renderText(buffer, last, { trimEnd: true })[0]).toBe('abcd');
  });
});

describe('renderAnsi', () => {
  it('maps VGA colour numbers to ANSI (red and blue swapped, intensity → bright)', () => {
    expect(attributeSgr(0x1e)).toBe('0;93;44'); // yellow (bright brown) on blue
    expect(attributeSgr(0x02)).toBe('0;32;40'); // green on black
    expect(attributeSgr(0x4c)).toBe('0;91;41'); // bright red on red
  });

  it('shows attribute bit 7 as blink by default, or as a bright background', () => {
    expect(attributeSgr(0x9f)).toBe('0;97;44;5');
    expect(attributeSgr(0x9f, { blinkBit: 'bright-background' })).toBe('0;97;104');
  });

  it('emits a colour change only where the attribute changes and resets at each row end', () => {
    const buffer = bufferWith([[0, 'AB', 0x1e]]);
    for (let cell = 2; cell < 80; cell++) buffer[cell * 2 + 1] = 0x07;
    const lines = renderAnsi(buffer).split('\n');
    expect(lines).toHaveLength(25);
    expect(lines[0].startsWith('\x1b[0;93;44mAB\x1b[0;37;40m ')).toBe(true);
    expect(lines[0].endsWith('\x1b[0m')).toBe(true);
  });
});
