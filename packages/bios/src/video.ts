/**
 * INT 10h, video services, for VGA text modes 00h/01h (40×25, 8 pages of 2 KiB),
 * 02h/03h (80×25, 8 pages of 4 KiB), all at B800:0000, and graphics mode 13h
 * (320×200, 256 colours at A000:0000). State is
 * kept in the BDA (mode 0x449, columns 0x44A, cursor positions 0x450, shape 0x460,
 * active page 0x462) and the hardware cursor and page start are programmed through
 * the CRTC ports (3D4h/3D5h), so a guest that reads either sees the same thing.
 * Function list: Ralf Brown's Interrupt List, INT 10.
 *
 * In mode 13h, character output (AH=09h, 0Ah, 0Eh, 13h) draws the ROM's 8×8 glyphs
 * in 40×25 cells with the colour in BL (bit 7: XOR), as the IBM BIOS does.
 *
 * Modes 00h/01h and 02h/03h differ only in colour burst on a CGA; on a VGA all four
 * are colour, and so they are here (00h and 02h are not shown in grey).
 *
 * Not emulated: modes other than 00h-03h and 13h (the call leaves the mode as it was
 * and is counted), the CRTC timing registers of the 40-column modes (the offset
 * register CR13h is set, so the row length is right for software that reads it;
 * @tinyvm/device-vga renders 80 columns, and the PC's screen reads 40-column pages itself), reading characters back in mode 13h (AH=08h answers 0), 8×14
 * and 9-dot fonts (AX=1130h gives the 8×16 one for them), loading fonts (AH=11h
 * AL≠30h), light pens, EGA palette registers (accepted, ignored).
 */
import type { BiosCall } from './call.js';
import type { BiosDataArea } from './bda.js';
import { font8x8, FONT_8X8_HEIGHT } from './font/font.js';
import { BDA, FONT_8X16_OFFSET, FONT_8X8_OFFSET, IVT_BASE, ROM_SEGMENT } from './layout.js';
import type { PortIo } from './ports.js';

/** The DAC of a VGA: 256 entries of 6-bit red, green, blue. */
export interface Dac {
  setColor(index: number, red: number, green: number, blue: number): void;
  getColor(index: number): [number, number, number];
}

export interface VideoMemory {
  /** 32 KiB at B8000 (the text pages). */
  text: Uint8Array;
  /** 64 KiB at A0000 (mode 13h framebuffer); mode 13h is refused without it. */
  graphics?: Uint8Array;
  dac?: Dac;
}

export const MODE_TEXT_40X25_GREY = 0x00;
export const MODE_TEXT_40X25 = 0x01;
export const MODE_TEXT_80X25_GREY = 0x02;
export const MODE_TEXT_80X25 = 0x03;
export const MODE_GRAPHICS_320X200 = 0x13;

const COLUMNS = 80;
const COLUMNS_40 = 40;
const ROWS = 25;
const PAGE_BYTES = 0x1000;
const PAGE_BYTES_40 = 0x0800;
const PAGES = 8;
/** All 8 pages of any text mode: 32 KiB at B8000. */
const TEXT_BYTES = PAGES * PAGE_BYTES;
const GRAPHICS_WIDTH = 320;
const GRAPHICS_HEIGHT = 200;
const GRAPHICS_COLUMNS = 40;
const BLANK_ATTRIBUTE = 0x07;
/** Cursor scan lines 6-7 of a 16-line cell, as mode 03h sets them (CH=06h, CL=07h). */
const DEFAULT_CURSOR_SHAPE = 0x0607;

const CRTC_INDEX = 0x3d4;
const CRTC_DATA = 0x3d5;
const CRTC_CURSOR_START = 0x0a;
const CRTC_CURSOR_END = 0x0b;
const CRTC_START_HIGH = 0x0c;
const CRTC_START_LOW = 0x0d;
const CRTC_CURSOR_HIGH = 0x0e;
const CRTC_CURSOR_LOW = 0x0f;
/** CR13h Offset: words per character row in text modes (columns / 2). */
const CRTC_OFFSET = 0x13;

const BELL = 0x07;
const BACKSPACE = 0x08;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export class VideoServices {
  /** Calls for functions or modes that are not emulated. */
  unsupported = 0;
  readonly #font = font8x8();

  constructor(
    private readonly bda: BiosDataArea,
    private readonly io: PortIo,
    private readonly memory: VideoMemory,
  ) {}

  get mode(): number {
    return this.bda.read8(BDA.VIDEO_MODE);
  }

  handle(call: BiosCall): void {
    switch (call.ah) {
      case 0x00: return this.setMode(call.al);
      case 0x01: return this.#setCursorShape(call.ch, call.cl);
      case 0x02: return this.#setCursor(call.bh & 7, call.dh, call.dl);
      case 0x03: {
        const [row, column] = this.#cursor(call.bh & 7);
        call.dh = row;
        call.dl = column;
        call.cx = this.bda.read16(BDA.CURSOR_SHAPE);
        call.ax = 0;
        return;
      }
      case 0x05: return this.#setActivePage(call.al & 7);
      case 0x06: return this.#scroll(call.al, call.ch, call.cl, call.dh, call.dl, call.bh, true);
      case 0x07: return this.#scroll(call.al, call.ch, call.cl, call.dh, call.dl, call.bh, false);
      case 0x08: {
        const page = call.bh & 7;
        const [row, column] = this.#cursor(page);
        const at = this.#cellOffset(page, row, column);
        call.al = this.memory.text[at];
        call.ah = this.memory.text[at + 1];
        return;
      }
      case 0x09: return this.#writeRepeated(call.bh & 7, call.al, call.bl, call.cx, true);
      case 0x0a: return this.#writeRepeated(call.bh & 7, call.al, call.bl, call.cx, false);
      case 0x0b:
        // Border/background colour (BH=00h) or CGA palette (BH=01h): kept in 0040:0066, nothing drawn differently.
        this.bda.write8(BDA.PALETTE, call.bh === 0 ? (this.bda.read8(BDA.PALETTE) & 0xe0) | (call.bl & 0x1f) : this.bda.read8(BDA.PALETTE));
        return;
      case 0x0c: return this.#writePixel(call.cx, call.dx, call.al);
      case 0x0d:
        call.al = this.#readPixel(call.cx, call.dx);
        return;
      case 0x0e: return this.teletype(call.al, call.bl);
      case 0x0f:
        call.al = this.mode;
        call.ah = this.bda.read16(BDA.VIDEO_COLUMNS);
        call.bh = this.bda.read8(BDA.ACTIVE_PAGE);
        return;
      case 0x10: return this.#palette(call);
      case 0x11: return this.#fontInfo(call);
      case 0x12:
        // BL=10h: EGA/VGA information: colour, 256 KiB, no feature bits.
        if (call.bl === 0x10) {
          call.bh = 0;
          call.bl = 3;
          call.cx = 0;
          return;
        }
        this.unsupported++;
        return;
      case 0x13: return this.#writeString(call);
      case 0x1a:
        // AL=00h: display combination code: VGA with colour analog display (08h).
        if (call.al === 0x00) {
          call.al = 0x1a;
          call.bx = 0x0008;
          return;
        }
        this.unsupported++;
        return;
      default:
        this.unsupported++;
    }
  }

  /** AH=00h. Bit 7 of the mode keeps the video memory as it is. */
  setMode(requested: number): void {
    const mode = requested & 0x7f;
    const keep = (requested & 0x80) !== 0;
    if (mode === MODE_GRAPHICS_320X200 && this.memory.graphics !== undefined) {
      if (!keep) this.memory.graphics.fill(0, 0, GRAPHICS_WIDTH * GRAPHICS_HEIGHT);
      this.#loadDefaultPalette();
      this.#setModeFields(mode, 40, 0x2000);
    } else if (mode === MODE_TEXT_80X25 || mode === MODE_TEXT_80X25_GREY || mode === MODE_TEXT_40X25 || mode === MODE_TEXT_40X25_GREY) {
      if (!keep) {
        for (let i = 0; i < TEXT_BYTES; i += 2) {
          this.memory.text[i] = 0x20;
          this.memory.text[i + 1] = BLANK_ATTRIBUTE;
        }
      }
      const columns = mode <= MODE_TEXT_40X25 ? COLUMNS_40 : COLUMNS;
      this.#setModeFields(mode, columns, columns === COLUMNS_40 ? PAGE_BYTES_40 : PAGE_BYTES);
      this.#crtc(CRTC_OFFSET, columns / 2);
      this.#setCursorShape(DEFAULT_CURSOR_SHAPE >> 8, DEFAULT_CURSOR_SHAPE & 0xff);
    } else {
      this.unsupported++;
      return;
    }
    for (let page = 0; page < PAGES; page++) this.bda.write16(BDA.CURSOR_POSITIONS + page * 2, 0);
    this.#setActivePage(0);
  }

  /** AH=0Eh: write a character at the cursor and advance, scrolling the page at the bottom. */
  teletype(char: number, color: number): void {
    const page = this.bda.read8(BDA.ACTIVE_PAGE) & 7;
    let [row, column] = this.#cursor(page);
    switch (char) {
      case BELL:
        return;
      case BACKSPACE:
        if (column > 0) column--;
        break;
      case CARRIAGE_RETURN:
        column = 0;
        break;
      case LINE_FEED:
        row++;
        break;
      default:
        if (this.#isText()) this.memory.text[this.#cellOffset(page, row, column)] = char;
        else this.#drawGlyph(row, column, char, color);
        column++;
    }
    if (column >= this.#columns()) {
      column = 0;
      row++;
    }
    if (row >= ROWS) {
      // The new line takes the attribute of the character at the cursor (IBM BIOS).
      const attribute = this.#isText() ? this.memory.text[this.#cellOffset(page, ROWS - 1, column) + 1] : 0;
      this.#scrollPage(page, 1, 0, 0, ROWS - 1, this.#columns() - 1, attribute, true);
      row = ROWS - 1;
    }
    this.#setCursor(page, row, column);
  }

  #isText(): boolean {
    return this.mode !== MODE_GRAPHICS_320X200;
  }

  /** Character columns of the current mode: 40 or 80 in text (from the BDA, as the IBM BIOS keeps it), 40 in mode 13h. */
  #columns(): number {
    if (!this.#isText()) return GRAPHICS_COLUMNS;
    // A guest may scribble on the BDA: anything but 40 is taken as 80.
    return this.bda.read16(BDA.VIDEO_COLUMNS) === COLUMNS_40 ? COLUMNS_40 : COLUMNS;
  }

  /** Bytes per text page: 2 KiB at 40 columns, 4 KiB at 80. */
  #pageBytes(): number {
    return this.#columns() === COLUMNS_40 ? PAGE_BYTES_40 : PAGE_BYTES;
  }

  /** An 8×8 glyph in mode 13h cell (row, column): set pixels in `color` (XOR with bit 7), the rest 0. */
  #drawGlyph(row: number, column: number, char: number, color: number): void {
    const fb = this.memory.graphics;
    if (fb === undefined || row >= ROWS || column >= GRAPHICS_COLUMNS) return;
    const xor = (color & 0x80) !== 0;
    for (let y = 0; y < FONT_8X8_HEIGHT; y++) {
      const bits = this.#font[char * FONT_8X8_HEIGHT + y];
      const at = (row * 8 + y) * GRAPHICS_WIDTH + column * 8;
      for (let x = 0; x < 8; x++) {
        const on = (bits & (0x80 >> x)) !== 0;
        if (xor) fb[at + x] ^= on ? color & 0x7f : 0;
        else fb[at + x] = on ? color : 0;
      }
    }
  }

  #setModeFields(mode: number, columns: number, pageBytes: number): void {
    this.bda.write8(BDA.VIDEO_MODE, mode);
    this.bda.write16(BDA.VIDEO_COLUMNS, columns);
    this.bda.write16(BDA.VIDEO_PAGE_SIZE, pageBytes);
    this.bda.write16(BDA.CRTC_BASE, CRTC_INDEX);
    this.bda.write8(BDA.VIDEO_ROWS, ROWS - 1);
    this.bda.write16(BDA.CHAR_HEIGHT, mode === MODE_GRAPHICS_320X200 ? 8 : 16);
  }

  #cursor(page: number): [row: number, column: number] {
    const word = this.bda.read16(BDA.CURSOR_POSITIONS + page * 2);
    return [word >> 8, word & 0xff];
  }

  #cellOffset(page: number, row: number, column: number): number {
    return page * this.#pageBytes() + (row * this.#columns() + column) * 2;
  }

  #crtc(register: number, value: number): void {
    this.io.write(CRTC_INDEX, 1, register);
    this.io.write(CRTC_DATA, 1, value & 0xff);
  }

  #setCursor(page: number, row: number, column: number): void {
    this.bda.write16(BDA.CURSOR_POSITIONS + page * 2, ((row & 0xff) << 8) | (column & 0xff));
    if (page !== (this.bda.read8(BDA.ACTIVE_PAGE) & 7)) return;
    // The CRTC cursor location counts cells from the start of video memory.
    const location = (page * this.#pageBytes()) / 2 + row * this.#columns() + column;
    this.#crtc(CRTC_CURSOR_HIGH, location >> 8);
    this.#crtc(CRTC_CURSOR_LOW, location);
  }

  #setCursorShape(start: number, end: number): void {
    this.bda.write16(BDA.CURSOR_SHAPE, ((start & 0xff) << 8) | (end & 0xff));
    this.#crtc(CRTC_CURSOR_START, start & 0x3f); // bit 5: cursor off
    this.#crtc(CRTC_CURSOR_END, end & 0x1f);
  }

  #setActivePage(page: number): void {
    this.bda.write8(BDA.ACTIVE_PAGE, page);
    const offset = this.#isText() ? page * this.#pageBytes() : 0;
    this.bda.write16(BDA.VIDEO_PAGE_OFFSET, offset);
    // CRTC start address counts words (cells) in text modes.
    this.#crtc(CRTC_START_HIGH, (offset / 2) >> 8);
    this.#crtc(CRTC_START_LOW, offset / 2);
    const [row, column] = this.#cursor(page);
    this.#setCursor(page, row, column);
  }

  /** AH=06h/07h on the active page; AL=0 (or more lines than the window) clears it. */
  #scroll(lines: number, top: number, left: number, bottom: number, right: number, attribute: number, up: boolean): void {
    const page = this.bda.read8(BDA.ACTIVE_PAGE) & 7;
    this.#scrollPage(page, lines, top, left, Math.min(bottom, ROWS - 1), Math.min(right, this.#columns() - 1), attribute, up);
  }

  #scrollPage(page: number, lines: number, top: number, left: number, bottom: number, right: number, attribute: number, up: boolean): void {
    if (top > bottom || left > right) return;
    if (!this.#isText()) return this.#scrollGraphics(lines, top, left, bottom, right, attribute, up);
    const text = this.memory.text;
    const height = bottom - top + 1;
    const count = lines === 0 || lines > height ? height : lines;
    const width = (right - left + 1) * 2;
    for (let i = 0; i < height; i++) {
      const row = up ? top + i : bottom - i;
      const to = this.#cellOffset(page, row, left);
      if (i + count < height) {
        const from = this.#cellOffset(page, up ? row + count : row - count, left);
        text.copyWithin(to, from, from + width);
      } else {
        for (let c = 0; c < width; c += 2) {
          text[to + c] = 0x20;
          text[to + c + 1] = attribute;
        }
      }
    }
  }

  /** Mode 13h scrolls 8-pixel character rows, filling with the colour in BH. */
  #scrollGraphics(lines: number, top: number, left: number, bottom: number, right: number, color: number, up: boolean): void {
    const fb = this.memory.graphics;
    if (fb === undefined) return;
    const height = bottom - top + 1;
    const count = lines === 0 || lines > height ? height : lines;
    const rightColumn = Math.min(right, 39);
    const x0 = left * 8;
    const width = (rightColumn - left + 1) * 8;
    if (width <= 0) return;
    for (let i = 0; i < height * 8; i++) {
      const y = up ? top * 8 + i : bottom * 8 + 7 - i;
      if (y >= GRAPHICS_HEIGHT) continue;
      const to = y * GRAPHICS_WIDTH + x0;
      if (i + count * 8 < height * 8) {
        const from = (up ? y + count * 8 : y - count * 8) * GRAPHICS_WIDTH + x0;
        fb.copyWithin(to, from, from + width);
      } else {
        fb.fill(color, to, to + width);
      }
    }
  }

  #writeRepeated(page: number, char: number, attribute: number, count: number, withAttribute: boolean): void {
    if (!this.#isText()) {
      // Graphics modes have no attribute bytes: both functions draw in the colour in BL.
      const [row, column] = this.#cursor(page);
      for (let i = 0; i < count && column + i < GRAPHICS_COLUMNS; i++) this.#drawGlyph(row, column + i, char, attribute);
      return;
    }
    const [row, column] = this.#cursor(page);
    const start = this.#cellOffset(page, row, column);
    const end = Math.min(start + count * 2, (page + 1) * this.#pageBytes());
    for (let at = start; at < end; at += 2) {
      this.memory.text[at] = char;
      if (withAttribute) this.memory.text[at + 1] = attribute;
    }
  }

  #writePixel(x: number, y: number, color: number): void {
    const fb = this.memory.graphics;
    if (this.#isText() || fb === undefined || x >= GRAPHICS_WIDTH || y >= GRAPHICS_HEIGHT) return;
    const at = y * GRAPHICS_WIDTH + x;
    // Bit 7 of AL XORs the pixel (IBM BIOS, modes 04h-06h and 13h alike in most BIOSes).
    fb[at] = color & 0x80 ? fb[at] ^ (color & 0x7f) : color;
  }

  #readPixel(x: number, y: number): number {
    const fb = this.memory.graphics;
    if (this.#isText() || fb === undefined || x >= GRAPHICS_WIDTH || y >= GRAPHICS_HEIGHT) return 0;
    return fb[y * GRAPHICS_WIDTH + x];
  }

  /** AH=13h: AL bit 0 moves the cursor, bit 1 means the string alternates characters and attributes. */
  #writeString(call: BiosCall): void {
    const page = call.bh & 7;
    const moveCursor = (call.al & 1) !== 0;
    const withAttributes = (call.al & 2) !== 0;
    const [savedRow, savedColumn] = this.#cursor(page);
    const activePage = this.bda.read8(BDA.ACTIVE_PAGE);
    // Teletype works on the active page; write on the requested one for the duration.
    this.bda.write8(BDA.ACTIVE_PAGE, page);
    this.#setCursor(page, call.dh, call.dl);
    let at = call.esPointer(call.bp);
    for (let i = 0; i < call.cx; i++) {
      const char = call.memory.read8(at++);
      let attribute = call.bl;
      if (withAttributes) attribute = call.memory.read8(at++);
      if (char === BELL || char === BACKSPACE || char === CARRIAGE_RETURN || char === LINE_FEED || !this.#isText()) {
        this.teletype(char, attribute);
        continue;
      }
      const [row, column] = this.#cursor(page);
      const cell = this.#cellOffset(page, row, column);
      this.memory.text[cell + 1] = attribute;
      this.teletype(char, attribute);
    }
    this.bda.write8(BDA.ACTIVE_PAGE, activePage);
    if (!moveCursor) this.#setCursor(page, savedRow, savedColumn);
    else {
      const [row, column] = this.#cursor(page);
      this.#setCursor(page, row, column);
    }
  }

  /**
   * AH=11h AL=30h: where a font is. BH: 00h INT 1Fh, 01h INT 43h, 03h/04h the 8×8
   * font's lower/upper half, 02h/05h/06h/07h the 8×16 font. CX = bytes per
   * character of the current mode, DL = rows - 1, ES:BP = the font.
   */
  #fontInfo(call: BiosCall): void {
    if (call.al !== 0x30) {
      this.unsupported++;
      return;
    }
    const vectorPointer = (vector: number): [number, number] => [
      call.memory.read16(IVT_BASE + vector * 4 + 2), call.memory.read16(IVT_BASE + vector * 4),
    ];
    let pointer: [number, number];
    switch (call.bh) {
      case 0x00: pointer = vectorPointer(0x1f); break;
      case 0x01: pointer = vectorPointer(0x43); break;
      case 0x03: pointer = [ROM_SEGMENT, FONT_8X8_OFFSET]; break;
      case 0x04: pointer = [ROM_SEGMENT, FONT_8X8_OFFSET + 128 * 8]; break;
      default: pointer = [ROM_SEGMENT, FONT_8X16_OFFSET];
    }
    call.es = pointer[0];
    call.state.ebp = ((call.state.ebp & 0xffff0000) | pointer[1]) >>> 0;
    call.cx = this.bda.read16(BDA.CHAR_HEIGHT);
    call.dl = this.bda.read8(BDA.VIDEO_ROWS);
  }

  /** AH=10h: DAC access (AL=10h, 12h, 15h, 17h); EGA palette registers (AL=00h-03h) are accepted and ignored. */
  #palette(call: BiosCall): void {
    const dac = this.memory.dac;
    switch (call.al) {
      case 0x00: case 0x01: case 0x02: case 0x03:
        return;
      case 0x10:
        dac?.setColor(call.bx & 0xff, call.dh, call.ch, call.cl);
        return;
      case 0x12: {
        let at = call.esPointer(call.dx);
        for (let i = 0; i < call.cx && call.bx + i < 256; i++, at += 3) {
          dac?.setColor(call.bx + i, call.memory.read8(at), call.memory.read8(at + 1), call.memory.read8(at + 2));
        }
        return;
      }
      case 0x15: {
        const [r, g, b] = dac?.getColor(call.bx & 0xff) ?? [0, 0, 0];
        call.dh = r;
        call.ch = g;
        call.cl = b;
        return;
      }
      case 0x17: {
        let at = call.esPointer(call.dx);
        for (let i = 0; i < call.cx && call.bx + i < 256; i++, at += 3) {
          const [r, g, b] = dac?.getColor(call.bx + i) ?? [0, 0, 0];
          call.memory.write8(at, r);
          call.memory.write8(at + 1, g);
          call.memory.write8(at + 2, b);
        }
        return;
      }
      default:
        this.unsupported++;
    }
  }

  /**
   * The VGA's mode 13h default palette, as far as software relies on it: the 16
   * CGA colours, then 16 greys; the remaining entries are a ramp of hues.
   */
  #loadDefaultPalette(): void {
    const dac = this.memory.dac;
    if (dac === undefined) return;
    const cga = [
      [0, 0, 0], [0, 0, 42], [0, 42, 0], [0, 42, 42], [42, 0, 0], [42, 0, 42], [42, 21, 0], [42, 42, 42],
      [21, 21, 21], [21, 21, 63], [21, 63, 21], [21, 63, 63], [63, 21, 21], [63, 21, 63], [63, 63, 21], [63, 63, 63],
    ];
    cga.forEach(([r, g, b], i) => dac.setColor(i, r, g, b));
    const greys = [0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50, 56, 63];
    greys.forEach((v, i) => dac.setColor(16 + i, v, v, v));
    for (let i = 32; i < 256; i++) {
      const hue = ((i - 32) % 24) / 24;
      const level = 63 - Math.floor((i - 32) / 24) * 7;
      const channel = (offset: number) => Math.round(level * Math.max(0, 1 - Math.abs(((hue + offset) % 1) * 6 - 3) + 1) / 2);
      dac.setColor(i, Math.min(63, channel(0)), Math.min(63, channel(1 / 3)), Math.min(63, channel(2 / 3)));
    }
  }
}
