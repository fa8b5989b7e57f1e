/**
 * The monitor's escape key, as in QEMU's character devices: Ctrl-A followed
 * by a command key is for tinyvm, not the guest. Ctrl-A X quits, Ctrl-A S
 * takes a screenshot, Ctrl-A H shows the keys, Ctrl-A Ctrl-A sends one
 * Ctrl-A to the guest. Anything else after Ctrl-A is dropped.
 */
import type { KeyStroke } from '../keyboard/key-stroke.js';

export type EscapeCommand = 'quit' | 'screenshot' | 'help';

export type InputEvent = { kind: 'key'; stroke: KeyStroke } | { kind: 'command'; command: EscapeCommand };

export const ESCAPE_HELP = 'Ctrl-A X quit · Ctrl-A S screenshot · Ctrl-A H help · Ctrl-A Ctrl-A send Ctrl-A';

const COMMAND_KEYS: Readonly<Record<string, EscapeCommand>> = { x: 'quit', s: 'screenshot', h: 'help' };

function isCtrlA(stroke: KeyStroke): boolean {
  return stroke.ctrl === true && stroke.key === 'a' && !stroke.alt;
}

export class EscapeFilter {
  #pending = false;

  /** Splits strokes into keys for the guest and commands for tinyvm. */
  filter(strokes: readonly KeyStroke[]): InputEvent[] {
    const events: InputEvent[] = [];
    for (const stroke of strokes) {
      if (!this.#pending) {
        if (isCtrlA(stroke)) this.#pending = true;
        else events.push({ kind: 'key', stroke });
        continue;
      }
      this.#pending = false;
      if (isCtrlA(stroke)) {
        events.push({ kind: 'key', stroke });
        continue;
      }
      // Ctrl-A x and Ctrl-A Ctrl-X both quit (the Ctrl key is often still held).
      const command = COMMAND_KEYS[stroke.key];
      if (command !== undefined) events.push({ kind: 'command', command });
    }
    return events;
  }
}
