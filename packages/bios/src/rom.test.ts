import { expect, it } from 'vitest';
import { BIOS_TRAP_PORT, STUB_OFFSET } from './layout.js';
import { buildRom, stubOffset, vectorAt } from './rom.js';

it('has one trapping stub per vector, found again from any address inside it', () => {
  const rom = buildRom();
  for (const vector of [0x00, 0x10, 0x13, 0x16, 0xff]) {
    const at = stubOffset(vector);
    expect([rom[at], rom[at + 1], rom[at + 2]]).toEqual([0xe6, BIOS_TRAP_PORT, 0xcf]); // out imm8, al; iret
    for (let i = 0; i < 8; i++) expect(vectorAt(at + i)).toBe(vector);
  }
  // INT 08h chains to INT 1Ch before its IRET.
  expect([...rom.subarray(stubOffset(8), stubOffset(8) + 5)]).toEqual([0xe6, BIOS_TRAP_PORT, 0xcd, 0x1c, 0xcf]);
  expect(vectorAt(STUB_OFFSET - 1)).toBeUndefined();
  expect(vectorAt(stubOffset(255) + 8)).toBeUndefined();
  // The PC/AT model byte and the reset vector's far jump.
  expect(rom[0xfffe]).toBe(0xfc);
  expect(rom[0xfff0]).toBe(0xea);
});
