/** Host mappings: zeroed, page-aligned, viewed in place, and harmless to touch after release. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapAnonymous, retireMapping } from './mapping.js';

/** Whether /proc/self/maps lists a mapping starting at `address`. */
function isMapped(address: bigint): boolean {
  const start = address.toString(16);
  return readFileSync('/proc/self/maps', 'utf8').split('\n').some((line) => line.startsWith(`${start}-`));
}

describe('anonymous mappings', () => {
  it('are zeroed, page-aligned and seen in place through the view', () => {
    const mapping = mapAnonymous(0x3000, 'test');
    expect(mapping.address % 0x1000n).toBe(0n);
    const bytes = new Uint8Array(mapping.buffer);
    expect(bytes.length).toBe(0x3000);
    expect(bytes.every((b) => b === 0)).toBe(true);
    bytes[0x2fff] = 0xaa;
    const again = new Uint8Array(mapping.buffer);
    expect(again[0x2fff]).toBe(0xaa);
    retireMapping(mapping);
  });

  it('drop their contents when retired, while old views stay safe to read and write', () => {
    const mapping = mapAnonymous(0x2000, 'test');
    const bytes = new Uint8Array(mapping.buffer);
    bytes.fill(0x55);
    retireMapping(mapping);
    expect(isMapped(mapping.address)).toBe(true); // until the view is garbage-collected
    expect(bytes[0]).toBe(0);
    expect(bytes[0x1fff]).toBe(0);
    bytes[10] = 1;
    expect(bytes[10]).toBe(1);
  });
});
