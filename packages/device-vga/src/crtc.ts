/**
 * The VGA CRT Controller's index/data register pair (ports 3D4h/3D5h in colour
 * mode), as far as text mode needs it: the cursor shape and location and the
 * display start address. Every other CRTC register is stored and read back but
 * has no effect (no timings, no scan-out). The register-protect bit (CR11 bit 7)
 * is not emulated: writes to CR00-CR07 are stored like any other. A wider
 * access is byte accesses at 3D4h, 3D5h, ... (core's ByteWideDevice): `out dx,
 * ax` to 3D4h writes the index (AL) and then the data port (AH), the usual BIOS
 * idiom; bytes past the two ports are counted in `ignoredAccesses`.
 *
 * Datasheet: IBM VGA Technical Reference, "CRT Controller Registers"
 * (also FreeVGA, http://www.osdever.net/FreeVGA/vga/crtcreg.htm).
 */
import { ByteWideDevice, type StatefulDevice } from '@tinyvm/core';
import { VGA_COLUMNS, VGA_ROWS, VGA_TEXT_CELLS } from './layout.js';

/** Where the pair sits on the port bus in colour modes. */
export const CRTC_PORT_BASE = 0x3d4;
export const CRTC_PORT_COUNT = 2;

// Offsets from CRTC_PORT_BASE.
export const CRTC_INDEX_OFFSET = 0;
export const CRTC_DATA_OFFSET = 1;

/** CR00-CR18; the index register holds 5 bits. */
export const CRTC_REGISTER_COUNT = 0x19;
const CRTC_INDEX_MASK = 0b1_1111;

// Register indices.
export const CRTC_CURSOR_START = 0x0a;
export const CRTC_CURSOR_END = 0x0b;
export const CRTC_START_ADDRESS_HIGH = 0x0c;
export const CRTC_START_ADDRESS_LOW = 0x0d;
export const CRTC_CURSOR_LOCATION_HIGH = 0x0e;
export const CRTC_CURSOR_LOCATION_LOW = 0x0f;

// CR0A bits.
export const CURSOR_DISABLE_BIT = 0b0010_0000;
export const CURSOR_SCANLINE_MASK = 0b0001_1111;

/** CR00-CR18 as the VGA BIOS programs them for mode 3 (80x25 colour text). */
export const DEFAULT_CRTC_REGISTERS: readonly number[] = [
  0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00, 0x00, 0x00, 0x00,
  0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff,
];
export const DEFAULT_CRTC_INDEX = 0;

export interface CrtcState {
  index: number;
  registers: number[];
}

export interface CursorPosition {
  /** Row and column on the visible page (may lie off the page: then it is not drawn). */
  row: number;
  col: number;
  /** Cursor enabled (CR0A bit 5 clear), start scan line ≤ end, and on the page. */
  visible: boolean;
}

export class VgaCrtc extends ByteWideDevice implements StatefulDevice<CrtcState> {
  readonly name = 'vga-crtc';
  #index = DEFAULT_CRTC_INDEX;
  readonly #registers = Uint8Array.from(DEFAULT_CRTC_REGISTERS);
  /** Bytes the CRTC ignores (past its two ports, or to an index with no register); counted, never thrown. */
  ignoredAccesses = 0;

  protected readByte(offset: number): number {
    switch (offset) {
      case CRTC_INDEX_OFFSET:
        return this.#index;
      case CRTC_DATA_OFFSET:
        return this.#readRegister();
      default:
        // Past the two ports (a dword access); nothing drives the lines.
        this.ignoredAccesses++;
        return 0xff;
    }
  }

  protected writeByte(offset: number, value: number): void {
    switch (offset) {
      case CRTC_INDEX_OFFSET:
        this.#index = value & CRTC_INDEX_MASK;
        break;
      case CRTC_DATA_OFFSET:
        this.#writeRegister(value);
        break;
      default:
        // Past the two ports (a dword access): dropped.
        this.ignoredAccesses++;
        break;
    }
  }

  reset(): void {
    this.#index = DEFAULT_CRTC_INDEX;
    this.#registers.set(DEFAULT_CRTC_REGISTERS);
    this.ignoredAccesses = 0;
  }

  saveState(): CrtcState {
    return { index: this.#index, registers: Array.from(this.#registers) };
  }

  restoreState(state: CrtcState): void {
    this.#index = state.index & CRTC_INDEX_MASK;
    for (let i = 0; i < CRTC_REGISTER_COUNT; i++) this.#registers[i] = (state.registers[i] ?? DEFAULT_CRTC_REGISTERS[i]) & 0xff;
  }

  /** First cell of the visible page, in cells from B8000 (CR0C:CR0D), wrapped to the 32 KiB window. */
  get startAddress(): number {
    return ((this.#registers[CRTC_START_ADDRESS_HIGH] << 8) | this.#registers[CRTC_START_ADDRESS_LOW]) % VGA_TEXT_CELLS;
  }

  /** Cursor cell in cells from B8000 (CR0E:CR0F). */
  get cursorLocation(): number {
    return (this.#registers[CRTC_CURSOR_LOCATION_HIGH] << 8) | this.#registers[CRTC_CURSOR_LOCATION_LOW];
  }

  get cursor(): CursorPosition {
    const cell = (this.cursorLocation - this.startAddress + VGA_TEXT_CELLS) % VGA_TEXT_CELLS;
    const row = Math.floor(cell / VGA_COLUMNS);
    const col = cell % VGA_COLUMNS;
    const start = this.#registers[CRTC_CURSOR_START];
    const end = this.#registers[CRTC_CURSOR_END] & CURSOR_SCANLINE_MASK;
    // A start scan line below the end draws nothing (FreeVGA, CR0A "Cursor Scan Line Start").
    const enabled = (start & CURSOR_DISABLE_BIT) === 0 && (start & CURSOR_SCANLINE_MASK) <= end;
    return { row, col, visible: enabled && row < VGA_ROWS };
  }

  #readRegister(): number {
    // Indices 19h-1Fh name no register: reads float high.
    return this.#index < CRTC_REGISTER_COUNT ? this.#registers[this.#index] : 0xff;
  }

  #writeRegister(value: number): void {
    if (this.#index < CRTC_REGISTER_COUNT) this.#registers[this.#index] = value;
    else this.ignoredAccesses++;
  }
}
