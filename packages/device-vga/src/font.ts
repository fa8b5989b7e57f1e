/**
 * The 8×16 character shapes of a VGA's text mode (IBM VGA Technical Reference,
 * "Character Generator": 8 pixels wide, one byte per scan line, bit 7 leftmost):
 * what the BIOS puts in ROM and what screenshots are drawn with. The bitmaps are the IBM-VGA-style console fonts of
 * Debian's console-setup (from u_vga16.bdf by Dmitry Bolkhovityanov, MIT/X11
 * licence: see FONT-LICENSE), indexed by CP437 byte; scripts/make-vga-font.py
 * regenerates them.
 */
import { VGA_FONT_8X16_BASE64 } from './font-data.js';

export const GLYPH_WIDTH = 8;
export const GLYPH_HEIGHT = 16;

/** 256 glyphs × 16 rows; decoded once on first use. */
let font: Uint8Array | undefined;

export function vgaFont8x16(): Uint8Array {
  font ??= new Uint8Array(Buffer.from(VGA_FONT_8X16_BASE64, 'base64'));
  return font;
}
