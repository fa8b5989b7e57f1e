/**
 * Port 0x80, the POST diagnostic port: a BIOS writes a progress code there at
 * each step of power-on self test (a "POST card" shows it on two 7-segment
 * digits); OSes also write to it as a short I/O delay. This keeps the last
 * code and a bounded history, and tells an optional listener.
 *
 * Reference: IBM PC AT Technical Reference, "POST error codes / manufacturing
 * port 80h"; SeaBIOS and coreboot write their checkpoints here.
 *
 * Emulated: byte writes, reads return the last code (as POST cards that latch
 * it do). A wider access is byte accesses at 0x80, 0x81, ... (core's
 * ByteWideDevice): a word write records its low byte, a word read is the code
 * with 0xFF above it. Not emulated: nothing else.
 */
import { ByteWideDevice } from '@tinyvm/core';

export const POST_CODE_PORT = 0x80;
/** Codes kept in the history; older ones are dropped first. */
export const POST_HISTORY_LIMIT = 256;
/** What reads return before any code was written. */
export const DEFAULT_POST_CODE = 0x00;

export interface PostCodeState {
  last: number;
  history: number[];
  /** All codes ever written, including those dropped from the history. */
  count: number;
}

export class PostCodePort extends ByteWideDevice {
  readonly name = 'post-code';
  #state: PostCodeState = { last: DEFAULT_POST_CODE, history: [], count: 0 };

  /** @param onCode  called with every code (e.g. to trace the BIOS's progress). */
  constructor(private readonly onCode?: (code: number) => void) {
    super();
  }

  get lastCode(): number {
    return this.#state.last;
  }

  /** The most recent codes, oldest first (at most POST_HISTORY_LIMIT). */
  get history(): readonly number[] {
    return this.#state.history;
  }

  protected readByte(offset: number): number {
    switch (offset) {
      case 0:
        return this.#state.last;
      default:
        // Not this port: a floating bus.
        return 0xff;
    }
  }

  protected writeByte(offset: number, code: number): void {
    switch (offset) {
      case 0: {
        const s = this.#state;
        s.last = code;
        s.count++;
        s.history.push(code);
        if (s.history.length > POST_HISTORY_LIMIT) s.history.shift();
        this.onCode?.(code);
        break;
      }
      default:
        // Not this port: dropped.
        break;
    }
  }

  saveState(): PostCodeState {
    return { ...this.#state, history: [...this.#state.history] };
  }

  restoreState(state: PostCodeState): void {
    this.#state = { ...state, history: [...state.history] };
  }

  reset(): void {
    this.#state = { last: DEFAULT_POST_CODE, history: [], count: 0 };
  }
}
