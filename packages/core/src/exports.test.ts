import { expect, it } from 'vitest';
import * as core from './index.js';

// Pins the public API: a change to this list is a change to the package's contract.
it('exports exactly the documented names', () => {
  expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
    [
      "BOOT_SECTOR_ADDRESS",
      "BOOT_SECTOR_SIZE",
      "BOOT_SIGNATURE",
      "BackendError",
      "Bus",
      "BusError",
      "ByteWideDevice",
      "EXIT_KINDS",
      "FIRST_HARD_DISK",
      "FLAGS",
      "GENERAL_REGISTER_NAMES",
      "GuestError",
      "GuestFaultError",
      "GuestMemory",
      "IO_PORT_LIMIT",
      "ImageError",
      "MMIO_LIMIT",
      "Machine",
      "MemoryLayoutError",
      "PAGE_SIZE",
      "SEGMENT_NAMES",
      "TinyvmError",
      "UnhandledExitError",
      "byteWideDevice",
      "cloneCpuState",
      "describeExit",
      "isAccessSize",
      "loadBootSector",
      "loadRaw",
      "parseAddress",
      "parseEntry",
      "parseSize",
      "realModeSegment",
      "realModeState",
      "validateRegionSpec",
    ]
  `);
});
