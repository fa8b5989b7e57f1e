import { scancodesFor } from '@tinyvm/device-i8042';
import { describe, expect, it } from 'vitest';
import { scancodeKeyboard, sendStroke } from './keyboard-sink.js';
import { parseTypeNotation } from './type-notation.js';

describe('parseTypeNotation', () => {
  it('text as typed, a newline is Enter, capitals and symbols with Shift', () => {
    expect(parseTypeNotation('Hi!\n')).toEqual([{ key: 'h', shift: true }, { key: 'i' }, { key: '1', shift: true }, { key: 'Enter' }]);
  });

  it('named keys and combinations in braces, with the table\'s aliases', () => {
    expect(parseTypeNotation('{F1}{Up}{Esc}{Ctrl-C}{Ctrl+Alt+Delete}{Shift-Tab}{Alt-F4}')).toEqual([
      { key: 'F1' }, { key: 'Up' }, { key: 'Esc' }, { key: 'c', ctrl: true }, { key: 'Delete', ctrl: true, alt: true },
      { key: 'Tab', shift: true }, { key: 'F4', alt: true },
    ]);
  });

  it('{{ is a literal brace; a modifier with a shifted character keeps the shift', () => {
    expect(parseTypeNotation('{{x}')).toEqual([{ key: '[', shift: true }, { key: 'x' }, { key: ']', shift: true }]);
    expect(parseTypeNotation('{Ctrl-%}')).toEqual([{ key: '5', ctrl: true, shift: true }]);
  });
});

describe('scancodeKeyboard and sendStroke', () => {
  it('Ctrl-C is Ctrl down, C down, C up, Ctrl up in scan code set 1', () => {
    const bytes: number[] = [];
    sendStroke(scancodeKeyboard((b) => bytes.push(...b)), { key: 'c', ctrl: true });
    expect(bytes).toEqual([0x1d, 0x2e, 0xae, 0x9d]);
  });

  it('an extended key carries its E0 prefix on make and break', () => {
    const bytes: number[] = [];
    sendStroke(scancodeKeyboard((b) => bytes.push(...b)), parseTypeNotation('{Up}')[0]);
    expect(bytes).toEqual([...scancodesFor('ArrowUp').make, ...scancodesFor('ArrowUp').break]);
    expect(bytes).toEqual([0xe0, 0x48, 0xe0, 0xc8]);
  });
});
