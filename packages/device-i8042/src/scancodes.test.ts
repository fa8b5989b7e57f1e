import { describe, expect, it } from 'vitest';
import { keyNames, scancodesFor, textToScancodes, UnknownKeyError } from './scancodes.js';

describe('scan code set 1 table', () => {
  it('gives the make codes of well-known keys', () => {
    expect(scancodesFor('Escape').make).toEqual([0x01]);
    expect(scancodesFor('Enter').make).toEqual([0x1c]);
    expect(scancodesFor('Ctrl').make).toEqual([0x1d]);
    expect(scancodesFor('ControlRight').make).toEqual([0xe0, 0x1d]);
    expect(scancodesFor('F1').make).toEqual([0x3b]);
    expect(scancodesFor('F12').make).toEqual([0x58]);
    expect(scancodesFor('Space').make).toEqual([0x39]);
    expect(scancodesFor('ArrowDown').make).toEqual([0xe0, 0x50]);
    expect(scancodesFor('z').make).toEqual([0x2c]);
    expect(scancodesFor('Z')).toEqual(scancodesFor('z'));
  });

  it('makes every break code the make code with bit 7 set, keeping the E0 prefix', () => {
    for (const name of keyNames()) {
      if (name === 'PrintScreen' || name === 'Pause') continue;
      const { make, break: brk } = scancodesFor(name);
      expect(brk.length).toBe(make.length);
      expect(brk.at(-1)).toBe(make.at(-1)! | 0x80);
      if (make.length === 2) expect(brk[0]).toBe(0xe0);
    }
  });

  it('gives every key a distinct make code', () => {
    const seen = new Map<string, string>();
    for (const name of keyNames()) {
      const code = scancodesFor(name).make.join(',');
      expect(seen.get(code), `${name} collides with ${seen.get(code)}`).toBeUndefined();
      seen.set(code, name);
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('has the special sequences of Print Screen and Pause', () => {
    expect(scancodesFor('PrintScreen')).toEqual({ make: [0xe0, 0x2a, 0xe0, 0x37], break: [0xe0, 0xb7, 0xe0, 0xaa] });
    expect(scancodesFor('Pause')).toEqual({ make: [0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5], break: [] });
  });

  it('rejects an unknown name with a typed error', () => {
    expect(() => scancodesFor('Hyper')).toThrow(UnknownKeyError);
    try {
      textToScancodes('é');
    } catch (error) {
      expect((error as UnknownKeyError).code).toBe('unknown-key');
    }
  });

  it('types shifted symbols on their US keys', () => {
    expect(textToScancodes('?')).toEqual([0x2a, 0x35, 0xb5, 0xaa]);
    expect(textToScancodes('a b')).toEqual([0x1e, 0x9e, 0x39, 0xb9, 0x30, 0xb0]);
  });
});
