/**
 * The PC/AT physical memory map this machine builds (IBM PC AT Technical
 * Reference, "System Memory Map"):
 *
 *   00000-9FFFF  conventional RAM (IVT, BDA, boot sector, EBDA at 9FC00)
 *   A0000-AFFFF  VGA graphics framebuffer (RAM: mode 13h writes make no exits)
 *   B8000-BFFFF  VGA text buffer (RAM, @tinyvm/device-vga)
 *   F0000-FFFFF  BIOS ROM (read-only)
 *   100000-...   extended RAM
 */
import { MemoryLayoutError, PAGE_SIZE } from '@tinyvm/core';

export const CONVENTIONAL_BYTES = 0xa0000;
export const HIGH_MEMORY_BASE = 0x100000;
export const DEFAULT_PC_MEMORY = 16 * 1024 * 1024;
/** Below 4 GiB minus the PCI hole a real PC keeps; more than any real-mode guest needs. */
export const MAX_PC_MEMORY = 0xc0000000;

/** Checks the total RAM a PC is given: at least 1 MiB, page-multiple, below the MMIO hole. */
export function checkPcMemory(bytes: number): void {
  if (!Number.isSafeInteger(bytes) || bytes < HIGH_MEMORY_BASE || bytes % PAGE_SIZE !== 0 || bytes > MAX_PC_MEMORY) {
    throw new MemoryLayoutError(`a PC needs between 1 MiB and 3 GiB of RAM in whole 4 KiB pages; got ${bytes} bytes`);
  }
}
