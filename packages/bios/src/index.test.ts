import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'BDA', 'BDA_BASE', 'BIOS_TRAP_PORT', 'BOOT_LOAD_ADDRESS', 'Bios', 'BiosCall', 'BootError', 'CONVENTIONAL_KIB',
    'DISK_BAD_COMMAND', 'DISK_DMA_BOUNDARY', 'DISK_OK', 'DISK_SECTOR_NOT_FOUND', 'DISK_TIMEOUT', 'DISK_WRITE_PROTECTED', 'DiskImage',
    'DiskImageError', 'DiskServices', 'EBDA_SEGMENT', 'FLOPPY_FORMATS', 'FUNCTION_NOT_SUPPORTED', 'GuestBytes',
    'KeyboardServices', 'MASTER_VECTOR_BASE', 'MAX_CHS_CYLINDERS', 'MAX_DISK_BYTES', 'MODE_GRAPHICS_320X200',
    'MODE_TEXT_40X25', 'MODE_TEXT_40X25_GREY', 'MODE_TEXT_80X25', 'MODE_TEXT_80X25_GREY', 'ROM_BASE', 'ROM_SEGMENT', 'ROM_SIZE', 'SECTOR_SIZE',
    'SLAVE_VECTOR_BASE', 'STUB_OFFSET', 'STUB_SIZE', 'SystemServices', 'TICKS_PER_DAY', 'TimeServices',
    'VideoServices', 'buildRom', 'linear', 'stubOffset', 'vectorAt',
  ].sort());
});
