/**
 * Terminal input (raw mode bytes) to key strokes. Terminals send printable
 * characters as themselves, Ctrl-letter as the control codes 01h–1Ah, and the
 * other keys as escape sequences (ECMA-48 CSI `ESC [ params final`, and SS3
 * `ESC O final` for F1–F4 and cursor keys in application mode; xterm's
 * "PC-style function keys": modifiers as a second parameter 1 + shift(1) +
 * alt(2) + ctrl(4), e.g. ESC [1;5A = Ctrl-Up). A lone ESC at the end of a read
 * is the Escape key; ESC before another character is Alt with that character.
 */
import { strokeForCharacter, type KeyStroke } from '../keyboard/key-stroke.js';

const CSI_LETTER_KEYS: Readonly<Record<string, string>> = {
  A: 'ArrowUp', B: 'ArrowDown', C: 'ArrowRight', D: 'ArrowLeft', H: 'Home', F: 'End',
  P: 'F1', Q: 'F2', R: 'F3', S: 'F4', E: 'Numpad5',
};

/** `ESC [ n ~` (VT220 editing and function keys). */
const CSI_TILDE_KEYS: Readonly<Record<number, string>> = {
  1: 'Home', 2: 'Insert', 3: 'Delete', 4: 'End', 5: 'PageUp', 6: 'PageDown', 7: 'Home', 8: 'End',
  11: 'F1', 12: 'F2', 13: 'F3', 14: 'F4', 15: 'F5', 17: 'F6', 18: 'F7', 19: 'F8', 20: 'F9', 21: 'F10', 23: 'F11', 24: 'F12',
};

/** The Linux console's F1–F5: `ESC [ [ A` .. `ESC [ [ E`. */
const LINUX_CONSOLE_F_KEYS: Readonly<Record<string, string>> = { A: 'F1', B: 'F2', C: 'F3', D: 'F4', E: 'F5' };

/** Control codes that are keys of their own rather than Ctrl-letter. */
const CONTROL_KEYS: Readonly<Record<number, string>> = { 0x09: 'Tab', 0x0d: 'Enter', 0x0a: 'Enter', 0x08: 'Backspace', 0x7f: 'Backspace' };

/** 1Ch–1Fh are Ctrl with \ ] ^ _ (the last two on 6 and - of a US keyboard). */
const CONTROL_PUNCTUATION: Readonly<Record<number, string>> = { 0x1c: '\\', 0x1d: ']', 0x1e: '6', 0x1f: '-' };

function withModifiers(key: string, parameter: number | undefined): KeyStroke {
  const bits = parameter === undefined || parameter < 1 ? 0 : parameter - 1;
  const stroke: { key: string; shift?: boolean; alt?: boolean; ctrl?: boolean } = { key };
  if (bits & 1) stroke.shift = true;
  if (bits & 2) stroke.alt = true;
  if (bits & 4) stroke.ctrl = true;
  return stroke;
}

/** One byte that is not part of an escape sequence. */
function plainStroke(ch: string): KeyStroke | undefined {
  const code = ch.charCodeAt(0);
  const own = CONTROL_KEYS[code];
  if (own !== undefined) return { key: own };
  if (code === 0x00) return { key: ' ', ctrl: true };
  if (code >= 0x01 && code <= 0x1a) return { key: String.fromCharCode(0x60 + code), ctrl: true };
  const punctuation = CONTROL_PUNCTUATION[code];
  if (punctuation !== undefined) return { key: punctuation, ctrl: true };
  return strokeForCharacter(ch);
}

/** Decodes one read from the terminal. Unknown sequences and characters no PC key types are skipped. */
export function decodeTerminalInput(input: string): KeyStroke[] {
  const strokes: KeyStroke[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i];
    if (ch !== '\x1b') {
      const stroke = plainStroke(ch);
      if (stroke) strokes.push(stroke);
      i += ch.length;
      continue;
    }
    const next = input[i + 1];
    if (next === undefined) {
      strokes.push({ key: 'Escape' });
      i += 1;
    } else if (next === '[' && input[i + 2] === '[' && i + 3 < input.length) {
      const key = LINUX_CONSOLE_F_KEYS[input[i + 3]];
      if (key) strokes.push({ key });
      i += 4;
    } else if (next === '[' || next === 'O') {
      // Parameters are digits and semicolons; the final byte is 40h–7Eh (ECMA-48 §5.4).
      const match = /^([0-9;]*)([\x40-\x7e])/.exec(input.slice(i + 2));
      if (!match) {
        // A sequence cut short: drop what is left of this read.
        i = input.length;
        continue;
      }
      const params = match[1] === '' ? [] : match[1].split(';').map(Number);
      const final = match[2];
      let stroke: KeyStroke | undefined;
      if (final === '~') {
        const key = CSI_TILDE_KEYS[params[0] ?? 0];
        if (key) stroke = withModifiers(key, params[1]);
      } else if (final === 'Z') {
        stroke = { key: 'Tab', shift: true };
      } else {
        const key = CSI_LETTER_KEYS[final];
        // ESC [ 1 ; 5 A carries the modifier second; SS3 forms may carry it first.
        if (key) stroke = withModifiers(key, params.length > 1 ? params[1] : next === 'O' ? params[0] : undefined);
      }
      if (stroke) strokes.push(stroke);
      i += 2 + match[0].length;
    } else if (next === '\x1b') {
      strokes.push({ key: 'Escape' });
      i += 1;
    } else {
      // Alt-<key>: the terminal sends ESC then the key.
      const stroke = plainStroke(next);
      if (stroke) strokes.push({ ...stroke, alt: true });
      i += 2;
    }
  }
  return strokes;
}
