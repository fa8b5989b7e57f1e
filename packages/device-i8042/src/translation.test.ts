import { describe, expect, it } from 'vitest';
import { keyNames, scancodesFor } from './scancodes.js';
import { set1ToSet2, SET2_BREAK_PREFIX, translateSet2Byte } from './translation.js';

/** What the 8042 does to a byte stream with translation on. */
function translate(bytes: readonly number[]): number[] {
  const out: number[] = [];
  let brk = false;
  for (const b of bytes) {
    if (b === SET2_BREAK_PREFIX) brk = true;
    else {
      out.push(translateSet2Byte(b) | (brk ? 0x80 : 0));
      brk = false;
    }
  }
  return out;
}

describe('set 2 encoding and the 8042 translation', () => {
  it('encodes well-known keys with their set 2 codes', () => {
    const set2 = (key: string) => [set1ToSet2(scancodesFor(key).make), set1ToSet2(scancodesFor(key).break)];
    expect(set2('a')).toEqual([[0x1c], [0xf0, 0x1c]]);
    expect(set2('Enter')).toEqual([[0x5a], [0xf0, 0x5a]]);
    expect(set2('Escape')).toEqual([[0x76], [0xf0, 0x76]]);
    expect(set2('F7')).toEqual([[0x83], [0xf0, 0x83]]);
    expect(set2('ArrowUp')).toEqual([[0xe0, 0x75], [0xe0, 0xf0, 0x75]]);
    expect(set2('PrintScreen')).toEqual([[0xe0, 0x12, 0xe0, 0x7c], [0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12]]);
    expect(set2('Pause')[0]).toEqual([0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77]);
  });

  it('translates every key back to the set 1 bytes it started as', () => {
    for (const name of keyNames()) {
      const { make, break: brk } = scancodesFor(name);
      expect(translate(set1ToSet2(make)), name).toEqual(make);
      expect(translate(set1ToSet2(brk)), name).toEqual(brk);
    }
  });

  it('translates replies as a real 8042 does: ID 0x83 shows as 0x41, ACK unchanged', () => {
    expect(translateSet2Byte(0x83)).toBe(0x41);
    expect(translateSet2Byte(0xfa)).toBe(0xfa);
    expect(translateSet2Byte(0xaa)).toBe(0xaa);
    expect([1, 2, 3].map(translateSet2Byte)).toEqual([0x43, 0x41, 0x3f]);
  });
});
