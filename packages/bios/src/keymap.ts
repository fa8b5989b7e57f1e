/**
 * Scan code set 1 make codes to the BIOS key words INT 16h returns (high byte
 * scan code, low byte ASCII), for a US keyboard: normal, Shift, Ctrl and Alt
 * columns (IBM PC AT Technical Reference, "Keyboard Encoding and Usage";
 * Ralf Brown's Interrupt List, INT 16 key code table). 0 = no key word.
 */

type Row = [scan: number, normal: string | number, shift: string | number, ctrl: number, alt: number];

const ch = (c: string | number): number => (typeof c === 'number' ? c : c.charCodeAt(0));

const ROWS: Row[] = [
  [0x01, 0x1b, 0x1b, 0x1b, 0],
  [0x02, '1', '!', 0, 0x78], [0x03, '2', '@', 0x0300, 0x79], [0x04, '3', '#', 0, 0x7a], [0x05, '4', '$', 0, 0x7b],
  [0x06, '5', '%', 0, 0x7c], [0x07, '6', '^', 0x1e, 0x7d], [0x08, '7', '&', 0, 0x7e], [0x09, '8', '*', 0, 0x7f],
  [0x0a, '9', '(', 0, 0x80], [0x0b, '0', ')', 0, 0x81], [0x0c, '-', '_', 0x1f, 0x82], [0x0d, '=', '+', 0, 0x83],
  [0x0e, 0x08, 0x08, 0x7f, 0x0e], [0x0f, 0x09, 0x0f00, 0x9400, 0xa5],
  [0x10, 'q', 'Q', 0x11, 0x10], [0x11, 'w', 'W', 0x17, 0x11], [0x12, 'e', 'E', 0x05, 0x12], [0x13, 'r', 'R', 0x12, 0x13],
  [0x14, 't', 'T', 0x14, 0x14], [0x15, 'y', 'Y', 0x19, 0x15], [0x16, 'u', 'U', 0x15, 0x16], [0x17, 'i', 'I', 0x09, 0x17],
  [0x18, 'o', 'O', 0x0f, 0x18], [0x19, 'p', 'P', 0x10, 0x19], [0x1a, '[', '{', 0x1b, 0x1a], [0x1b, ']', '}', 0x1d, 0x1b],
  [0x1c, 0x0d, 0x0d, 0x0a, 0x1c],
  [0x1e, 'a', 'A', 0x01, 0x1e], [0x1f, 's', 'S', 0x13, 0x1f], [0x20, 'd', 'D', 0x04, 0x20], [0x21, 'f', 'F', 0x06, 0x21],
  [0x22, 'g', 'G', 0x07, 0x22], [0x23, 'h', 'H', 0x08, 0x23], [0x24, 'j', 'J', 0x0a, 0x24], [0x25, 'k', 'K', 0x0b, 0x25],
  [0x26, 'l', 'L', 0x0c, 0x26], [0x27, ';', ':', 0, 0x27], [0x28, "'", '"', 0, 0x28], [0x29, '`', '~', 0, 0x29],
  [0x2b, '\\', '|', 0x1c, 0x2b],
  [0x2c, 'z', 'Z', 0x1a, 0x2c], [0x2d, 'x', 'X', 0x18, 0x2d], [0x2e, 'c', 'C', 0x03, 0x2e], [0x2f, 'v', 'V', 0x16, 0x2f],
  [0x30, 'b', 'B', 0x02, 0x30], [0x31, 'n', 'N', 0x0e, 0x31], [0x32, 'm', 'M', 0x0d, 0x32], [0x33, ',', '<', 0, 0x33],
  [0x34, '.', '>', 0, 0x34], [0x35, '/', '?', 0, 0x35], [0x37, '*', '*', 0x9600, 0x37], [0x39, ' ', ' ', 0x20, 0x39],
  [0x4a, '-', '-', 0x8e00, 0x4a], [0x4e, '+', '+', 0x9000, 0x4e],
];

/** Keys that give no ASCII: the word is scan << 8 in every column but Shift/Ctrl/Alt variants for F-keys. */
const FUNCTION_KEYS: [scan: number, shift: number, ctrl: number, alt: number][] = [];
for (let i = 0; i < 10; i++) FUNCTION_KEYS.push([0x3b + i, 0x54 + i, 0x5e + i, 0x68 + i]);
FUNCTION_KEYS.push([0x57, 0x87, 0x89, 0x8b], [0x58, 0x88, 0x8a, 0x8c]);

/** Keypad/navigation keys: without NumLock they give scan << 8. */
const NAVIGATION: [scan: number, digit: string, ctrl: number][] = [
  [0x47, '7', 0x77], [0x48, '8', 0x8d], [0x49, '9', 0x84], [0x4b, '4', 0x73], [0x4c, '5', 0x8f],
  [0x4d, '6', 0x74], [0x4f, '1', 0x75], [0x50, '2', 0x91], [0x51, '3', 0x76], [0x52, '0', 0x92], [0x53, '.', 0x93],
];

export interface KeyWords {
  normal: number;
  shift: number;
  ctrl: number;
  alt: number;
  /** A keypad key whose NumLock/Shift form is `digit`. */
  digit?: number;
}

const word = (scan: number, value: number): number => (value > 0xff ? value : (scan << 8) | value);

export const KEY_WORDS: ReadonlyMap<number, KeyWords> = (() => {
  const map = new Map<number, KeyWords>();
  for (const [scan, normal, shift, ctrl, alt] of ROWS) {
    map.set(scan, {
      normal: word(scan, ch(normal)),
      shift: word(scan, ch(shift)),
      ctrl: ctrl === 0 ? 0 : word(scan, ctrl),
      alt: alt === 0 ? 0 : alt << 8,
    });
  }
  for (const [scan, shift, ctrl, alt] of FUNCTION_KEYS) {
    map.set(scan, { normal: scan << 8, shift: shift << 8, ctrl: ctrl << 8, alt: alt << 8 });
  }
  for (const [scan, digit, ctrl] of NAVIGATION) {
    map.set(scan, { normal: scan << 8, shift: word(scan, ch(digit)), ctrl: ctrl << 8, alt: 0, digit: word(scan, ch(digit)) });
  }
  return map;
})();

// Modifier and lock make codes.
export const SCAN_LEFT_SHIFT = 0x2a;
export const SCAN_RIGHT_SHIFT = 0x36;
export const SCAN_CTRL = 0x1d;
export const SCAN_ALT = 0x38;
export const SCAN_CAPS_LOCK = 0x3a;
export const SCAN_NUM_LOCK = 0x45;
export const SCAN_SCROLL_LOCK = 0x46;
export const SCAN_INSERT = 0x52;
export const EXTENDED_PREFIX = 0xe0;
export const BREAK_BIT = 0x80;
