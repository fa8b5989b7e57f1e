import { describe, expect, it } from 'vitest';
import { EscapeFilter } from './escape-commands.js';
import { decodeTerminalInput } from './key-decoder.js';

const events = (filter: EscapeFilter, input: string) => filter.filter(decodeTerminalInput(input));

describe('EscapeFilter (Ctrl-A commands)', () => {
  it('Ctrl-A X quits, Ctrl-A S takes a screenshot, Ctrl-A H helps; the keys do not reach the guest', () => {
    const filter = new EscapeFilter();
    expect(events(filter, 'a\x01xb\x01s\x01h')).toEqual([
      { kind: 'key', stroke: { key: 'a' } },
      { kind: 'command', command: 'quit' },
      { kind: 'key', stroke: { key: 'b' } },
      { kind: 'command', command: 'screenshot' },
      { kind: 'command', command: 'help' },
    ]);
  });

  it('works when Ctrl-A and its command arrive in separate reads, and with Ctrl still held (Ctrl-A Ctrl-X)', () => {
    const filter = new EscapeFilter();
    expect(events(filter, '\x01')).toEqual([]);
    expect(events(filter, '\x18')).toEqual([{ kind: 'command', command: 'quit' }]);
  });

  it('Ctrl-A Ctrl-A sends one Ctrl-A; an unknown command key is dropped', () => {
    const filter = new EscapeFilter();
    expect(events(filter, '\x01\x01\x01qz')).toEqual([
      { kind: 'key', stroke: { key: 'a', ctrl: true } },
      { kind: 'key', stroke: { key: 'z' } },
    ]);
  });
});
