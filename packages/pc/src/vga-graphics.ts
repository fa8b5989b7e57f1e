/**
 * The parts of a VGA that mode 13h programs touch besides the framebuffer
 * (which is plain RAM at A0000h, written without exits): the DAC palette ports
 * and input status register 1.
 *
 *   3C6h  PEL mask (kept, applied by `rgb()`)
 *   3C7h  write: DAC read index; read: DAC state (00h = reading, 03h = writing)
 *   3C8h  DAC write index (read back)
 *   3C9h  DAC data: red, green, blue in turn (6 bits each), index advancing after blue
 *   3DAh  input status 1: bit 3 vertical retrace and bit 0 display disabled, both
 *         toggling on every read so that "wait for retrace" loops finish at once
 *
 * Reference: IBM VGA Technical Reference, "Video DAC" and "Input Status Register
 * One"; FreeVGA "DAC operation". Not emulated: the attribute controller, sequencer
 * and graphics controller (planar modes, mode X), real retrace timing.
 */
import type { AccessSize, Device } from '@tinyvm/core';
import type { Dac } from '@tinyvm/bios';

export const DAC_PORT_BASE = 0x3c6;
export const DAC_PORT_COUNT = 4;
export const INPUT_STATUS_PORT = 0x3da;

const PEL_MASK_OFFSET = 0;
const DAC_STATE_OFFSET = 1; // read: state; write: read index
const DAC_WRITE_INDEX_OFFSET = 2;
const DAC_DATA_OFFSET = 3;

const DAC_STATE_READING = 0x00;
const DAC_STATE_WRITING = 0x03;
const STATUS_DISPLAY_DISABLED_BIT = 0b0000_0001;
const STATUS_VERTICAL_RETRACE_BIT = 0b0000_1000;
const DEFAULT_PEL_MASK = 0xff;
const SIX_BITS = 0x3f;

export const GRAPHICS_BASE = 0xa0000;
export const GRAPHICS_SIZE = 0x10000;
export const GRAPHICS_WIDTH = 320;
export const GRAPHICS_HEIGHT = 200;

export interface VgaGraphicsState {
  /** 256 × [r, g, b], 6 bits each. */
  palette: number[];
  pelMask: number;
  readIndex: number;
  writeIndex: number;
  /** Which component (0 red, 1 green, 2 blue) the next data access is. */
  readComponent: number;
  writeComponent: number;
  /** The DAC was last given a read (true) or a write index. */
  reading: boolean;
  retrace: boolean;
}

export function defaultVgaGraphicsState(): VgaGraphicsState {
  return {
    palette: new Array<number>(256 * 3).fill(0),
    pelMask: DEFAULT_PEL_MASK,
    readIndex: 0,
    writeIndex: 0,
    readComponent: 0,
    writeComponent: 0,
    reading: false,
    retrace: false,
  };
}

export class VgaGraphics implements Dac {
  readonly name = 'vga-dac';
  state: VgaGraphicsState = defaultVgaGraphicsState();
  /** Ports 3C6h-3C9h. */
  readonly dacPorts: Device;
  /** Port 3DAh. */
  readonly statusPort: Device;

  constructor() {
    this.dacPorts = {
      name: 'vga-dac',
      read: (offset: number, size: AccessSize) => bytewise(size, (i) => this.#readDac(offset + i)),
      write: (offset: number, size: AccessSize, value: number) => {
        for (let i = 0; i < size; i++) this.#writeDac(offset + i, (value >>> (8 * i)) & 0xff);
      },
    };
    this.statusPort = {
      name: 'vga-status',
      read: (offset: number, size: AccessSize) => bytewise(size, (i) => (offset + i === 0 ? this.#readStatus() : 0xff)),
      write: () => {
        // Input status 1 is read-only at 3DAh (writes there go to the feature control register, not emulated).
      },
    };
  }

  setColor(index: number, red: number, green: number, blue: number): void {
    const at = (index & 0xff) * 3;
    this.state.palette[at] = red & SIX_BITS;
    this.state.palette[at + 1] = green & SIX_BITS;
    this.state.palette[at + 2] = blue & SIX_BITS;
  }

  getColor(index: number): [number, number, number] {
    const at = (index & 0xff) * 3;
    const p = this.state.palette;
    return [p[at], p[at + 1], p[at + 2]];
  }

  /** The 8-bit RGB a pixel value shows as (PEL mask applied, 6-bit DAC scaled). */
  rgb(pixel: number): [number, number, number] {
    const [r, g, b] = this.getColor(pixel & this.state.pelMask);
    const scale = (v: number) => (v << 2) | (v >> 4);
    return [scale(r), scale(g), scale(b)];
  }

  #readDac(offset: number): number {
    const s = this.state;
    switch (offset) {
      case PEL_MASK_OFFSET:
        return s.pelMask;
      case DAC_STATE_OFFSET:
        return s.reading ? DAC_STATE_READING : DAC_STATE_WRITING;
      case DAC_WRITE_INDEX_OFFSET:
        return s.writeIndex;
      case DAC_DATA_OFFSET: {
        const value = s.palette[s.readIndex * 3 + s.readComponent];
        if (++s.readComponent === 3) {
          s.readComponent = 0;
          s.readIndex = (s.readIndex + 1) & 0xff;
        }
        return value;
      }
      default:
        // Past the four ports: nothing drives the bus.
        return 0xff;
    }
  }

  #writeDac(offset: number, value: number): void {
    const s = this.state;
    switch (offset) {
      case PEL_MASK_OFFSET:
        s.pelMask = value;
        break;
      case DAC_STATE_OFFSET:
        s.readIndex = value;
        s.readComponent = 0;
        s.reading = true;
        break;
      case DAC_WRITE_INDEX_OFFSET:
        s.writeIndex = value;
        s.writeComponent = 0;
        s.reading = false;
        break;
      case DAC_DATA_OFFSET:
        s.palette[s.writeIndex * 3 + s.writeComponent] = value & SIX_BITS;
        if (++s.writeComponent === 3) {
          s.writeComponent = 0;
          s.writeIndex = (s.writeIndex + 1) & 0xff;
        }
        break;
      default:
        // Dropped.
        break;
    }
  }

  #readStatus(): number {
    const s = this.state;
    s.retrace = !s.retrace;
    return s.retrace ? STATUS_VERTICAL_RETRACE_BIT | STATUS_DISPLAY_DISABLED_BIT : 0;
  }
}

function bytewise(size: AccessSize, byte: (i: number) => number): number {
  let value = 0;
  for (let i = 0; i < size; i++) value |= byte(i) << (8 * i);
  return value >>> 0;
}
