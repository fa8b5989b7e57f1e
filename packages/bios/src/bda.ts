/**
 * The BIOS data area (0040:0000) as typed reads and writes, so every service
 * keeps its state where real software looks for it.
 */
import { BDA_BASE } from './layout.js';
import type { GuestBytes } from './guest-memory.js';

export class BiosDataArea {
  constructor(private readonly memory: GuestBytes) {}

  read8(offset: number): number { return this.memory.read8(BDA_BASE + offset); }
  read16(offset: number): number { return this.memory.read16(BDA_BASE + offset); }
  read32(offset: number): number { return this.memory.read32(BDA_BASE + offset); }
  write8(offset: number, value: number): void { this.memory.write8(BDA_BASE + offset, value); }
  write16(offset: number, value: number): void { this.memory.write16(BDA_BASE + offset, value); }
  write32(offset: number, value: number): void { this.memory.write32(BDA_BASE + offset, value); }
}
