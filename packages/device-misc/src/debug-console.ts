/**
 * The Bochs/QEMU debug console port 0xE9: every byte the guest writes goes to
 * a host sink (the cheapest way for a BIOS or a test guest to print). Reading
 * the port returns 0xE9, which is how guests detect that it exists.
 *
 * Reference: Bochs User Manual, "Port E9 Hack"; QEMU's hw/char/debugcon.c
 * (same read-back value).
 *
 * Emulated: byte writes to the sink, the 0xE9 read-back, at every offset of
 * the range it is registered over. A wider access is byte accesses at offset,
 * offset+1, ... (core's ByteWideDevice): registered over two ports, a word
 * write sends its bytes low first. Not emulated: nothing else exists.
 */
import { ByteWideDevice } from '@tinyvm/core';

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

export class DebugConsole extends ByteWideDevice {
  readonly name = 'debugcon';
  state: DebugConsoleState = { bytesWritten: 0 };

  constructor(private readonly sink?: ByteSink) {
    super();
  }

  protected readByte(_offset: number): number {
    return DEBUG_CONSOLE_READBACK;
  }

  protected writeByte(_offset: number, value: number): void {
    this.state.bytesWritten++;
    this.sink?.write(Uint8Array.of(value));
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
