/**
 * Key names to PC scan code set 1 (the codes an AT keyboard's set 2 becomes
 * after the 8042's translation, and what a BIOS and DOS expect on port 0x60).
 * A break code is the make code with bit 7 set; extended keys carry an 0xE0
 * prefix on both. Print Screen and Pause have their own sequences.
 *
 * Reference: "Keyboard Scan Code Specification", Microsoft, revision 1.3a
 * (2000), appendix C (scan code set 1); IBM PC AT Technical Reference,
 * "Keyboard Scan Codes". Names follow the DOM's KeyboardEvent.code/key where
 * they exist ('Enter', 'ArrowUp', 'F1', 'ControlLeft'), with short aliases
 * ('Ctrl', 'Esc', 'Space') and single printable characters for the unshifted
 * US layout ('a', '1', ';').
 */
import { TinyvmError } from '@tinyvm/core';

export const EXTENDED_PREFIX = 0xe0;
export const BREAK_BIT = 0b1000_0000;

/** Make codes of keys without a prefix. */
const PLAIN: Record<string, number> = {
  Escape: 0x01, '1': 0x02, '2': 0x03, '3': 0x04, '4': 0x05, '5': 0x06, '6': 0x07, '7': 0x08, '8': 0x09,
  '9': 0x0a, '0': 0x0b, '-': 0x0c, '=': 0x0d, Backspace: 0x0e, Tab: 0x0f,
  q: 0x10, w: 0x11, e: 0x12, r: 0x13, t: 0x14, y: 0x15, u: 0x16, i: 0x17, o: 0x18, p: 0x19,
  '[': 0x1a, ']': 0x1b, Enter: 0x1c, ControlLeft: 0x1d,
  a: 0x1e, s: 0x1f, d: 0x20, f: 0x21, g: 0x22, h: 0x23, j: 0x24, k: 0x25, l: 0x26, ';': 0x27, "'": 0x28,
  '`': 0x29, ShiftLeft: 0x2a, '\\': 0x2b,
  z: 0x2c, x: 0x2d, c: 0x2e, v: 0x2f, b: 0x30, n: 0x31, m: 0x32, ',': 0x33, '.': 0x34, '/': 0x35,
  ShiftRight: 0x36, NumpadMultiply: 0x37, AltLeft: 0x38, ' ': 0x39, CapsLock: 0x3a,
  F1: 0x3b, F2: 0x3c, F3: 0x3d, F4: 0x3e, F5: 0x3f, F6: 0x40, F7: 0x41, F8: 0x42, F9: 0x43, F10: 0x44,
  NumLock: 0x45, ScrollLock: 0x46,
  Numpad7: 0x47, Numpad8: 0x48, Numpad9: 0x49, NumpadSubtract: 0x4a, Numpad4: 0x4b, Numpad5: 0x4c,
  Numpad6: 0x4d, NumpadAdd: 0x4e, Numpad1: 0x4f, Numpad2: 0x50, Numpad3: 0x51, Numpad0: 0x52,
  NumpadDecimal: 0x53, F11: 0x57, F12: 0x58,
};

/** Make codes (after the 0xE0 prefix) of the extended keys. */
const EXTENDED: Record<string, number> = {
  NumpadEnter: 0x1c, ControlRight: 0x1d, NumpadDivide: 0x35, AltRight: 0x38,
  Home: 0x47, ArrowUp: 0x48, PageUp: 0x49, ArrowLeft: 0x4b, ArrowRight: 0x4d,
  End: 0x4f, ArrowDown: 0x50, PageDown: 0x51, Insert: 0x52, Delete: 0x53,
  MetaLeft: 0x5b, MetaRight: 0x5c, ContextMenu: 0x5d,
};

/** Other spellings of the same keys. */
const ALIASES: Record<string, string> = {
  Esc: 'Escape', Space: ' ', Spacebar: ' ', Return: 'Enter',
  Ctrl: 'ControlLeft', Control: 'ControlLeft', Shift: 'ShiftLeft', Alt: 'AltLeft', AltGr: 'AltRight',
  Meta: 'MetaLeft', Win: 'MetaLeft', Menu: 'ContextMenu', Del: 'Delete', Ins: 'Insert',
  Up: 'ArrowUp', Down: 'ArrowDown', Left: 'ArrowLeft', Right: 'ArrowRight', PgUp: 'PageUp', PgDn: 'PageDown',
  Minus: '-', Equal: '=', BracketLeft: '[', BracketRight: ']', Semicolon: ';', Quote: "'", Backquote: '`',
  Backslash: '\\', Comma: ',', Period: '.', Slash: '/',
};

/** Print Screen: fake-shift-then-PrtSc sequence (Microsoft spec, appendix C note 1). */
const PRINT_SCREEN_MAKE = [0xe0, 0x2a, 0xe0, 0x37];
const PRINT_SCREEN_BREAK = [0xe0, 0xb7, 0xe0, 0xaa];
/** Pause sends make and break together on press and nothing on release. */
const PAUSE_MAKE = [0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5];

/** Characters typed with Shift on a US layout, and the key they are on. */
const SHIFTED: Record<string, string> = {
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  _: '-', '+': '=', '{': '[', '}': ']', '|': '\\', ':': ';', '"': "'", '<': ',', '>': '.', '?': '/', '~': '`',
};

/** Control characters typed with one key. */
const CONTROL_CHARACTERS: Record<string, string> = { '\n': 'Enter', '\r': 'Enter', '\t': 'Tab', '\b': 'Backspace', '\x1b': 'Escape' };

export interface KeyScancodes {
  /** Bytes sent when the key goes down. */
  make: number[];
  /** Bytes sent when it comes up (empty for Pause). */
  break: number[];
}

/** A key name the table does not know (a host-side mistake, not guest input). */
export class UnknownKeyError extends TinyvmError {
  constructor(key: string) {
    super('unknown-key', `unknown key name ${JSON.stringify(key)} (use names like 'a', 'Enter', 'ArrowUp', 'F1', 'Ctrl')`);
  }
}

/** Set 1 make and break codes of `key`. Throws UnknownKeyError for an unknown name. */
export function scancodesFor(key: string): KeyScancodes {
  const name = ALIASES[key] ?? (key.length === 1 ? key.toLowerCase() : key);
  if (name === 'PrintScreen') return { make: [...PRINT_SCREEN_MAKE], break: [...PRINT_SCREEN_BREAK] };
  if (name === 'Pause') return { make: [...PAUSE_MAKE], break: [] };
  const plain = PLAIN[name];
  if (plain !== undefined) return { make: [plain], break: [plain | BREAK_BIT] };
  const extended = EXTENDED[name];
  if (extended !== undefined) return { make: [EXTENDED_PREFIX, extended], break: [EXTENDED_PREFIX, extended | BREAK_BIT] };
  throw new UnknownKeyError(key);
}

/** Every key name the table knows (canonical names, not aliases). */
export function keyNames(): string[] {
  return [...Object.keys(PLAIN), ...Object.keys(EXTENDED), 'PrintScreen', 'Pause'];
}

/**
 * The set 1 bytes for typing `text` on a US layout: each character pressed
 * and released, with Shift held around upper-case letters and shifted symbols.
 */
export function textToScancodes(text: string): number[] {
  const bytes: number[] = [];
  const shift = scancodesFor('ShiftLeft');
  for (const ch of text) {
    const isUpper = ch.length === 1 && ch >= 'A' && ch <= 'Z';
    const key = CONTROL_CHARACTERS[ch] ?? SHIFTED[ch] ?? (isUpper ? ch.toLowerCase() : ch);
    const codes = scancodesFor(key);
    const shifted = isUpper || SHIFTED[ch] !== undefined;
    if (shifted) bytes.push(...shift.make);
    bytes.push(...codes.make, ...codes.break);
    if (shifted) bytes.push(...shift.break);
  }
  return bytes;
}
