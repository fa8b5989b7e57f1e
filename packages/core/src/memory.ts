/**
 * Guest-physical memory: a set of non-overlapping regions, each backed by host
 * bytes the backend allocated (mmap for KVM, an ArrayBuffer for the interpreter).
 * Everyone (devices, loaders, the CLI's screen) sees the same `Uint8Array`: memory
 * is never copied to be shared.
 */
import { MemoryLayoutError } from './errors.js';

export const PAGE_SIZE = 0x1000;

export interface MemoryRegionSpec {
  /** Guest-physical address of the first byte; page-aligned. */
  readonly base: number;
  /** Bytes; a non-zero multiple of PAGE_SIZE (KVM maps whole pages). */
  readonly size: number;
  /** Shown in errors and stats, e.g. "ram", "vga-text". */
  readonly name: string;
  /** The guest cannot write it (writes become MMIO exits on KVM, are dropped by the interpreter). */
  readonly readOnly?: boolean;
}

export interface MemoryRegion extends MemoryRegionSpec {
  readonly readOnly: boolean;
  /** Host view of the region: byte i is guest-physical address base + i. */
  readonly bytes: Uint8Array;
}

/** Checks what every backend requires of a region before it allocates it. */
export function validateRegionSpec(spec: MemoryRegionSpec): void {
  const { base, size, name } = spec;
  if (!Number.isSafeInteger(base) || base < 0 || base % PAGE_SIZE !== 0) {
    throw new MemoryLayoutError(`region "${name}": base 0x${base.toString(16)} is not a page-aligned address`);
  }
  if (!Number.isSafeInteger(size) || size <= 0 || size % PAGE_SIZE !== 0) {
    throw new MemoryLayoutError(`region "${name}": size ${size} is not a non-zero multiple of ${PAGE_SIZE}`);
  }
  if (base + size > 2 ** 32) {
    throw new MemoryLayoutError(`region "${name}": ends beyond 4 GiB`);
  }
}

export class GuestMemory {
  readonly #regions: MemoryRegion[] = [];

  get regions(): readonly MemoryRegion[] {
    return this.#regions;
  }

  /** Adds a region the backend allocated; rejects overlaps. */
  add(region: MemoryRegion): void {
    validateRegionSpec(region);
    if (region.bytes.length !== region.size) {
      throw new MemoryLayoutError(`region "${region.name}": ${region.bytes.length} host bytes for ${region.size} guest bytes`);
    }
    for (const other of this.#regions) {
      if (region.base < other.base + other.size && other.base < region.base + region.size) {
        throw new MemoryLayoutError(`region "${region.name}" overlaps region "${other.name}"`);
      }
    }
    this.#regions.push(region);
    this.#regions.sort((a, b) => a.base - b.base);
  }

  /** The region holding `address`, or undefined (an MMIO hole). */
  find(address: number): MemoryRegion | undefined {
    for (const region of this.#regions) {
      if (address >= region.base && address < region.base + region.size) return region;
    }
    return undefined;
  }

  /** True when [address, address+length) lies inside one region. */
  contains(address: number, length: number): boolean {
    const region = this.find(address);
    return region !== undefined && address + length <= region.base + region.size;
  }

  /** A view (no copy) of guest bytes inside one region. Throws when they are not RAM. */
  view(address: number, length: number): Uint8Array {
    const region = this.find(address);
    if (region === undefined || address + length > region.base + region.size) {
      throw new MemoryLayoutError(
        `guest range 0x${address.toString(16)}..0x${(address + length).toString(16)} is not inside one memory region`,
      );
    }
    const start = address - region.base;
    return region.bytes.subarray(start, start + length);
  }

  /** Copies `data` into guest memory at `address` (loaders use it). */
  write(address: number, data: Uint8Array): void {
    this.view(address, data.length).set(data);
  }

  read8(address: number): number {
    return this.view(address, 1)[0];
  }

  read16(address: number): number {
    const v = this.view(address, 2);
    return v[0] | (v[1] << 8);
  }
}
