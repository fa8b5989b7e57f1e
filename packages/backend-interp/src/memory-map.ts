/**
 * The interpreter's view of guest-physical memory: a page table with one entry
 * per 4 KiB page, pointing at the RAM region's bytes (and the page's offset in
 * them), or null for a hole whose accesses go to the MMIO bus synchronously.
 *
 * Read-only regions (ROM) are readable through the table; writes to them are
 * dropped, as on a PC where ROM ignores bus writes.
 */
import type { Bus, MemoryRegion } from '@tinyvm/core';

const PAGE_SHIFT = 12;
const PAGE_MASK = 0xfff;
const PAGE_COUNT = 1 << 20; // 4 GiB / 4 KiB
/** log2 of the granule in which writes to compiled code are noticed (MemoryMap.codeLines). */
export const CODE_LINE_SHIFT = 6;

export class MemoryMap {
  /** Per page: the bytes of the region holding it, or null (MMIO / unmapped). */
  readonly pages: (Uint8Array | null)[] = new Array<Uint8Array | null>(PAGE_COUNT).fill(null);
  /** Per page: the index in `pages[n]` of the page's first byte. */
  readonly pageOffset = new Int32Array(PAGE_COUNT);
  /** Per page: 1 when writes must be dropped. */
  readonly readOnly = new Uint8Array(PAGE_COUNT);
  bus: Bus | null = null;
  /** Called whenever the page table changes, so cached page lookups are dropped. */
  onRemap: () => void = () => {};
  /** Accesses served by the MMIO bus (they would be exits under KVM). */
  mmioAccesses = 0;
  /**
   * When mmioAccesses reaches this, onMmioBudget is called (run()'s exit budget,
   * RunOptions.exitBudget); Infinity when unlimited. Checked only on this slow path.
   */
  mmioBudgetEnd = Infinity;
  onMmioBudget: () => void = () => {};

  /**
   * Writable RAM from physical address 0 that is one array indexed by the address
   * itself: flatBytes[a] for a < flatEnd. The CPU's memory accesses try this first
   * (one compare instead of a page-table walk); everything else uses `pages`.
   */
  flatBytes: Uint8Array = new Uint8Array(0);
  flatEnd = 0;

  /**
   * Self-modifying code detection for compiled blocks (block-cache.ts): one byte per
   * 64-byte line of flat RAM, 1 when a compiled block's code lies in it. Every write
   * into flat RAM that lands on a marked line calls onCodeWrite, which drops the
   * blocks it overlaps. Code outside flat RAM is never compiled, so needs no marks.
   */
  codeLines = new Uint8Array(0);
  onCodeWrite: (address: number, length: number) => void = () => {};
  /**
   * Bumped whenever memory may have changed behind the CPU's back: each run() (the
   * machine and its devices write guest RAM between runs) and each MMIO access (a
   * device may write RAM while it handles one). Compiled blocks compare their code
   * bytes again the first time they run in a new epoch.
   */
  epoch = 0;

  map(region: MemoryRegion): void {
    this.onRemap();
    const first = region.base >>> PAGE_SHIFT;
    const count = region.size >>> PAGE_SHIFT;
    for (let i = 0; i < count; i++) {
      this.pages[first + i] = region.bytes;
      this.pageOffset[first + i] = i << PAGE_SHIFT;
      this.readOnly[first + i] = region.readOnly ? 1 : 0;
    }
    this.refreshFlat();
  }

  /** Drops every mapping (the regions' bytes stay with whoever holds them). */
  unmapAll(): void {
    this.pages.fill(null);
    this.refreshFlat();
    this.onRemap();
  }

  private refreshFlat(): void {
    const bytes = this.pages[0];
    let n = 0;
    if (bytes !== null) {
      while (n < PAGE_COUNT && this.pages[n] === bytes && this.pageOffset[n] === n << PAGE_SHIFT && this.readOnly[n] === 0) n++;
    }
    this.flatBytes = bytes ?? new Uint8Array(0);
    this.flatEnd = n * (1 << PAGE_SHIFT);
    this.codeLines = new Uint8Array(this.flatEnd >>> CODE_LINE_SHIFT);
  }

  /** Tells the compiled-code cache about a write of `length` bytes at a physical address (bulk writes). */
  noteWrite(address: number, length: number): void {
    const start = address >>> 0;
    if (start >= this.flatEnd) return;
    const lines = this.codeLines;
    const last = Math.min(start + length - 1, this.flatEnd - 1) >>> CODE_LINE_SHIFT;
    for (let line = start >>> CODE_LINE_SHIFT; line <= last; line++) {
      if (lines[line] !== 0) {
        this.onCodeWrite(start, length);
        return;
      }
    }
  }

  read8(address: number): number {
    const page = address >>> PAGE_SHIFT;
    const bytes = this.pages[page];
    if (bytes !== null) return bytes[this.pageOffset[page] + (address & PAGE_MASK)];
    return this.mmioRead(address >>> 0, 1);
  }

  write8(address: number, value: number): void {
    const page = address >>> PAGE_SHIFT;
    const bytes = this.pages[page];
    if (bytes !== null) {
      if (this.readOnly[page] === 0) {
        bytes[this.pageOffset[page] + (address & PAGE_MASK)] = value;
        if (address >>> 0 < this.flatEnd && this.codeLines[address >>> CODE_LINE_SHIFT] !== 0) this.onCodeWrite(address >>> 0, 1);
      }
      return;
    }
    this.mmioWrite(address >>> 0, 1, value & 0xff);
  }

  /** A 16-bit read of two consecutive physical bytes. */
  read16(address: number): number {
    if ((address & PAGE_MASK) !== PAGE_MASK) {
      const page = address >>> PAGE_SHIFT;
      const bytes = this.pages[page];
      if (bytes !== null) {
        const i = this.pageOffset[page] + (address & PAGE_MASK);
        return bytes[i] | (bytes[i + 1] << 8);
      }
      if (this.bus !== null) return this.mmioRead(address >>> 0, 2);
    }
    return this.read8(address) | (this.read8((address + 1) >>> 0) << 8);
  }

  write16(address: number, value: number): void {
    if ((address & PAGE_MASK) !== PAGE_MASK) {
      const page = address >>> PAGE_SHIFT;
      const bytes = this.pages[page];
      if (bytes !== null) {
        if (this.readOnly[page] === 0) {
          const i = this.pageOffset[page] + (address & PAGE_MASK);
          bytes[i] = value;
          bytes[i + 1] = value >>> 8;
          if (address >>> 0 < this.flatEnd) this.noteWrite(address, 2);
        }
        return;
      }
      if (this.bus !== null) {
        this.mmioWrite(address >>> 0, 2, value & 0xffff);
        return;
      }
    }
    this.write8(address, value);
    this.write8((address + 1) >>> 0, value >>> 8);
  }

  mmioRead(address: number, size: 1 | 2 | 4): number {
    if (this.bus === null) return size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff;
    const value = this.bus.read(address, size);
    this.epoch++;
    if (++this.mmioAccesses >= this.mmioBudgetEnd) this.onMmioBudget();
    return value;
  }

  mmioWrite(address: number, size: 1 | 2 | 4, value: number): void {
    if (this.bus === null) return;
    this.bus.write(address, size, value);
    this.epoch++;
    if (++this.mmioAccesses >= this.mmioBudgetEnd) this.onMmioBudget();
  }
}
