import { describe, expect, it } from 'vitest';
import {
  CRTC_CURSOR_END, CRTC_CURSOR_LOCATION_HIGH, CRTC_CURSOR_LOCATION_LOW, CRTC_CURSOR_START, CRTC_DATA_OFFSET,
  CRTC_INDEX_OFFSET, CRTC_START_ADDRESS_HIGH, CRTC_START_ADDRESS_LOW, CURSOR_DISABLE_BIT, VgaCrtc,
} from './crtc.js';

function setRegister(crtc: VgaCrtc, index: number, value: number): void {
  crtc.write(CRTC_INDEX_OFFSET, 1, index);
  crtc.write(CRTC_DATA_OFFSET, 1, value);
}

function setCursorCell(crtc: VgaCrtc, cell: number): void {
  setRegister(crtc, CRTC_CURSOR_LOCATION_HIGH, cell >> 8);
  setRegister(crtc, CRTC_CURSOR_LOCATION_LOW, cell & 0xff);
}

describe('VgaCrtc', () => {
  it('starts with a visible cursor at the top left, as the BIOS leaves mode 3', () => {
    expect(new VgaCrtc().cursor).toEqual({ row: 0, col: 0, visible: true });
  });

  it('places the cursor from CR0E:CR0F (cell = row * 80 + col)', () => {
    const crtc = new VgaCrtc();
    setCursorCell(crtc, 12 * 80 + 34);
    expect(crtc.cursor).toEqual({ row: 12, col: 34, visible: true });
  });

  it('accepts the `out dx, ax` idiom: index in the low byte, data in the high byte', () => {
    const crtc = new VgaCrtc();
    crtc.write(CRTC_INDEX_OFFSET, 2, (0x07 << 8) | CRTC_CURSOR_LOCATION_HIGH);
    crtc.write(CRTC_INDEX_OFFSET, 2, (0xd0 << 8) | CRTC_CURSOR_LOCATION_LOW);
    expect(crtc.cursorLocation).toBe(0x07d0);
    // 0x7d0 = 2000: one past the last cell of the page, so not drawn.
    expect(crtc.cursor).toEqual({ row: 25, col: 0, visible: false });
  });

  it('hides the cursor when CR0A bit 5 is set, or when the start scan line is below the end', () => {
    const crtc = new VgaCrtc();
    setRegister(crtc, CRTC_CURSOR_START, CURSOR_DISABLE_BIT | 0x0d);
    expect(crtc.cursor.visible).toBe(false);
    setRegister(crtc, CRTC_CURSOR_START, 0x0f);
    setRegister(crtc, CRTC_CURSOR_END, 0x0e);
    expect(crtc.cursor.visible).toBe(false);
    setRegister(crtc, CRTC_CURSOR_START, 0x00);
    expect(crtc.cursor.visible).toBe(true);
  });

  it('measures the cursor from the display start address (CR0C:CR0D)', () => {
    const crtc = new VgaCrtc();
    setRegister(crtc, CRTC_START_ADDRESS_HIGH, 0x00);
    setRegister(crtc, CRTC_START_ADDRESS_LOW, 80);
    setCursorCell(crtc, 80 + 5);
    expect(crtc.startAddress).toBe(80);
    expect(crtc.cursor).toEqual({ row: 0, col: 5, visible: true });
  });

  it('reads back the index and the selected register', () => {
    const crtc = new VgaCrtc();
    setRegister(crtc, CRTC_CURSOR_LOCATION_LOW, 0x42);
    expect(crtc.read(CRTC_INDEX_OFFSET, 1)).toBe(CRTC_CURSOR_LOCATION_LOW);
    expect(crtc.read(CRTC_DATA_OFFSET, 1)).toBe(0x42);
    expect(crtc.read(CRTC_INDEX_OFFSET, 2)).toBe((0x42 << 8) | CRTC_CURSOR_LOCATION_LOW);
  });

  it('never throws on guest nonsense: unknown indices and bytes past the two ports are counted', () => {
    const crtc = new VgaCrtc();
    crtc.write(CRTC_INDEX_OFFSET, 1, 0xff); // index keeps 5 bits: 0x1F, no register there
    expect(crtc.read(CRTC_INDEX_OFFSET, 1)).toBe(0x1f);
    expect(crtc.read(CRTC_DATA_OFFSET, 1)).toBe(0xff);
    crtc.write(CRTC_DATA_OFFSET, 1, 0x12);
    expect(crtc.ignoredAccesses).toBe(1);
    // A dword is four byte accesses: index 0x18 (CR18, line compare), its data 0x56, then two ports that are not the CRTC's.
    crtc.write(CRTC_INDEX_OFFSET, 4, 0x12345678);
    expect(crtc.saveState().registers[0x18]).toBe(0x56);
    expect(crtc.read(CRTC_INDEX_OFFSET, 4)).toBe(0xffff5618);
    expect(crtc.ignoredAccesses).toBe(5);
    expect(crtc.cursor).toEqual({ row: 0, col: 0, visible: true });
  });

  it('saves and restores its registers', () => {
    const a = new VgaCrtc();
    setCursorCell(a, 3 * 80 + 7);
    const b = new VgaCrtc();
    b.restoreState(a.saveState());
    expect(b.cursor).toEqual({ row: 3, col: 7, visible: true });
    b.reset();
    expect(b.cursor).toEqual({ row: 0, col: 0, visible: true });
  });
});
