/**
 * The live display of `tinyvm run` on a terminal: the guest's screen redrawn
 * at a steady frame rate between slices of guest time (only what changed),
 * text mode with its colours and cursor or mode 13h in half blocks, redrawn
 * whole after a resize; the keyboard in raw mode, decoded into key strokes for
 * the guest, with Ctrl-A commands (quit, screenshot, help) for tinyvm; a
 * status line under the page when the terminal has room for it.
 */
import type { ReadStream, WriteStream } from 'node:tty';
import type { KeyStroke } from '../keyboard/key-stroke.js';
import type { ScreenFrame, ScreenSource } from '../screen/frame.js';
import type { ColourMode } from './colour.js';
import { EscapeFilter, ESCAPE_HELP, type EscapeCommand } from './escape-commands.js';
import { halfBlockLayout, HalfBlockRenderer } from './graphics-renderer.js';
import { decodeTerminalInput } from './key-decoder.js';
import { TerminalMode } from './terminal-mode.js';
import { TextRenderer, type TerminalSize } from './text-renderer.js';

export const DEFAULT_FPS = 30;

export interface LiveDisplayOptions {
  /** The keyboard; absent when stdin is not a terminal (then only the screen is shown). */
  input?: ReadStream;
  output: WriteStream;
  colour: ColourMode;
  screen: ScreenSource;
  fps?: number;
  /** A key for the guest. */
  onKey(stroke: KeyStroke): void;
  /** Ctrl-A X, S or H. Returns a line for the status bar, if any. */
  onCommand(command: EscapeCommand): string | undefined;
}

export class LiveDisplay {
  readonly #options: LiveDisplayOptions;
  readonly #terminal: TerminalMode;
  readonly #escape = new EscapeFilter();
  readonly #text: TextRenderer;
  readonly #graphics: HalfBlockRenderer;
  readonly #frameMs: number;
  #lastDraw = -Infinity;
  #lastKind: ScreenFrame['kind'] | undefined;
  #status = ESCAPE_HELP;
  #statusDirty = true;
  #resized = false;
  /** Frames actually written (for tests and --stats). */
  frames = 0;

  readonly #onData = (data: Buffer | string): void => {
    const strokes = decodeTerminalInput(typeof data === 'string' ? data : data.toString('latin1'));
    for (const event of this.#escape.filter(strokes)) {
      if (event.kind === 'key') this.#options.onKey(event.stroke);
      else {
        const line = this.#options.onCommand(event.command);
        if (line !== undefined) this.setStatus(line);
      }
    }
  };

  readonly #onResize = (): void => {
    this.#resized = true;
  };

  constructor(options: LiveDisplayOptions) {
    this.#options = options;
    this.#terminal = new TerminalMode(options.input, options.output);
    this.#text = new TextRenderer(options.colour, this.#size());
    this.#graphics = new HalfBlockRenderer(options.colour, this.#graphicsSize());
    this.#frameMs = 1000 / (options.fps ?? DEFAULT_FPS);
  }

  #size(): TerminalSize {
    return { columns: this.#options.output.columns || 80, rows: this.#options.output.rows || 25 };
  }

  /** Graphics leave the last row for the status line. */
  #graphicsSize(): TerminalSize {
    const size = this.#size();
    return { columns: size.columns, rows: Math.max(1, size.rows - 1) };
  }

  start(): void {
    this.#terminal.enter();
    this.#options.input?.on('data', this.#onData);
    this.#options.output.on('resize', this.#onResize);
    this.draw(true);
  }

  setStatus(line: string): void {
    this.#status = line;
    this.#statusDirty = true;
  }

  /** Draws a frame if one is due (call between slices). */
  tick(): void {
    if (performance.now() - this.#lastDraw >= this.#frameMs || this.#resized) this.draw();
  }

  draw(force = false): void {
    this.#lastDraw = performance.now();
    const frame = this.#options.screen.frame();
    let out = '';
    if (force || this.#resized || frame.kind !== this.#lastKind) {
      const size = this.#size();
      this.#text.invalidate(size);
      this.#graphics.invalidate(this.#graphicsSize());
      this.#resized = false;
      this.#statusDirty = true;
      this.#lastKind = frame.kind;
      out += '\x1b[0m\x1b[H\x1b[2J';
      // Graphics modes have no text cursor (the text renderer shows it again when text comes back).
      if (frame.kind === 'graphics') out += '\x1b[?25l';
    }
    out += frame.kind === 'text' ? this.#text.render(frame) : this.#graphics.render(frame);
    if (this.#statusDirty) out += this.#statusLine(frame);
    if (out === '') return;
    this.frames++;
    this.#options.output.write(out);
  }

  /** The status line goes on the first terminal row below the page, when there is one. */
  #statusLine(frame: ScreenFrame): string {
    this.#statusDirty = false;
    const size = this.#size();
    const pageRows = frame.kind === 'text' ? frame.rows : halfBlockLayout(frame.width, frame.height, this.#graphicsSize()).rows;
    if (size.rows <= pageRows) return '';
    const line = `tinyvm · ${this.#status}`.slice(0, size.columns);
    // Save and restore the cursor so the guest's cursor stays where it was drawn.
    return `\x1b7\x1b[${pageRows + 1};1H\x1b[0m\x1b[2K\x1b[7m${line}\x1b[0m\x1b8`;
  }

  /** Puts the terminal back; safe to call more than once. */
  stop(): void {
    this.#options.input?.off('data', this.#onData);
    this.#options.output.off('resize', this.#onResize);
    this.#terminal.restore();
  }
}
