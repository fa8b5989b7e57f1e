/**
 * Where key strokes go: something that presses and releases named keys. The PC
 * machine implements it with its 8042 keyboard controller; `scancodeKeyboard`
 * turns names into scan code set 1 bytes for any byte-level keyboard.
 */
import { scancodesFor } from '@tinyvm/device-i8042';
import type { KeyStroke } from './key-stroke.js';

/**
 * Guest time between two strokes typed by a script (--type, keyboard.type): a
 * guest, or its BIOS's 16-key buffer, needs time to take each key.
 */
export const TYPE_INTERVAL_MS = 20;

export interface KeyboardSink {
  /** Key names as in @tinyvm/device-i8042 ('a', 'Enter', 'ArrowUp', 'ControlLeft', ...). */
  press(key: string): void;
  release(key: string): void;
}

/** Presses the modifiers, presses and releases the key, releases the modifiers (in reverse). */
export function sendStroke(sink: KeyboardSink, stroke: KeyStroke): void {
  const modifiers: string[] = [];
  if (stroke.ctrl) modifiers.push('ControlLeft');
  if (stroke.alt) modifiers.push('AltLeft');
  if (stroke.shift) modifiers.push('ShiftLeft');
  for (const m of modifiers) sink.press(m);
  sink.press(stroke.key);
  sink.release(stroke.key);
  for (const m of modifiers.reverse()) sink.release(m);
}

/** A sink that sends each key's set 1 make and break bytes (PC keyboard, post-8042 translation). */
export function scancodeKeyboard(send: (bytes: readonly number[]) => void): KeyboardSink {
  return {
    press: (key) => send(scancodesFor(key).make),
    release: (key) => {
      const codes = scancodesFor(key).break;
      if (codes.length > 0) send(codes);
    },
  };
}
