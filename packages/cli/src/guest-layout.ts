/**
 * Where guest RAM goes and where the image is loaded, decided before any
 * backend is opened so that a bad image fails fast and holds nothing.
 *
 * PC memory map: conventional RAM from 0 up to the legacy hole at A0000h
 * (video memory and option ROMs up to FFFFFh are not RAM), extended RAM from
 * 1 MiB (IBM PC/AT Technical Reference, "System Memory Map").
 */
import {
  BOOT_SECTOR_ADDRESS, BOOT_SECTOR_SIZE, BOOT_SIGNATURE, FIRST_HARD_DISK, ImageError,
  type MemoryRegionSpec, type RealModeEntry,
} from '@tinyvm/core';
import type { RunOptions } from './args.js';
import { UsageError } from './errors.js';

export const LEGACY_HOLE_START = 0xa0000;
export const HIGH_MEMORY_START = 0x100000;
/** Highest linear address a real-mode CS:IP can name with CS = 0 (one segment). */
const REAL_MODE_SEGMENT_LIMIT = 0xffff;

/** RAM regions for `memBytes` of guest memory (a multiple of 4 KiB). */
export function ramLayout(memBytes: number): MemoryRegionSpec[] {
  const regions: MemoryRegionSpec[] = [{ base: 0, size: Math.min(memBytes, LEGACY_HOLE_START), name: 'ram' }];
  if (memBytes > HIGH_MEMORY_START) regions.push({ base: HIGH_MEMORY_START, size: memBytes - HIGH_MEMORY_START, name: 'high-ram' });
  return regions;
}

export interface LoadPlan {
  /** Guest-physical address of the image's first byte. */
  address: number;
  entry: RealModeEntry;
  /** Loaded by the boot-sector convention (core's loadBootSector). */
  bootSector: boolean;
}

/** Where the image goes and where the CPU starts; throws ImageError or UsageError. */
export function planLoad(options: Pick<RunOptions, 'load' | 'entry' | 'memBytes' | 'image'>, image: Uint8Array, layout: MemoryRegionSpec[]): LoadPlan {
  if (image.length === 0) throw new ImageError('image-empty', `image "${options.image}" is empty`);
  let plan: LoadPlan;
  if (options.load === undefined && options.entry === undefined) {
    checkBootSector(options.image, image);
    plan = { address: BOOT_SECTOR_ADDRESS, entry: { cs: 0, ip: BOOT_SECTOR_ADDRESS, registers: { edx: FIRST_HARD_DISK }, ss: 0 }, bootSector: true };
  } else if (options.load !== undefined) {
    plan = { address: options.load, entry: options.entry ?? entryAt(options.load), bootSector: false };
  } else {
    const entry = options.entry!;
    plan = { address: entry.cs * 16 + entry.ip, entry, bootSector: false };
  }
  checkFits(options, image.length, plan.address, layout);
  return plan;
}

/** The PC boot-sector convention, checked strictly: exactly one sector (use --load for bigger images). */
function checkBootSector(path: string, image: Uint8Array): void {
  if (image.length !== BOOT_SECTOR_SIZE) {
    throw new ImageError('image-bad-size', `image "${path}" is ${image.length} bytes; a boot sector is ${BOOT_SECTOR_SIZE} (use --load ADDR for a raw image)`);
  }
  if (image[510] !== BOOT_SIGNATURE[0] || image[511] !== BOOT_SIGNATURE[1]) {
    throw new ImageError('image-no-signature', `image "${path}" has no boot signature (55 AA at offset 510; use --load ADDR for a raw image)`);
  }
}

/** Entry at a load address: 0000:ADDR when it fits in one segment, else SEG:OFF with OFF < 16. */
function entryAt(address: number): RealModeEntry {
  if (address <= REAL_MODE_SEGMENT_LIMIT) return { cs: 0, ip: address };
  if (address < HIGH_MEMORY_START) return { cs: address >> 4, ip: address & 0xf };
  throw new UsageError(`--load: 0x${address.toString(16)} is above 1 MiB, out of real-mode reach; give --entry SEG:OFF`);
}

function checkFits(options: Pick<RunOptions, 'memBytes' | 'image'>, length: number, address: number, layout: MemoryRegionSpec[]): void {
  const fits = layout.some((r) => address >= r.base && address + length <= r.base + r.size);
  if (fits) return;
  const ram = layout.reduce((sum, r) => sum + r.size, 0);
  if (length > ram) {
    throw new ImageError('image-too-large', `image "${options.image}" (${length} bytes) is larger than guest RAM (${ram} bytes; see --mem)`);
  }
  const where = layout.map((r) => `0x${r.base.toString(16)}-0x${(r.base + r.size - 1).toString(16)}`).join(', ');
  throw new ImageError(
    'image-too-large',
    `image "${options.image}" (${length} bytes) does not fit in guest RAM at 0x${address.toString(16)} (RAM: ${where})`,
  );
}
