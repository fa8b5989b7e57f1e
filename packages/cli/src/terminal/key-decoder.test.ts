import { describe, expect, it } from 'vitest';
import { decodeTerminalInput } from './key-decoder.js';

describe('decodeTerminalInput', () => {
  it('printable characters, with Shift for capitals and shifted symbols (US layout)', () => {
    expect(decodeTerminalInput('aZ1!')).toEqual([{ key: 'a' }, { key: 'z', shift: true }, { key: '1' }, { key: '1', shift: true }]);
  });

  it('Enter (CR from a raw terminal), Tab, Backspace (DEL or BS), Escape alone', () => {
    expect(decodeTerminalInput('\r\t\x7f\x08')).toEqual([{ key: 'Enter' }, { key: 'Tab' }, { key: 'Backspace' }, { key: 'Backspace' }]);
    expect(decodeTerminalInput('\x1b')).toEqual([{ key: 'Escape' }]);
  });

  it('Ctrl with a letter arrives as a control code', () => {
    expect(decodeTerminalInput('\x03\x01\x1a')).toEqual([{ key: 'c', ctrl: true }, { key: 'a', ctrl: true }, { key: 'z', ctrl: true }]);
  });

  it('arrows and editing keys in CSI and SS3 forms', () => {
    expect(decodeTerminalInput('\x1b[A\x1b[B\x1b[C\x1b[D\x1bOA\x1b[H\x1b[F\x1b[2~\x1b[3~\x1b[5~\x1b[6~')).toEqual(
      ['ArrowUp', 'ArrowDown', 'ArrowRight', 'ArrowLeft', 'ArrowUp', 'Home', 'End', 'Insert', 'Delete', 'PageUp', 'PageDown'].map((key) => ({ key })),
    );
  });

  it('function keys F1-F12 as xterm, VT220 and the Linux console send them', () => {
    const xterm = '\x1bOP\x1bOQ\x1bOR\x1bOS\x1b[15~\x1b[17~\x1b[18~\x1b[19~\x1b[20~\x1b[21~\x1b[23~\x1b[24~';
    expect(decodeTerminalInput(xterm).map((s) => s.key)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12']);
    expect(decodeTerminalInput('\x1b[11~\x1b[[A\x1b[[E').map((s) => s.key)).toEqual(['F1', 'F1', 'F5']);
  });

  it('modifier parameters: Ctrl-Up, Shift-F5, Alt-Ctrl-Delete, Shift-Tab', () => {
    expect(decodeTerminalInput('\x1b[1;5A')).toEqual([{ key: 'ArrowUp', ctrl: true }]);
    expect(decodeTerminalInput('\x1b[15;2~')).toEqual([{ key: 'F5', shift: true }]);
    expect(decodeTerminalInput('\x1b[3;7~')).toEqual([{ key: 'Delete', alt: true, ctrl: true }]);
    expect(decodeTerminalInput('\x1b[Z')).toEqual([{ key: 'Tab', shift: true }]);
  });

  it('ESC before a character is Alt with it', () => {
    expect(decodeTerminalInput('\x1bx\x1bX')).toEqual([{ key: 'x', alt: true }, { key: 'x', shift: true, alt: true }]);
  });

  it('skips what no PC key types and sequences it does not know, and keeps going', () => {
    expect(decodeTerminalInput('é\x1b[99~a\x1b[')).toEqual([{ key: 'a' }]);
  });
});
