/**
 * Frames to RGBA pixels, the way a VGA's scan-out draws them.
 *
 * Text mode 3 is 720×400: 80 columns of 9-dot cells by 25 rows of 16 scan
 * lines. The font is 8 dots wide; the 9th dot is the background, except for
 * the line-graphics characters C0h–DFh, where it repeats the 8th so that
 * horizontal box lines join (IBM VGA Technical Reference, Attribute Controller
 * "Mode Control" register, bit 2 "Enable Line Graphics Character Codes", set
 * by the BIOS for mode 3). The cursor covers the scan lines the CRTC's cursor
 * start/end registers (CR0A/CR0B) give, 13–14 by default (the BIOS's 0Dh, 0Eh
 * for mode 3), in the cell's foreground colour.
 *
 * Mode 13h is 320×200, one byte per pixel through the 256-entry palette.
 */
import { attributeColours, TEXT_PALETTE, type GraphicsFrame, type ScreenFrame, type TextFrame } from '../screen/frame.js';
import { GLYPH_HEIGHT, GLYPH_WIDTH, vgaFont8x16 } from '@tinyvm/device-vga';

export const CELL_WIDTH = 9;
export const LINE_GRAPHICS_FIRST = 0xc0;
export const LINE_GRAPHICS_LAST = 0xdf;
export const CURSOR_FIRST_LINE = 13;
export const CURSOR_LAST_LINE = 14;

export interface RgbaImage {
  width: number;
  height: number;
  /** width × height × 4 bytes: red, green, blue, alpha. */
  data: Uint8Array;
}

export function rasterize(frame: ScreenFrame): RgbaImage {
  return frame.kind === 'text' ? rasterizeText(frame) : rasterizeGraphics(frame);
}

export function rasterizeText(frame: TextFrame): RgbaImage {
  const font = vgaFont8x16();
  const width = frame.columns * CELL_WIDTH;
  const height = frame.rows * GLYPH_HEIGHT;
  const data = new Uint8Array(width * height * 4);
  const put = (x: number, y: number, colour: number): void => {
    const [r, g, b] = TEXT_PALETTE[colour];
    const at = (y * width + x) * 4;
    data[at] = r;
    data[at + 1] = g;
    data[at + 2] = b;
    data[at + 3] = 0xff;
  };
  for (let row = 0; row < frame.rows; row++) {
    for (let col = 0; col < frame.columns; col++) {
      const cell = (row * frame.columns + col) * 2;
      const character = frame.cells[cell];
      const { fg, bg } = attributeColours(frame.cells[cell + 1]);
      const lineGraphics = character >= LINE_GRAPHICS_FIRST && character <= LINE_GRAPHICS_LAST;
      const hasCursor = frame.cursor.visible && frame.cursor.row === row && frame.cursor.col === col;
      const cursorFirst = frame.cursorLines?.start ?? CURSOR_FIRST_LINE;
      const cursorLast = Math.min(GLYPH_HEIGHT - 1, frame.cursorLines?.end ?? CURSOR_LAST_LINE);
      for (let line = 0; line < GLYPH_HEIGHT; line++) {
        const bits = font[character * GLYPH_HEIGHT + line];
        const cursorLine = hasCursor && line >= cursorFirst && line <= cursorLast;
        const y = row * GLYPH_HEIGHT + line;
        for (let dot = 0; dot < CELL_WIDTH; dot++) {
          const on = dot < GLYPH_WIDTH ? (bits & (0x80 >> dot)) !== 0 : lineGraphics && (bits & 1) !== 0;
          put(col * CELL_WIDTH + dot, y, on || cursorLine ? fg : bg);
        }
      }
    }
  }
  return { width, height, data };
}

export function rasterizeGraphics(frame: GraphicsFrame): RgbaImage {
  const { width, height, pixels, palette } = frame;
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = (pixels[i] ?? 0) * 3;
    data[i * 4] = palette[p] ?? 0;
    data[i * 4 + 1] = palette[p + 1] ?? 0;
    data[i * 4 + 2] = palette[p + 2] ?? 0;
    data[i * 4 + 3] = 0xff;
  }
  return { width, height, data };
}
