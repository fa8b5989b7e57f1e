/**
 * Draws a text frame on the terminal, sending only the cells that changed
 * since the last frame (with one cursor move per run of changed cells and one
 * SGR per colour change), then puts the terminal's cursor where the guest's
 * is. The page is drawn from the top-left corner and clipped to the terminal.
 */
import { CP437 } from '@tinyvm/device-vga';
import { attributeColours, type TextFrame } from '../screen/frame.js';
import { textColourSgr, type ColourMode } from './colour.js';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/**
 * DECSCUSR (xterm): a steady block when the guest's cursor covers at least half
 * the cell (DOS's insert mode, CR0A/CR0B 0-15), else a steady underline (the
 * usual 13-14). TerminalMode puts the user's own shape back at the end.
 */
function cursorShape(frame: TextFrame): string {
  const lines = frame.cursorLines;
  return lines !== undefined && lines.end - lines.start + 1 >= 8 ? '\x1b[2 q' : '\x1b[4 q';
}

export class TextRenderer {
  #previous: Uint8Array | undefined;
  #size: TerminalSize;

  constructor(
    private readonly colour: ColourMode,
    size: TerminalSize,
  ) {
    this.#size = size;
  }

  /** The next frame is drawn whole (after a resize, a mode change or a screen clear). */
  invalidate(size?: TerminalSize): void {
    this.#previous = undefined;
    this.#lastCursor = '';
    if (size) this.#size = size;
  }

  /** The escape sequences that bring the terminal from the last frame to this one ('' when nothing changed). */
  render(frame: TextFrame): string {
    const { columns, rows, cells, cursor } = frame;
    const visibleColumns = Math.min(columns, this.#size.columns);
    const visibleRows = Math.min(rows, this.#size.rows);
    const previous = this.#previous;
    let out = '';
    let currentAttribute = -1;
    for (let row = 0; row < visibleRows; row++) {
      let expectedColumn = -1;
      for (let col = 0; col < visibleColumns; col++) {
        const at = (row * columns + col) * 2;
        const character = cells[at];
        const attribute = cells[at + 1];
        if (previous && previous[at] === character && previous[at + 1] === attribute) continue;
        if (expectedColumn !== col) out += `\x1b[${row + 1};${col + 1}H`;
        if (attribute !== currentAttribute) {
          const { fg, bg } = attributeColours(attribute);
          out += textColourSgr(this.colour, fg, bg);
          currentAttribute = attribute;
        }
        out += CP437[character];
        expectedColumn = col + 1;
      }
    }
    this.#previous = cells.slice();
    if (out !== '' && this.colour !== 'none') out += '\x1b[0m';
    const onScreen = cursor.visible && cursor.row < visibleRows && cursor.col < visibleColumns;
    const cursorSequence = onScreen ? `\x1b[${cursor.row + 1};${cursor.col + 1}H${cursorShape(frame)}\x1b[?25h` : '\x1b[?25l';
    // Drawing moved the terminal's cursor: put it back even when the guest's did not move.
    if (out === '' && cursorSequence === this.#lastCursor) return '';
    this.#lastCursor = cursorSequence;
    return out + cursorSequence;
  }

  #lastCursor = '';
}
