/**
 * Draws an indexed-colour framebuffer (mode 13h) on the terminal with the
 * upper-half-block character ▀: each character cell shows two pixels, the
 * upper one in the foreground colour and the lower one in the background
 * colour, which makes the cells square on a terminal whose cells are twice as
 * tall as wide. The picture is scaled (nearest pixel) to the largest size that
 * fits the terminal with the guest's aspect ratio, and only the cells whose
 * two colours changed are sent. Without colour, each cell is a shade
 * character chosen by brightness.
 */
import type { GraphicsFrame } from '../screen/frame.js';
import { rgbPairSgr, type ColourMode } from './colour.js';
import type { TerminalSize } from './text-renderer.js';

const UPPER_HALF_BLOCK = '▀';
/** Darkest to brightest, for terminals without colour. */
const SHADES = ' .:-=+*#%@';

export interface HalfBlockLayout {
  /** Character cells used. */
  columns: number;
  rows: number;
}

/** The largest cell grid showing width × height pixels at their aspect ratio inside the terminal. */
export function halfBlockLayout(width: number, height: number, size: TerminalSize): HalfBlockLayout {
  const scale = Math.min(size.columns / width, (size.rows * 2) / height);
  return { columns: Math.max(1, Math.floor(width * scale)), rows: Math.max(1, Math.floor((height * scale) / 2)) };
}

/** The upper and lower pixel colour (0xRRGGBB) of each cell, row by row: [top0, bottom0, top1, ...]. */
export function sampleHalfBlocks(frame: GraphicsFrame, layout: HalfBlockLayout): Uint32Array {
  const { width, height, pixels, palette } = frame;
  const cells = new Uint32Array(layout.columns * layout.rows * 2);
  const rgbAt = (x: number, y: number): number => {
    const p = (pixels[y * width + x] ?? 0) * 3;
    return ((palette[p] ?? 0) << 16) | ((palette[p + 1] ?? 0) << 8) | (palette[p + 2] ?? 0);
  };
  for (let row = 0; row < layout.rows; row++) {
    const yTop = Math.min(height - 1, Math.floor((row * 2 * height) / (layout.rows * 2)));
    const yBottom = Math.min(height - 1, Math.floor(((row * 2 + 1) * height) / (layout.rows * 2)));
    for (let col = 0; col < layout.columns; col++) {
      const x = Math.min(width - 1, Math.floor((col * width) / layout.columns));
      const cell = row * layout.columns + col;
      cells[cell * 2] = rgbAt(x, yTop);
      cells[cell * 2 + 1] = rgbAt(x, yBottom);
    }
  }
  return cells;
}

/** One cell: ▀ in colour, or a shade character by brightness without colour. */
function cellText(colour: ColourMode, top: number, bottom: number): string {
  if (colour === 'none') return SHADES[Math.min(SHADES.length - 1, Math.floor(((brightness(top) + brightness(bottom)) / 2 / 256) * SHADES.length))];
  return UPPER_HALF_BLOCK;
}

/** The picture as printable lines (for the screen printed when the run ends), each ending with a reset. */
export function halfBlockLines(frame: GraphicsFrame, size: TerminalSize, colour: ColourMode): string[] {
  const layout = halfBlockLayout(frame.width, frame.height, size);
  const cells = sampleHalfBlocks(frame, layout);
  const lines: string[] = [];
  for (let row = 0; row < layout.rows; row++) {
    let line = '';
    let lastSgr = '';
    for (let col = 0; col < layout.columns; col++) {
      const cell = row * layout.columns + col;
      const [top, bottom] = [cells[cell * 2], cells[cell * 2 + 1]];
      if (colour !== 'none') {
        const sgr = rgbPairSgr(top, bottom);
        if (sgr !== lastSgr) line += sgr;
        lastSgr = sgr;
      }
      line += cellText(colour, top, bottom);
    }
    lines.push(colour === 'none' ? line : `${line}\x1b[0m`);
  }
  return lines;
}

export class HalfBlockRenderer {
  #previous: Uint32Array | undefined;
  #previousKey = '';
  #size: TerminalSize;

  constructor(
    private readonly colour: ColourMode,
    size: TerminalSize,
  ) {
    this.#size = size;
  }

  invalidate(size?: TerminalSize): void {
    this.#previous = undefined;
    if (size) this.#size = size;
  }

  render(frame: GraphicsFrame): string {
    const layout = halfBlockLayout(frame.width, frame.height, this.#size);
    const key = `${frame.width}x${frame.height}@${layout.columns}x${layout.rows}`;
    if (key !== this.#previousKey) {
      this.#previous = undefined;
      this.#previousKey = key;
    }
    const previous = this.#previous;
    const next = sampleHalfBlocks(frame, layout);
    let out = '';
    let lastSgr = '';
    for (let row = 0; row < layout.rows; row++) {
      let expectedColumn = -1;
      for (let col = 0; col < layout.columns; col++) {
        const cell = row * layout.columns + col;
        const top = next[cell * 2];
        const bottom = next[cell * 2 + 1];
        if (previous && previous[cell * 2] === top && previous[cell * 2 + 1] === bottom) continue;
        if (expectedColumn !== col) out += `\x1b[${row + 1};${col + 1}H`;
        if (this.colour !== 'none') {
          const sgr = rgbPairSgr(top, bottom);
          if (sgr !== lastSgr) out += sgr;
          lastSgr = sgr;
        }
        out += cellText(this.colour, top, bottom);
        expectedColumn = col + 1;
      }
    }
    this.#previous = next;
    if (out !== '' && this.colour !== 'none') out += '\x1b[0m';
    return out;
  }
}

/** Rec. 601 luma of a 0xRRGGBB colour, 0–255. */
function brightness(rgb: number): number {
  return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
}
