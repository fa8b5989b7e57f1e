/**
 * What is on the guest's screen at one moment, independent of how it got
 * there: an 80×25 text page (VGA mode 3) or an indexed-colour framebuffer
 * (mode 13h: 320×200, 256 colours). The live display, screenshots and the
 * library's `screen` all read frames; whoever builds the machine supplies them
 * (a `ScreenSource`).
 */
import {
  CP437, CURSOR_DISABLE_BIT, CRTC_CURSOR_END, CRTC_CURSOR_START, CURSOR_SCANLINE_MASK, VGA_CELL_BYTES, VGA_COLUMNS, VGA_ROWS, VGA_TEXT_CELLS,
  type CursorPosition, type VgaText,
} from '@tinyvm/device-vga';

export interface TextFrame {
  readonly kind: 'text';
  readonly columns: number;
  readonly rows: number;
  /** columns × rows cells of two bytes (CP437 character, attribute), row by row. */
  readonly cells: Uint8Array;
  readonly cursor: CursorPosition;
  /**
   * The scan lines the cursor covers in its 16-line cell (CRTC CR0A/CR0B
   * "Cursor Start/End", bits 0-4); default 13-14, what the BIOS sets for mode 3.
   */
  readonly cursorLines?: { readonly start: number; readonly end: number };
}

export interface GraphicsFrame {
  readonly kind: 'graphics';
  readonly width: number;
  readonly height: number;
  /** width × height palette indices, row by row. */
  readonly pixels: Uint8Array;
  /**
   * 256 × 3 bytes, red, green, blue at 8 bits each. The VGA DAC holds 6 bits
   * per channel (IBM VGA Technical Reference, "Video DAC"): scale with dacToRgb.
   */
  readonly palette: Uint8Array;
}

export type ScreenFrame = TextFrame | GraphicsFrame;

/** Gives the current frame; called at the display's frame rate and for screenshots. */
export interface ScreenSource {
  frame(): ScreenFrame;
}

/**
 * Copies the visible page out of the text buffer (the CRTC start address may wrap the 32 KiB
 * window). `columns` is 80 (mode 3) or 40 (the BIOS's modes 00h/01h: rows of 40 cells, the
 * cursor's CRTC location counted in 40-cell rows).
 */
export function textFrameOf(vga: Pick<VgaText, 'bytes' | 'cursor' | 'crtc'>, columns = VGA_COLUMNS): TextFrame {
  const cells = new Uint8Array(columns * VGA_ROWS * VGA_CELL_BYTES);
  const start = vga.crtc.startAddress;
  for (let i = 0; i < columns * VGA_ROWS; i++) {
    const from = ((start + i) % VGA_TEXT_CELLS) * VGA_CELL_BYTES;
    cells[i * 2] = vga.bytes[from];
    cells[i * 2 + 1] = vga.bytes[from + 1];
  }
  const registers = vga.crtc.saveState().registers;
  const cursorLines = {
    start: registers[CRTC_CURSOR_START] & CURSOR_SCANLINE_MASK,
    end: registers[CRTC_CURSOR_END] & CURSOR_SCANLINE_MASK,
  };
  let cursor = vga.cursor;
  if (columns !== VGA_COLUMNS) {
    // As VgaCrtc.cursor does for 80 columns: enabled (CR0A bit 5 clear, start <= end) and on the page.
    const cell = (vga.crtc.cursorLocation - start + VGA_TEXT_CELLS) % VGA_TEXT_CELLS;
    const row = Math.floor(cell / columns);
    const enabled = (registers[CRTC_CURSOR_START] & CURSOR_DISABLE_BIT) === 0 && cursorLines.start <= cursorLines.end;
    cursor = { row, col: cell % columns, visible: enabled && row < VGA_ROWS };
  }
  return { kind: 'text', columns, rows: VGA_ROWS, cells, cursor, cursorLines };
}

/** A ScreenSource for a machine with VGA text mode only (flat images). */
export function textScreenSource(vga: Pick<VgaText, 'bytes' | 'cursor' | 'crtc'>): ScreenSource {
  return { frame: () => textFrameOf(vga) };
}

/** 6-bit DAC values (0..63) to 8-bit RGB: v × 255 / 63, rounded. */
export function dacToRgb(dac: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(dac.length);
  for (let i = 0; i < dac.length; i++) rgb[i] = Math.round(((dac[i] & 0x3f) * 255) / 63);
  return rgb;
}

/**
 * The 16 text-mode colours as the VGA BIOS programs the DAC for mode 3
 * (IBM VGA Technical Reference, default palette: 00h, 2Ah and 3Fh levels, with
 * brown's green at 15h), as 8-bit RGB.
 */
export const TEXT_PALETTE: readonly (readonly [number, number, number])[] = [
  [0x00, 0x00, 0x00], [0x00, 0x00, 0xaa], [0x00, 0xaa, 0x00], [0x00, 0xaa, 0xaa],
  [0xaa, 0x00, 0x00], [0xaa, 0x00, 0xaa], [0xaa, 0x55, 0x00], [0xaa, 0xaa, 0xaa],
  [0x55, 0x55, 0x55], [0x55, 0x55, 0xff], [0x55, 0xff, 0x55], [0x55, 0xff, 0xff],
  [0xff, 0x55, 0x55], [0xff, 0x55, 0xff], [0xff, 0xff, 0x55], [0xff, 0xff, 0xff],
];

/** Attribute byte → foreground and background colour index; bit 7 (blink) is shown in its "on" phase. */
export function attributeColours(attribute: number): { fg: number; bg: number } {
  return { fg: attribute & 0x0f, bg: (attribute >> 4) & 0x07 };
}

/**
 * The rows of a text frame as Unicode text (CP437 glyphs); with trimEnd, the
 * blanks at the end of each row dropped (so /^ready$/m matches a row). Graphics have none.
 */
export function frameText(frame: ScreenFrame, options: { trimEnd?: boolean } = {}): string[] {
  if (frame.kind !== 'text') return [];
  const rows: string[] = [];
  for (let row = 0; row < frame.rows; row++) {
    let line = '';
    for (let col = 0; col < frame.columns; col++) line += CP437[frame.cells[(row * frame.columns + col) * 2]];
    rows.push(options.trimEnd ? line.replace(/[ \u00a0]+$/, '') : line);
  }
  return rows;
}
