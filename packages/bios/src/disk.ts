/**
 * A disk image as a BIOS drive: bytes, a kind (floppy or hard disk) and a CHS
 * geometry. Floppy geometries are the IBM ones for each standard size; a hard
 * disk gets 16 heads × 63 sectors and as many cylinders as the size needs
 * (at most 1024 are reachable through CHS; LBA calls reach every sector).
 */
import { DiskImageError } from './errors.js';

export const SECTOR_SIZE = 512;

export type DiskKind = 'floppy' | 'hard-disk';

export interface Geometry {
  cylinders: number;
  heads: number;
  sectorsPerTrack: number;
}

interface FloppyFormat extends Geometry {
  /** INT 13h AH=08h BL drive type (1 = 360K, 2 = 1.2M, 3 = 720K, 4 = 1.44M, 6 = 2.88M). */
  driveType: number;
}

/** Standard floppy sizes in KiB → geometry (IBM PC/AT and PS/2 formats). */
export const FLOPPY_FORMATS: ReadonlyMap<number, FloppyFormat> = new Map([
  [160, { cylinders: 40, heads: 1, sectorsPerTrack: 8, driveType: 1 }],
  [180, { cylinders: 40, heads: 1, sectorsPerTrack: 9, driveType: 1 }],
  [320, { cylinders: 40, heads: 2, sectorsPerTrack: 8, driveType: 1 }],
  [360, { cylinders: 40, heads: 2, sectorsPerTrack: 9, driveType: 1 }],
  [720, { cylinders: 80, heads: 2, sectorsPerTrack: 9, driveType: 3 }],
  [1200, { cylinders: 80, heads: 2, sectorsPerTrack: 15, driveType: 2 }],
  [1440, { cylinders: 80, heads: 2, sectorsPerTrack: 18, driveType: 4 }],
  [2880, { cylinders: 80, heads: 2, sectorsPerTrack: 36, driveType: 6 }],
]);
/** A forced floppy of a non-standard size is presented as a 1.44 MB one. */
const DEFAULT_FLOPPY_KIB = 1440;

const HD_HEADS = 16;
const HD_SECTORS_PER_TRACK = 63;
/** CHS addresses 10-bit cylinders. */
export const MAX_CHS_CYLINDERS = 1024;
/** More than any guest of this VMM needs, and inside one ArrayBuffer. */
export const MAX_DISK_BYTES = 2 * 1024 ** 3;

export interface DiskOptions {
  /** Force the kind; by default a standard floppy size is a floppy, anything else a hard disk. */
  kind?: DiskKind;
  /** Refuse writes (INT 13h AH=03h answers 03h, write protected). */
  readOnly?: boolean;
}

export class DiskImage {
  readonly kind: DiskKind;
  readonly geometry: Geometry;
  readonly sectors: number;
  readonly readOnly: boolean;
  /** The INT 13h AH=08h drive type (floppies). */
  readonly driveType: number;

  constructor(readonly bytes: Uint8Array, options: DiskOptions = {}) {
    if (bytes.length === 0) throw new DiskImageError('disk-empty', 'the disk image is empty');
    if (bytes.length % SECTOR_SIZE !== 0) {
      throw new DiskImageError(
        'disk-bad-size',
        `the disk image is ${bytes.length} bytes, not a whole number of ${SECTOR_SIZE}-byte sectors`,
      );
    }
    if (bytes.length > MAX_DISK_BYTES) throw new DiskImageError('disk-too-large', `the disk image is larger than ${MAX_DISK_BYTES} bytes`);
    this.sectors = bytes.length / SECTOR_SIZE;
    this.readOnly = options.readOnly ?? false;
    const standard = FLOPPY_FORMATS.get(bytes.length / 1024);
    this.kind = options.kind ?? (standard && bytes.length % 1024 === 0 ? 'floppy' : 'hard-disk');
    if (this.kind === 'floppy') {
      const format = (bytes.length % 1024 === 0 ? standard : undefined) ?? FLOPPY_FORMATS.get(DEFAULT_FLOPPY_KIB)!;
      if (this.sectors > format.cylinders * format.heads * format.sectorsPerTrack) {
        throw new DiskImageError('disk-bad-geometry', `a ${bytes.length}-byte image is larger than any floppy (2.88 MB at most)`);
      }
      this.geometry = { cylinders: format.cylinders, heads: format.heads, sectorsPerTrack: format.sectorsPerTrack };
      this.driveType = format.driveType;
    } else {
      const perCylinder = HD_HEADS * HD_SECTORS_PER_TRACK;
      this.geometry = { cylinders: Math.ceil(this.sectors / perCylinder), heads: HD_HEADS, sectorsPerTrack: HD_SECTORS_PER_TRACK };
      this.driveType = 0;
    }
  }

  /** Cylinders reachable through CHS calls. */
  get chsCylinders(): number {
    return Math.min(this.geometry.cylinders, MAX_CHS_CYLINDERS);
  }

  /** LBA of a CHS address (sector is 1-based), or undefined when outside the geometry. */
  lbaOf(cylinder: number, head: number, sector: number): number | undefined {
    const { heads, sectorsPerTrack } = this.geometry;
    if (sector < 1 || sector > sectorsPerTrack || head >= heads || cylinder >= this.chsCylinders) return undefined;
    return (cylinder * heads + head) * sectorsPerTrack + (sector - 1);
  }

  /** Whole sectors [lba, lba+count) that exist in the image. */
  sectorsAvailable(lba: number, count: number): number {
    if (lba >= this.sectors) return 0;
    return Math.min(count, this.sectors - lba);
  }

  read(lba: number, count: number): Uint8Array {
    return this.bytes.subarray(lba * SECTOR_SIZE, (lba + count) * SECTOR_SIZE);
  }

  write(lba: number, data: Uint8Array): void {
    this.bytes.set(data, lba * SECTOR_SIZE);
  }
}
