/**
 * INT 13h, disk services, over DiskImage drives: reset, status, read/write/verify
 * by CHS (AH=02h-04h), drive parameters (08h), drive type (15h), and the
 * enhanced disk drive calls 41h-44h, 47h, 48h (Phoenix EDD 3.0; Ralf Brown's
 * Interrupt List, INT 13). Errors return CF=1 and the standard AH code; the last
 * status is kept at 0040:0041 (floppies) and 0040:0074 (hard disks).
 *
 * Floppy reads and writes go through the 8237 DMA controller on a PC, whose
 * address counter has 16 bits under a page register: a buffer that crosses a
 * 64 KiB physical boundary cannot be transferred, and the IBM BIOS refuses it
 * before moving anything with AH=09h ("DMA boundary error"), AL=0 (IBM PC AT
 * Technical Reference, diskette BIOS, DMA_SETUP; Ralf Brown, INT 13 status 09h).
 * So does this one, for floppies; hard disks use PIO and have no such limit.
 *
 * Not emulated: disk change lines (AH=16h always says "not changed"), formatting
 * (AH=05h answers 01h), the EDD calls on floppies (as on most BIOSes), the DMA
 * boundary check on AH=04h verify (it moves no memory here).
 */
import type { BiosCall } from './call.js';
import type { BiosDataArea } from './bda.js';
import { DiskImage, SECTOR_SIZE } from './disk.js';
import { BDA } from './layout.js';
import { DISKETTE_PARAMS_OFFSET, ROM_SEGMENT } from './layout.js';

export const DISK_OK = 0x00;
export const DISK_BAD_COMMAND = 0x01;
export const DISK_SECTOR_NOT_FOUND = 0x04;
export const DISK_WRITE_PROTECTED = 0x03;
export const DISK_DMA_BOUNDARY = 0x09;
/** The 8237's address counter covers 64 KiB; its page register the bits above. */
const DMA_PAGE_BYTES = 0x10000;
export const DISK_TIMEOUT = 0x80;

const EDD_VERSION_3 = 0x30;
/** EDD 41h CX: bit 0 = fixed disk access subset (42h-44h, 47h, 48h). */
const EDD_SUBSET_FIXED_DISK = 0x0001;
const EDD_SIGNATURE_IN = 0x55aa;
const EDD_SIGNATURE_OUT = 0xaa55;

export class DiskServices {
  constructor(
    private readonly bda: BiosDataArea,
    private readonly drives: ReadonlyMap<number, DiskImage>,
  ) {}

  handle(call: BiosCall): void {
    const drive = call.dl;
    const disk = this.drives.get(drive);
    const fn = call.ah;
    if (fn === 0x01) {
      // Status of the last operation; returned in AH with CF like the call it describes.
      const last = this.bda.read8(drive & 0x80 ? BDA.HD_LAST_STATUS : BDA.FLOPPY_LAST_STATUS);
      call.al = last;
      return this.#finish(call, drive, last, false);
    }
    if (disk === undefined) {
      // A missing floppy times out; a missing hard disk is an invalid request.
      if (fn === 0x15) {
        call.ah = 0; // no such drive
        call.carry = false;
        return;
      }
      return this.#finish(call, drive, drive & 0x80 ? DISK_BAD_COMMAND : DISK_TIMEOUT);
    }
    switch (fn) {
      case 0x00: // reset
      case 0x0d: // alternate reset
      case 0x10: // test drive ready
      case 0x11: // recalibrate
        return this.#finish(call, drive, DISK_OK);
      case 0x02:
      case 0x03:
      case 0x04:
        return this.#chsTransfer(call, disk, fn);
      case 0x08:
        return this.#parameters(call, disk);
      case 0x15:
        return this.#driveType(call, disk);
      case 0x16:
        // Floppy change line: not changed.
        return this.#finish(call, drive, DISK_OK);
      case 0x41:
        if (disk.kind !== 'hard-disk' || call.bx !== EDD_SIGNATURE_IN) break;
        call.bx = EDD_SIGNATURE_OUT;
        call.cx = EDD_SUBSET_FIXED_DISK;
        call.ah = EDD_VERSION_3;
        call.carry = false;
        return;
      case 0x42:
      case 0x43:
      case 0x44:
      case 0x47:
        if (disk.kind !== 'hard-disk') break;
        return this.#lbaTransfer(call, disk, fn);
      case 0x48:
        if (disk.kind !== 'hard-disk') break;
        return this.#eddParameters(call, disk);
    }
    this.#finish(call, drive, DISK_BAD_COMMAND);
  }

  #finish(call: BiosCall, drive: number, status: number, store = true): void {
    if (store) this.bda.write8(drive & 0x80 ? BDA.HD_LAST_STATUS : BDA.FLOPPY_LAST_STATUS, status);
    call.status(status);
  }

  /** AH=02h read, 03h write, 04h verify: AL sectors at CH/CL/DH, buffer ES:BX. AL returns the count done. */
  #chsTransfer(call: BiosCall, disk: DiskImage, fn: number): void {
    const count = call.al;
    const cylinder = call.ch | ((call.cl & 0xc0) << 2);
    const sector = call.cl & 0x3f;
    const head = call.dh;
    const lba = disk.lbaOf(cylinder, head, sector);
    if (count === 0 || lba === undefined) {
      call.al = 0;
      return this.#finish(call, call.dl, count === 0 ? DISK_BAD_COMMAND : DISK_SECTOR_NOT_FOUND);
    }
    const buffer = call.esPointer(call.bx);
    if (disk.kind === 'floppy' && fn !== 0x04 && crossesDmaPage(buffer, count * SECTOR_SIZE)) {
      call.al = 0;
      return this.#finish(call, call.dl, DISK_DMA_BOUNDARY);
    }
    const done = this.#transfer(call, disk, fn === 0x02 ? 'read' : fn === 0x03 ? 'write' : 'verify', lba, count, buffer);
    call.al = done.sectors;
    this.#finish(call, call.dl, done.status);
  }

  /** AH=42h-44h, 47h: the disk address packet at DS:SI (size, 0, count, buffer offset:segment, 64-bit LBA). */
  #lbaTransfer(call: BiosCall, disk: DiskImage, fn: number): void {
    const packet = call.dsPointer(call.si);
    const size = call.memory.read8(packet);
    const count = call.memory.read16(packet + 2);
    const offset = call.memory.read16(packet + 4);
    const segment = call.memory.read16(packet + 6);
    const lbaLow = call.memory.read32(packet + 8);
    const lbaHigh = call.memory.read32(packet + 12);
    if (size < 0x10) return this.#finish(call, call.dl, DISK_BAD_COMMAND);
    if (lbaHigh !== 0 || lbaLow >= disk.sectors) {
      call.memory.write16(packet + 2, 0);
      return this.#finish(call, call.dl, DISK_SECTOR_NOT_FOUND);
    }
    if (fn === 0x47) return this.#finish(call, call.dl, DISK_OK); // seek
    const kind = fn === 0x42 ? 'read' : fn === 0x43 ? 'write' : 'verify';
    const done = this.#transfer(call, disk, kind, lbaLow, count, ((segment << 4) + offset) >>> 0);
    call.memory.write16(packet + 2, done.sectors);
    this.#finish(call, call.dl, done.status);
  }

  #transfer(call: BiosCall, disk: DiskImage, kind: 'read' | 'write' | 'verify', lba: number, count: number, address: number): { sectors: number; status: number } {
    const available = disk.sectorsAvailable(lba, count);
    if (kind === 'write' && disk.readOnly) return { sectors: 0, status: DISK_WRITE_PROTECTED };
    if (kind === 'read') call.memory.writeBlock(address, disk.read(lba, available));
    else if (kind === 'write') disk.write(lba, call.memory.readBlock(address, available * SECTOR_SIZE));
    return { sectors: available, status: available < count ? DISK_SECTOR_NOT_FOUND : DISK_OK };
  }

  /** AH=08h: CH/CL = last cylinder and sector, DH = last head, DL = drives of this kind; floppies add BL and ES:DI. */
  #parameters(call: BiosCall, disk: DiskImage): void {
    const drive = call.dl;
    const { heads, sectorsPerTrack } = disk.geometry;
    const lastCylinder = disk.chsCylinders - 1;
    call.ch = lastCylinder & 0xff;
    call.cl = (sectorsPerTrack & 0x3f) | ((lastCylinder >> 2) & 0xc0);
    call.dh = heads - 1;
    call.ax = 0;
    if (disk.kind === 'floppy') {
      call.bl = disk.driveType;
      call.bh = 0;
      call.dl = [...this.drives.keys()].filter((d) => d < 0x80).length;
      call.es = ROM_SEGMENT;
      call.di = DISKETTE_PARAMS_OFFSET;
    } else {
      call.dl = [...this.drives.keys()].filter((d) => d >= 0x80).length;
    }
    this.#finish(call, drive, DISK_OK);
  }

  /** AH=15h: AH = 01h floppy without change line, 03h hard disk with CX:DX sectors. */
  #driveType(call: BiosCall, disk: DiskImage): void {
    if (disk.kind === 'floppy') {
      call.ah = 0x01;
    } else {
      call.ah = 0x03;
      call.cx = disk.sectors >>> 16;
      call.dx = disk.sectors & 0xffff;
    }
    call.carry = false;
  }

  /** AH=48h: the EDD 1.x result buffer (26 bytes) at DS:SI. */
  #eddParameters(call: BiosCall, disk: DiskImage): void {
    const buffer = call.dsPointer(call.si);
    const size = call.memory.read16(buffer);
    if (size < 26) return this.#finish(call, call.dl, DISK_BAD_COMMAND);
    const { cylinders, heads, sectorsPerTrack } = disk.geometry;
    call.memory.write16(buffer, 26);
    call.memory.write16(buffer + 2, 0x0002); // CHS information valid
    call.memory.write32(buffer + 4, cylinders);
    call.memory.write32(buffer + 8, heads);
    call.memory.write32(buffer + 12, sectorsPerTrack);
    call.memory.write32(buffer + 16, disk.sectors);
    call.memory.write32(buffer + 20, 0);
    call.memory.write16(buffer + 24, SECTOR_SIZE);
    this.#finish(call, call.dl, DISK_OK);
  }
}

/** True when [address, address + length) does not lie within one 64 KiB DMA page. */
function crossesDmaPage(address: number, length: number): boolean {
  return Math.floor(address / DMA_PAGE_BYTES) !== Math.floor((address + length - 1) / DMA_PAGE_BYTES);
}
