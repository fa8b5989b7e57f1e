/**
 * Byte-wide port devices: the legacy PC chips (8259A, 8254, MC146818, 8042,
 * 16550, port 61h/92h/80h, the VGA's index/data pairs) have an 8-bit data bus.
 *
 * The rule, in one place: a 16- or 32-bit access at `offset` is the byte
 * accesses at offset, offset+1, ... in that order, least significant byte
 * first. On a PC the bus does this: the processor treats consecutive 8-bit
 * ports as one wider port (Intel SDM Vol. 1 §19.3 "I/O Address Space": "any
 * two consecutive 8-bit ports can be treated as a 16-bit port"), and when an
 * 8-bit device on the ISA bus does not assert -I/O CS16, the system board
 * turns the 16-bit cycle into two 8-bit cycles at consecutive addresses,
 * steering the high byte to the low data lines (IBM PC AT Technical
 * Reference, "I/O Channel", -I/O CS16). So `out dx, ax` to 0x3D4 writes the
 * CRTC index (AL) and then its data port (AH), and `in ax, 0x61` reads port B
 * and then port 0x62.
 *
 * A byte at an offset the device does not decode reads as 0xFF (nothing
 * drives the data lines) and a write there is dropped: `readByte` and
 * `writeByte` say so in their default case. The bus only routes an access that
 * lies wholly inside one range, so such offsets are reached by direct calls and
 * by devices registered over more ports than they decode.
 */
import type { AccessSize, Device } from './device.js';

/**
 * A Device whose registers are bytes. Subclasses answer one byte at a time;
 * `read` and `write` split wider accesses as described above.
 */
export abstract class ByteWideDevice implements Device {
  /** The byte at `offset` from the device's base; 0xFF where nothing answers. */
  protected abstract readByte(offset: number): number;

  /** A byte written at `offset` (0-255); dropped where nothing answers. */
  protected abstract writeByte(offset: number, value: number): void;

  read(offset: number, size: AccessSize): number {
    let value = 0;
    for (let i = 0; i < size; i++) value |= (this.readByte(offset + i) & 0xff) << (8 * i);
    return value >>> 0;
  }

  write(offset: number, size: AccessSize, value: number): void {
    for (let i = 0; i < size; i++) this.writeByte(offset + i, (value >>> (8 * i)) & 0xff);
  }
}

/** The two callbacks of a byte-wide device built from functions. */
export interface ByteWidePorts {
  readonly name?: string;
  /** The byte at `offset` from the device's base; 0xFF where nothing answers. */
  readByte(offset: number): number;
  /** A byte written at `offset` (0-255); dropped where nothing answers. */
  writeByte(offset: number, value: number): void;
}

/** A Device from two byte callbacks (for ports that are part of a larger object, e.g. the 8042's two). */
export function byteWideDevice(ports: ByteWidePorts): Device {
  return new CallbackByteWideDevice(ports);
}

class CallbackByteWideDevice extends ByteWideDevice {
  readonly name: string | undefined;

  constructor(private readonly ports: ByteWidePorts) {
    super();
    this.name = ports.name;
  }

  protected readByte(offset: number): number {
    return this.ports.readByte(offset);
  }

  protected writeByte(offset: number, value: number): void {
    this.ports.writeByte(offset, value);
  }
}
