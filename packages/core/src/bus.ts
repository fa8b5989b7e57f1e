/**
 * The port-I/O and MMIO buses: a sorted map of address ranges to devices, in the
 * manner of rust-vmm's vm-device bus. A device sees offsets from its own base.
 * Reads that no device claims return all-ones (as an ISA bus with nothing
 * driving it), writes that no device claims are dropped; both are counted.
 */
import { BusError } from './errors.js';
import type { AccessSize, Device } from './device.js';

export interface BusRange {
  readonly base: number;
  readonly size: number;
  readonly device: Device;
  readonly name: string;
}

export interface BusCounters {
  reads: number;
  writes: number;
  unclaimedReads: number;
  unclaimedWrites: number;
}

const ALL_ONES: Record<AccessSize, number> = { 1: 0xff, 2: 0xffff, 4: 0xffffffff };

export class Bus {
  /** Sorted by base, non-overlapping. */
  readonly #ranges: BusRange[] = [];
  readonly counters: BusCounters = { reads: 0, writes: 0, unclaimedReads: 0, unclaimedWrites: 0 };

  /**
   * @param name   "io" or "mmio", for messages.
   * @param limit  one past the highest address (0x10000 for ports, 2^32 for MMIO).
   */
  constructor(
    readonly name: string,
    readonly limit: number,
  ) {}

  get ranges(): readonly BusRange[] {
    return this.#ranges;
  }

  register(base: number, size: number, device: Device, name = device.name ?? 'device'): void {
    if (!Number.isSafeInteger(base) || !Number.isSafeInteger(size) || size <= 0 || base < 0) {
      throw new BusError('invalid-range', `${this.name} bus: "${name}" has an empty or invalid range (base ${base}, size ${size})`);
    }
    if (base + size > this.limit) {
      throw new BusError('invalid-range', `${this.name} bus: "${name}" at 0x${base.toString(16)}+0x${size.toString(16)} overflows the address space`);
    }
    const index = this.#insertionIndex(base);
    const before = this.#ranges[index - 1];
    const after = this.#ranges[index];
    const clash = (before && before.base + before.size > base) ? before : (after && base + size > after.base) ? after : undefined;
    if (clash) {
      throw new BusError('overlap', `${this.name} bus: "${name}" at 0x${base.toString(16)}+0x${size.toString(16)} overlaps "${clash.name}"`);
    }
    this.#ranges.splice(index, 0, { base, size, device, name });
  }

  unregister(base: number): Device {
    const index = this.#ranges.findIndex((r) => r.base === base);
    if (index < 0) throw new BusError('device-not-found', `${this.name} bus: no device at 0x${base.toString(16)}`);
    return this.#ranges.splice(index, 1)[0].device;
  }

  /** The range whose [base, base+size) holds the whole access, or undefined. */
  find(address: number, size = 1): BusRange | undefined {
    const ranges = this.#ranges;
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = ranges[mid];
      if (address < r.base) hi = mid - 1;
      else if (address >= r.base + r.size) lo = mid + 1;
      else return address + size <= r.base + r.size ? r : undefined;
    }
    return undefined;
  }

  read(address: number, size: AccessSize): number {
    this.counters.reads++;
    const range = this.find(address, size);
    if (range === undefined) {
      this.counters.unclaimedReads++;
      return ALL_ONES[size];
    }
    return range.device.read(address - range.base, size) & ALL_ONES[size];
  }

  write(address: number, size: AccessSize, value: number): void {
    this.counters.writes++;
    const range = this.find(address, size);
    if (range === undefined) {
      this.counters.unclaimedWrites++;
      return;
    }
    range.device.write(address - range.base, size, value & ALL_ONES[size]);
  }

  #insertionIndex(base: number): number {
    let lo = 0;
    let hi = this.#ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#ranges[mid].base < base) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function isAccessSize(size: number): size is AccessSize {
  return size === 1 || size === 2 || size === 4;
}
