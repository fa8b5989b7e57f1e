// The BIOS
export { Bios, MASTER_VECTOR_BASE, SLAVE_VECTOR_BASE } from './bios.js';
export type { BiosOptions, BiosCpu, BiosCounters } from './bios.js';

// Disks
export { DiskImage, SECTOR_SIZE, FLOPPY_FORMATS, MAX_CHS_CYLINDERS, MAX_DISK_BYTES } from './disk.js';
export type { DiskKind, DiskOptions, Geometry } from './disk.js';

// Services (for tests and machines that call them directly)
export {
  VideoServices, MODE_TEXT_40X25, MODE_TEXT_40X25_GREY, MODE_TEXT_80X25, MODE_TEXT_80X25_GREY, MODE_GRAPHICS_320X200,
} from './video.js';
export type { Dac, VideoMemory } from './video.js';
export {
  DiskServices, DISK_OK, DISK_BAD_COMMAND, DISK_SECTOR_NOT_FOUND, DISK_WRITE_PROTECTED, DISK_TIMEOUT, DISK_DMA_BOUNDARY,
} from './disk-services.js';
export { KeyboardServices } from './keyboard.js';
export { TimeServices } from './time.js';
export { SystemServices, FUNCTION_NOT_SUPPORTED } from './system-services.js';
export type { MemoryMapEntry, A20Gate } from './system-services.js';
export { BiosCall } from './call.js';
export { GuestBytes, linear } from './guest-memory.js';
export type { PortIo } from './ports.js';

// Layout
export {
  BIOS_TRAP_PORT, ROM_BASE, ROM_SIZE, ROM_SEGMENT, BDA_BASE, BDA, EBDA_SEGMENT, CONVENTIONAL_KIB, TICKS_PER_DAY,
  STUB_OFFSET, STUB_SIZE, BOOT_LOAD_ADDRESS,
} from './layout.js';
export { buildRom, stubOffset, vectorAt } from './rom.js';

// Errors
export { DiskImageError, BootError } from './errors.js';
