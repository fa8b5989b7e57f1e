/**
 * The PC/AT's use of the CMOS NVRAM that a BIOS reads at POST: memory sizes
 * and the standard checksum.
 *
 * References: IBM PC AT Technical Reference, "CMOS RAM Address Map" (0x10-0x2F,
 * checksum over 0x10-0x2D stored big-endian at 0x2E-0x2F); 0x30-0x31 (extended
 * memory found by POST) and 0x34-0x35 / 0x5B-0x5D (memory above 16 MiB and
 * above 4 GiB in 64 KiB units) as SeaBIOS's src/fw/paravirt.c and QEMU's
 * hw/i386/pc.c use them.
 */
import type { Cmos } from './cmos.js';

export const REG_BASE_MEMORY_LOW = 0x15;
export const REG_BASE_MEMORY_HIGH = 0x16;
export const REG_EXTENDED_MEMORY_LOW = 0x17;
export const REG_EXTENDED_MEMORY_HIGH = 0x18;
export const REG_CHECKSUM_HIGH = 0x2e;
export const REG_CHECKSUM_LOW = 0x2f;
export const REG_POST_EXTENDED_MEMORY_LOW = 0x30;
export const REG_POST_EXTENDED_MEMORY_HIGH = 0x31;
export const REG_MEMORY_ABOVE_16M_LOW = 0x34;
export const REG_MEMORY_ABOVE_16M_HIGH = 0x35;
export const REG_MEMORY_ABOVE_4G_LOW = 0x5b; // three bytes, 0x5B-0x5D

/** The checksummed range. */
export const CHECKSUM_FIRST = 0x10;
export const CHECKSUM_LAST = 0x2d;

export const BASE_MEMORY_KIB = 640;
const KIB = 1024;
const MIB = 1024 * KIB;
const BLOCK_64K = 64 * KIB;
const FOUR_GIB = 4 * 1024 * MIB;

function setWord(cmos: Cmos, lowIndex: number, value: number): void {
  cmos.writeNvram(lowIndex, value & 0xff);
  cmos.writeNvram(lowIndex + 1, (value >> 8) & 0xff);
}

/**
 * Records the guest's RAM: `belowFourGiB` bytes from address 0 (including the
 * first MiB) and `aboveFourGiB` bytes from 4 GiB. Sizes that do not fit a
 * field are capped at its maximum, as QEMU does. Updates the checksum.
 */
export function setMemorySize(cmos: Cmos, belowFourGiB: number, aboveFourGiB = 0): void {
  const below = Math.min(Math.max(0, belowFourGiB), FOUR_GIB);
  setWord(cmos, REG_BASE_MEMORY_LOW, Math.min(BASE_MEMORY_KIB, Math.floor(below / KIB)));
  const extendedKib = Math.min(0xffff, Math.floor(Math.max(0, below - MIB) / KIB));
  setWord(cmos, REG_EXTENDED_MEMORY_LOW, extendedKib);
  setWord(cmos, REG_POST_EXTENDED_MEMORY_LOW, extendedKib);
  setWord(cmos, REG_MEMORY_ABOVE_16M_LOW, Math.min(0xffff, Math.floor(Math.max(0, below - 16 * MIB) / BLOCK_64K)));
  const high = Math.min(0xffffff, Math.floor(Math.max(0, aboveFourGiB) / BLOCK_64K));
  cmos.writeNvram(REG_MEMORY_ABOVE_4G_LOW, high & 0xff);
  cmos.writeNvram(REG_MEMORY_ABOVE_4G_LOW + 1, (high >> 8) & 0xff);
  cmos.writeNvram(REG_MEMORY_ABOVE_4G_LOW + 2, (high >> 16) & 0xff);
  updateChecksum(cmos);
}

/** The AT checksum: the 16-bit sum of bytes 0x10-0x2D. */
export function computeChecksum(cmos: Cmos): number {
  let sum = 0;
  for (let i = CHECKSUM_FIRST; i <= CHECKSUM_LAST; i++) sum += cmos.readNvram(i);
  return sum & 0xffff;
}

export function updateChecksum(cmos: Cmos): void {
  const sum = computeChecksum(cmos);
  cmos.writeNvram(REG_CHECKSUM_HIGH, sum >> 8);
  cmos.writeNvram(REG_CHECKSUM_LOW, sum & 0xff);
}
