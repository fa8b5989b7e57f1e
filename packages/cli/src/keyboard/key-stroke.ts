/**
 * A key stroke: one key (named as in @tinyvm/device-i8042's scan code table:
 * 'a', '1', 'Enter', 'ArrowUp', 'F1', ...) with the modifiers held around it.
 * Characters map to strokes on a US layout, as a PC keyboard types them.
 */
export interface KeyStroke {
  readonly key: string;
  readonly ctrl?: boolean;
  readonly alt?: boolean;
  readonly shift?: boolean;
}

/** Characters typed with Shift on a US layout, and the key they are on. */
const SHIFTED: Readonly<Record<string, string>> = {
  '!': '1', '@': '2', '#': '3', $: '4', '%': '5', '^': '6', '&': '7', '*': '8', '(': '9', ')': '0',
  _: '-', '+': '=', '{': '[', '}': ']', '|': '\\', ':': ';', '"': "'", '<': ',', '>': '.', '?': '/', '~': '`',
};

const UNSHIFTED = new Set([..."abcdefghijklmnopqrstuvwxyz0123456789-=[]\\;',./` "]);

/** The stroke that types `ch` (one character), or undefined when no US key types it. */
export function strokeForCharacter(ch: string): KeyStroke | undefined {
  if (ch === '\n' || ch === '\r') return { key: 'Enter' };
  if (ch === '\t') return { key: 'Tab' };
  if (ch === '\b') return { key: 'Backspace' };
  if (ch === '\x1b') return { key: 'Escape' };
  if (UNSHIFTED.has(ch)) return { key: ch };
  if (ch >= 'A' && ch <= 'Z') return { key: ch.toLowerCase(), shift: true };
  const base = SHIFTED[ch];
  return base === undefined ? undefined : { key: base, shift: true };
}

/** A short human name: "Ctrl-Alt-Delete", "Shift-a". */
export function describeStroke(stroke: KeyStroke): string {
  return `${stroke.ctrl ? 'Ctrl-' : ''}${stroke.alt ? 'Alt-' : ''}${stroke.shift ? 'Shift-' : ''}${stroke.key}`;
}
