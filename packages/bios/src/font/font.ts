/**
 * The ROM fonts: the VGA's 8×16 character set (IBM VGA Technical Reference,
 * "Character Generator": one byte per scan line, bit 7 leftmost) and an 8×8 set
 * for graphics modes made from it by merging each pair of scan lines. The 8×16
 * bitmaps are the IBM-VGA-style console font of Debian's console-setup (public
 * domain / MIT-X11), kept with its licence in @tinyvm/device-vga: the same data
 * the CLI draws screenshots with.
 */
import { vgaFont8x16 } from '@tinyvm/device-vga';

export const FONT_8X16_HEIGHT = 16;
export const FONT_8X8_HEIGHT = 8;

/** A fresh copy (callers write it into guest ROM). */
export function font8x16(): Uint8Array {
  return vgaFont8x16().slice();
}

/** 256 glyphs × 8 rows: row r is the OR of 8×16 rows 2r and 2r+1, so thin strokes survive. */
export function font8x8(): Uint8Array {
  const tall = font8x16();
  const out = new Uint8Array(256 * FONT_8X8_HEIGHT);
  for (let glyph = 0; glyph < 256; glyph++) {
    for (let row = 0; row < FONT_8X8_HEIGHT; row++) {
      const from = glyph * FONT_8X16_HEIGHT + row * 2;
      out[glyph * FONT_8X8_HEIGHT + row] = tall[from] | tall[from + 1];
    }
  }
  return out;
}
