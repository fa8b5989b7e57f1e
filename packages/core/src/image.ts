/**
 * Putting a guest image into memory, and where to start it.
 */
import { ImageError } from './errors.js';
import type { GuestMemory } from './memory.js';
import type { RealModeEntry } from './cpu-state.js';

export const BOOT_SECTOR_SIZE = 512;
export const BOOT_SECTOR_ADDRESS = 0x7c00;
/** Bytes 510 and 511 of a bootable sector (IBM PC BIOS convention). */
export const BOOT_SIGNATURE = [0x55, 0xaa] as const;
/** DL at boot: 0x00 first floppy, 0x80 first hard disk. */
export const FIRST_HARD_DISK = 0x80;

/** Copies `image` to guest-physical `address`; it must fit inside one RAM region. */
export function loadRaw(memory: GuestMemory, image: Uint8Array, address: number): void {
  if (image.length === 0) throw new ImageError('image-empty', 'the image is empty');
  if (!memory.contains(address, image.length)) {
    const end = address + image.length;
    throw new ImageError(
      'image-too-large',
      `the image (${image.length} bytes) does not fit in guest RAM at 0x${address.toString(16)}..0x${end.toString(16)}`,
    );
  }
  memory.write(address, image);
}

/**
 * The PC boot-sector convention: a 512-byte sector ending in 0x55 0xAA, loaded
 * at 0000:7C00 and entered there with DL = the boot drive.
 */
export function loadBootSector(memory: GuestMemory, image: Uint8Array, bootDrive = FIRST_HARD_DISK): RealModeEntry {
  if (image.length === 0) throw new ImageError('image-empty', 'the image is empty');
  if (image.length < BOOT_SECTOR_SIZE) {
    throw new ImageError('image-bad-size', `a boot sector is ${BOOT_SECTOR_SIZE} bytes; the image has ${image.length}`);
  }
  if (image[510] !== BOOT_SIGNATURE[0] || image[511] !== BOOT_SIGNATURE[1]) {
    throw new ImageError('image-no-signature', 'the image has no boot signature (0x55 0xAA at offset 510)');
  }
  loadRaw(memory, image.subarray(0, BOOT_SECTOR_SIZE), BOOT_SECTOR_ADDRESS);
  return { cs: 0, ip: BOOT_SECTOR_ADDRESS, registers: { edx: bootDrive }, ss: 0 };
}

/** Parses "SEG:OFF" (hex, as in 0000:7C00) into a real-mode entry. */
export function parseEntry(text: string): { cs: number; ip: number } {
  const match = /^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$/i.exec(text.trim());
  if (!match) throw new TypeError(`"${text}" is not a SEG:OFF address (e.g. 0000:7C00)`);
  return { cs: parseInt(match[1], 16), ip: parseInt(match[2], 16) };
}

/** Parses a size such as 64K, 1M, 0x10000 or 65536 into bytes. */
export function parseSize(text: string): number {
  const match = /^(0x[0-9a-f]+|\d+)([kmg])?i?b?$/i.exec(text.trim());
  if (!match) throw new TypeError(`"${text}" is not a size (e.g. 64K, 1M)`);
  const unit = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as 'k' | 'm' | 'g'] ?? 1;
  return Number(match[1]) * unit;
}

/** Parses an address: hex with 0x or a trailing h, else decimal. */
export function parseAddress(text: string): number {
  const t = text.trim();
  let value: number;
  if (/^0x[0-9a-f]+$/i.test(t)) value = parseInt(t.slice(2), 16);
  else if (/^[0-9a-f]+h$/i.test(t)) value = parseInt(t.slice(0, -1), 16);
  else if (/^\d+$/.test(t)) value = parseInt(t, 10);
  else throw new TypeError(`"${text}" is not an address (e.g. 0x7c00)`);
  return value;
}
