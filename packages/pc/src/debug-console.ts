/**
 * The Bochs/QEMU debug console: every byte written to port E9h goes to the host
 * (a file, stdout, a test's array); a read returns E9h so a guest can detect it.
 * (Bochs documentation, "Port E9 hack".) Kept here until @tinyvm/device-misc has one.
 */
import type { AccessSize, Device } from '@tinyvm/core';

export const DEBUG_CONSOLE_PORT = 0xe9;
const DETECT_VALUE = 0xe9;

export interface ByteSink {
  write(bytes: Uint8Array): void;
}

export class DebugConsole implements Device {
  readonly name = 'debugcon';
  bytesWritten = 0;

  constructor(private readonly sink?: ByteSink) {}

  read(_offset: number, size: AccessSize): number {
    return size === 1 ? DETECT_VALUE : DETECT_VALUE | (size === 2 ? 0xff00 : 0xffffff00);
  }

  write(_offset: number, _size: AccessSize, value: number): void {
    // Only the low byte is the character (a 16-bit OUT puts AH on the next port).
    this.bytesWritten++;
    this.sink?.write(Uint8Array.of(value & 0xff));
  }
}
