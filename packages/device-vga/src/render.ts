/**
 * Turning the text buffer into something a terminal can show: plain rows of
 * Unicode (CP437 glyphs), or ANSI SGR colour.
 *
 * Attribute byte (IBM VGA Technical Reference, "Attributes"): bits 0-3 are the
 * foreground colour (bit 3 = intensity), bits 4-6 the background, bit 7 either
 * blink (the BIOS default for mode 3: Attribute Mode Control register bit 3 set)
 * or a fourth background bit (bright background) when blinking is disabled.
 */
import { CP437 } from './cp437.js';
import { VGA_CELL_BYTES, VGA_COLUMNS, VGA_ROWS, VGA_TEXT_CELLS } from './layout.js';

export const ATTRIBUTE_FOREGROUND_MASK = 0b0000_1111;
export const ATTRIBUTE_BACKGROUND_MASK = 0b0111_0000;
export const ATTRIBUTE_BLINK_BIT = 0b1000_0000;
const ATTRIBUTE_BACKGROUND_SHIFT = 4;

/**
 * VGA colour index (0 black, 1 blue, 2 green, 3 cyan, 4 red, 5 magenta, 6 brown,
 * 7 light grey; +8 bright) → ANSI colour number (0 black, 1 red, 2 green, 3 yellow,
 * 4 blue, 5 magenta, 6 cyan, 7 white). The two orders swap the red and blue bits.
 */
export const VGA_TO_ANSI: readonly number[] = [0, 4, 2, 6, 1, 5, 3, 7];

export interface TextRenderOptions {
  /** Drop trailing blanks (spaces, NULs, 0xFF) of each row. Default false. */
  trimEnd?: boolean;
}

export interface AnsiRenderOptions {
  /**
   * What attribute bit 7 means: 'blink' (SGR 5, the VGA's power-on meaning) or
   * 'bright-background' (the background becomes one of the 8 bright colours).
   * Default 'blink'.
   */
  blinkBit?: 'blink' | 'bright-background';
}

/** Byte offset of a visible cell inside the 32 KiB window (wraps like the CRTC). */
function cellOffset(startCell: number, row: number, col: number): number {
  return ((startCell + row * VGA_COLUMNS + col) % VGA_TEXT_CELLS) * VGA_CELL_BYTES;
}

/** The 25 visible rows as strings of 80 characters (fewer with trimEnd). */
export function renderText(buffer: Uint8Array, startCell = 0, options: TextRenderOptions = {}): string[] {
  const rows: string[] = [];
  for (let row = 0; row < VGA_ROWS; row++) {
    let line = '';
    for (let col = 0; col < VGA_COLUMNS; col++) line += CP437[buffer[cellOffset(startCell, row, col)] ?? 0];
    // CP437 0x00, 0x20 and 0xFF all draw as blanks.
    rows.push(options.trimEnd ? line.replace(/[ \u00a0]+$/, '') : line);
  }
  return rows;
}

/** SGR parameters for an attribute byte. */
export function attributeSgr(attribute: number, options: AnsiRenderOptions = {}): string {
  const fg = attribute & ATTRIBUTE_FOREGROUND_MASK;
  const bg = (attribute & ATTRIBUTE_BACKGROUND_MASK) >> ATTRIBUTE_BACKGROUND_SHIFT;
  const blinkSet = (attribute & ATTRIBUTE_BLINK_BIT) !== 0;
  const brightBackground = blinkSet && options.blinkBit === 'bright-background';
  const parts = [
    '0',
    String((fg & 8 ? 90 : 30) + VGA_TO_ANSI[fg & 7]),
    String((brightBackground ? 100 : 40) + VGA_TO_ANSI[bg]),
  ];
  if (blinkSet && !brightBackground) parts.push('5');
  return parts.join(';');
}

/** The visible page with colours: one line per row, each ending with a reset. */
export function renderAnsi(buffer: Uint8Array, startCell = 0, options: AnsiRenderOptions = {}): string {
  const lines: string[] = [];
  for (let row = 0; row < VGA_ROWS; row++) {
    let line = '';
    let current = -1;
    for (let col = 0; col < VGA_COLUMNS; col++) {
      const offset = cellOffset(startCell, row, col);
      const attribute = buffer[offset + 1] ?? 0;
      if (attribute !== current) {
        line += `\x1b[${attributeSgr(attribute, options)}m`;
        current = attribute;
      }
      line += CP437[buffer[offset] ?? 0];
    }
    lines.push(`${line}\x1b[0m`);
  }
  return lines.join('\n');
}
