/**
 * The Bochs/QEMU debug console port 0xE9: every byte the guest writes goes to
 * a host sink (the cheapest way for a BIOS or a test guest to print). Reading
 * the port returns 0xE9, which is how guests detect that it exists.
 *
 * Reference: Bochs User Manual, "Port E9 Hack"; QEMU's hw/char/debugcon.c
 * (same read-back value).
 *
 * Emulated: byte writes to the sink (wider writes send their bytes low first),
 * the 0xE9 read-back. Not emulated: nothing else exists.
 */
import type { AccessSize, Device } from '@tinyvm/core';

export const DEBUG_CONSOLE_PORT = 0xe9;
/** What a read returns: the port number, the detection signature. */
export const DEBUG_CONSOLE_READBACK = 0xe9;

/** Where the bytes go (a terminal, a file, a test's array). */
export interface ByteSink {
  write(bytes: Uint8Array): void;
}

export interface DebugConsoleState {
  bytesWritten: number;
}

export class DebugConsole implements Device {
  readonly name = 'debugcon';
  state: DebugConsoleState = { bytesWritten: 0 };

  constructor(private readonly sink?: ByteSink) {}

  read(_offset: number, size: AccessSize): number {
    // Every byte of a wider read is the signature too.
    let value = 0;
    for (let i = 0; i < size; i++) value |= DEBUG_CONSOLE_READBACK << (8 * i);
    return value >>> 0;
  }

  write(_offset: number, size: AccessSize, value: number): void {
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (value >>> (8 * i)) & 0xff;
    this.state.bytesWritten += size;
    this.sink?.write(bytes);
  }

  saveState(): DebugConsoleState {
    return { ...this.state };
  }

  restoreState(state: DebugConsoleState): void {
    this.state = { ...state };
  }

  reset(): void {
    // Nothing the guest can see.
  }
}
