/**
 * The BIOS's view of guest memory: byte, word and block access by linear
 * address that never throws and never leaves guest RAM. Reads where there is no
 * RAM give 0xFF (an undriven bus); writes there, or into read-only regions (the
 * ROM), are dropped and counted. Guest pointers (ES:BX, DS:SI) go through here,
 * so a guest that hands the BIOS a bad pointer only hurts itself.
 */
import type { GuestMemory, MemoryRegion } from '@tinyvm/core';

export class GuestBytes {
  /** Bytes the BIOS was asked to write where there is no writable RAM. */
  droppedWrites = 0;

  constructor(readonly memory: GuestMemory) {}

  read8(address: number): number {
    const region = this.memory.find(address);
    return region === undefined ? 0xff : region.bytes[address - region.base];
  }

  read16(address: number): number {
    return this.read8(address) | (this.read8(address + 1) << 8);
  }

  read32(address: number): number {
    return (this.read16(address) | (this.read16(address + 2) << 16)) >>> 0;
  }

  write8(address: number, value: number): void {
    const region = this.#writable(address);
    if (region === undefined) this.droppedWrites++;
    else region.bytes[address - region.base] = value & 0xff;
  }

  write16(address: number, value: number): void {
    this.write8(address, value);
    this.write8(address + 1, value >>> 8);
  }

  write32(address: number, value: number): void {
    this.write16(address, value);
    this.write16(address + 2, value >>> 16);
  }

  /** Copies guest bytes out; bytes outside RAM read as 0xFF. */
  readBlock(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const at = address + done;
      const region = this.memory.find(at);
      if (region === undefined) {
        out[done++] = 0xff;
        continue;
      }
      const n = Math.min(length - done, region.base + region.size - at);
      out.set(region.bytes.subarray(at - region.base, at - region.base + n), done);
      done += n;
    }
    return out;
  }

  /** Copies bytes into the guest, region by region (the DMA of a disk read). */
  writeBlock(address: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) {
      const at = address + done;
      const region = this.#writable(at);
      if (region === undefined) {
        this.droppedWrites++;
        done++;
        continue;
      }
      const n = Math.min(data.length - done, region.base + region.size - at);
      region.bytes.set(data.subarray(done, done + n), at - region.base);
      done += n;
    }
  }

  fill(address: number, length: number, value: number): void {
    this.writeBlock(address, new Uint8Array(length).fill(value));
  }

  #writable(address: number): MemoryRegion | undefined {
    const region = this.memory.find(address);
    return region === undefined || region.readOnly ? undefined : region;
  }
}

/** A real-mode far pointer as a linear address (20 bits plus the HMA). */
export function linear(segment: number, offset: number): number {
  return ((segment & 0xffff) << 4) + (offset & 0xffff);
}
