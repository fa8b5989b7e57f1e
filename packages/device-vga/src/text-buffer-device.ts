/**
 * The VGA text buffer as a trapping MMIO device: the guest's every access to
 * B8000-BFFFF becomes an exit and lands here (the classic tiny KVM program's
 * behaviour; useful for tracing). The device keeps its own 32 KiB; reads return
 * what was written. Plane interleaving, the character generator and write modes
 * are not emulated: in text mode the CPU sees the buffer as plain bytes.
 *
 * Memory map: IBM VGA Technical Reference, "Memory Maps" (B8000h, 32 KiB).
 */
import type { AccessSize, StatefulDevice } from '@tinyvm/core';
import { VGA_TEXT_SIZE } from './layout.js';

export interface TextBufferState {
  /** The 32 KiB as plain numbers, so the state is plain JSON. */
  bytes: number[];
}

export class VgaTextBufferDevice implements StatefulDevice<TextBufferState> {
  readonly name = 'vga-text';
  /** Host bytes of the buffer; the renderers read this. */
  readonly bytes = new Uint8Array(VGA_TEXT_SIZE);
  /** Accesses that would run past the buffer; dropped, never thrown. */
  ignoredAccesses = 0;

  read(offset: number, size: AccessSize): number {
    if (!this.#inside(offset, size)) {
      this.ignoredAccesses++;
      return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    }
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + this.bytes[offset + i];
    return value;
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (!this.#inside(offset, size)) {
      this.ignoredAccesses++;
      return;
    }
    for (let i = 0; i < size; i++) {
      this.bytes[offset + i] = value & 0xff;
      value = Math.floor(value / 256);
    }
  }

  reset(): void {
    this.bytes.fill(0);
    this.ignoredAccesses = 0;
  }

  saveState(): TextBufferState {
    return { bytes: Array.from(this.bytes) };
  }

  restoreState(state: TextBufferState): void {
    this.bytes.fill(0);
    const length = Math.min(state.bytes.length, VGA_TEXT_SIZE);
    for (let i = 0; i < length; i++) this.bytes[i] = state.bytes[i] & 0xff;
  }

  /** The bus only passes accesses inside the range; this guards direct callers too. */
  #inside(offset: number, size: number): boolean {
    return Number.isInteger(offset) && offset >= 0 && offset + size <= VGA_TEXT_SIZE;
  }
}
