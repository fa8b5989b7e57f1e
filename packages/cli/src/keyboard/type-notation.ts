/**
 * The `--type` notation: text typed as is on a US keyboard, a newline is
 * Enter, and braces name other keys and combinations:
 *
 *   {Enter} {Tab} {Esc} {Backspace} {Up} {Down} {Left} {Right} {Home} {End}
 *   {PgUp} {PgDn} {Insert} {Delete} {F1}..{F12} and any key name of
 *   @tinyvm/device-i8042 ('NumpadEnter', 'PrintScreen', ...)
 *   {Ctrl-C} {Alt-F4} {Ctrl-Alt-Delete} {Shift-Tab}: modifiers joined by '-' or '+'
 *   {{ types a literal '{'
 *
 * Key names are case-sensitive as in the key table, except the modifiers and
 * single letters ({Ctrl-C} = {Ctrl-c}).
 */
import { scancodesFor, UnknownKeyError } from '@tinyvm/device-i8042';
import { UsageError } from '../errors.js';
import { strokeForCharacter, type KeyStroke } from './key-stroke.js';

export const TYPE_NOTATION_HELP = 'text as typed; newline = Enter; {Enter} {Esc} {Up} {F1} {Ctrl-C} {Ctrl-Alt-Delete}; {{ = {';

const MODIFIERS: Readonly<Record<string, 'ctrl' | 'alt' | 'shift'>> = {
  ctrl: 'ctrl', control: 'ctrl', alt: 'alt', shift: 'shift',
};

function namedStroke(spec: string): KeyStroke {
  const parts = spec.split(/[-+](?=.)/);
  const name = parts.pop()!;
  const stroke: { key: string; ctrl?: boolean; alt?: boolean; shift?: boolean } = { key: name };
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (modifier === undefined) throw new UsageError(`--type: "${part}" in {${spec}} is not Ctrl, Alt or Shift`);
    stroke[modifier] = true;
  }
  // One character: the key that types it. Letters name their key whatever the case
  // (Ctrl-C is Ctrl with the c key, as people write it); {Shift-a} for a capital.
  if (name.length === 1) {
    const base = strokeForCharacter(/^[A-Z]$/.test(name) ? name.toLowerCase() : name);
    if (base === undefined) throw new UsageError(`--type: no key types "${name}" in {${spec}}`);
    stroke.key = base.key;
    if (base.shift) stroke.shift = true;
  } else {
    try {
      scancodesFor(name);
    } catch (error) {
      if (error instanceof UnknownKeyError) throw new UsageError(`--type: {${spec}} names no key (e.g. {Enter}, {Up}, {F1}, {Ctrl-C})`);
      throw error;
    }
  }
  return stroke;
}

/** Parses the notation into strokes; throws UsageError naming the first problem. */
export function parseTypeNotation(text: string): KeyStroke[] {
  const strokes: KeyStroke[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '{') {
      if (text[i + 1] === '{') {
        strokes.push(strokeForCharacter('{')!);
        i += 2;
        continue;
      }
      const end = text.indexOf('}', i + 1);
      if (end < 0) throw new UsageError(`--type: "{" at position ${i} is not closed (type a literal { as {{)`);
      const spec = text.slice(i + 1, end);
      if (spec === '') throw new UsageError(`--type: empty {} at position ${i}`);
      strokes.push(namedStroke(spec));
      i = end + 1;
      continue;
    }
    const codePoint = String.fromCodePoint(text.codePointAt(i)!);
    const stroke = strokeForCharacter(codePoint);
    if (stroke === undefined) throw new UsageError(`--type: no key on a US keyboard types ${JSON.stringify(codePoint)}`);
    strokes.push(stroke);
    i += codePoint.length;
  }
  return strokes;
}
