// Types shared by every package
export type { CpuState, SegmentRegister, DescriptorTable, SegmentName, GeneralRegisterName, RealModeEntry } from './cpu-state.js';
export type { ExitReason, ExitKind, IoExit, MmioExit, DebugExit, InternalErrorExit, FailEntryExit, UnsupportedExit, SimpleExit } from './exit.js';
export type { VcpuBackend, RunOptions, BackendStats } from './backend.js';
export type { Device, StatefulDevice, AccessSize } from './device.js';
export type { ByteWidePorts } from './byte-wide-device.js';
export type { MemoryRegion, MemoryRegionSpec } from './memory.js';
export type { BusRange, BusCounters } from './bus.js';
export type { RunLimits, RunResult, StopReason, ExitCounts, MachineOptions } from './machine.js';

// CPU state
export { FLAGS, GENERAL_REGISTER_NAMES, SEGMENT_NAMES, realModeSegment, realModeState, cloneCpuState } from './cpu-state.js';

// Exits
export { EXIT_KINDS, describeExit } from './exit.js';

// Memory and buses
export { GuestMemory, PAGE_SIZE, validateRegionSpec } from './memory.js';
export { Bus, isAccessSize } from './bus.js';

// Devices
export { ByteWideDevice, byteWideDevice } from './byte-wide-device.js';

// The machine and its run loop
export { Machine, IO_PORT_LIMIT, MMIO_LIMIT, GuestFaultError, GuestError } from './machine.js';

// Images
export {
  loadRaw, loadBootSector, parseEntry, parseSize, parseAddress,
  BOOT_SECTOR_SIZE, BOOT_SECTOR_ADDRESS, BOOT_SIGNATURE, FIRST_HARD_DISK,
} from './image.js';

// Errors
export { TinyvmError, BusError, MemoryLayoutError, ImageError, UnhandledExitError, BackendError } from './errors.js';
