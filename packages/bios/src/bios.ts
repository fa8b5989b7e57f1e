/**
 * The BIOS: power-on setup done by the VMM (IVT, BDA, EBDA, ROM stubs, PIC and
 * PIT programming) and the dispatcher behind the trap port. A guest INT lands
 * on the vector's stub in ROM; the stub's `out 0xE5, al` becomes an I/O exit;
 * the machine hands it to `trapDevice`, which reads the vCPU state, runs the
 * service in TypeScript, writes the state back, and the stub's IRET returns.
 * Nothing here depends on the backend beyond getState/setState.
 */
import { realModeSegment, FLAGS, type AccessSize, type CpuState, type Device, type GuestMemory } from '@tinyvm/core';
import { BiosDataArea } from './bda.js';
import { BiosCall } from './call.js';
import { DiskServices } from './disk-services.js';
import type { DiskImage } from './disk.js';
import { SECTOR_SIZE } from './disk.js';
import { BootError } from './errors.js';
import { GuestBytes } from './guest-memory.js';
import { KeyboardServices } from './keyboard.js';
import {
  BDA, BOOT_LOAD_ADDRESS, CONVENTIONAL_KIB, DISKETTE_PARAMS_OFFSET, EBDA_SEGMENT, FONT_8X8_OFFSET, EBDA_SIZE_KIB, HALT_OFFSET,
  IVT_BASE, ROM_BASE, ROM_SEGMENT, ROM_SIZE, STUB_WAIT_OFFSET,
} from './layout.js';
import { endOfInterrupt, type PortIo } from './ports.js';
import { buildRom, stubOffset, vectorAt } from './rom.js';
import { SystemServices, type A20Gate } from './system-services.js';
import { TimeServices } from './time.js';
import { VideoServices, MODE_TEXT_80X25, type VideoMemory } from './video.js';

/** What the BIOS needs of the vCPU: its state, read and written at the trap. */
export interface BiosCpu {
  getState(): CpuState;
  setState(state: CpuState): void;
}

export interface BiosOptions {
  memory: GuestMemory;
  io: PortIo;
  cpu: BiosCpu;
  /** The ROM region's host bytes (64 KiB at F0000), filled by `install()`. */
  rom: Uint8Array;
  video: VideoMemory;
  /** Drives by BIOS number: 00h, 01h floppies; 80h, 81h hard disks. */
  drives?: ReadonlyMap<number, DiskImage>;
  /** Guest RAM in bytes, conventional and extended (for INT 15h). */
  ramBytes: number;
  /** COM port bases to list in the BDA (default [3F8h]). */
  serialPorts?: readonly number[];
  /** Monotonic milliseconds (default performance.now). */
  nowMs?: () => number;
  a20?: A20Gate;
}

export interface BiosCounters {
  /** Calls per vector. */
  calls: Map<number, number>;
  /** Trap-port writes that did not come from a stub (a guest writing the port itself). */
  strayTraps: number;
}

/** Interrupt vectors of the PIC inputs after the BIOS programs it (IBM AT: 08h and 70h). */
export const MASTER_VECTOR_BASE = 0x08;
export const SLAVE_VECTOR_BASE = 0x70;

// Equipment word bits (INT 11h).
const EQUIPMENT_FLOPPY = 0x0001;
const EQUIPMENT_MATH_COPROCESSOR = 0x0002;
const EQUIPMENT_VIDEO_80X25_COLOR = 0x0020;
const EQUIPMENT_FLOPPY_COUNT_SHIFT = 6;
const EQUIPMENT_SERIAL_COUNT_SHIFT = 9;

/** Vectors pointing at data, not code (IBM AT): diskette parameters (1Eh), 8×8 font upper half (1Fh), graphics font (43h). */
const DISKETTE_PARAMS_VECTOR = 0x1e;
const UPPER_FONT_VECTOR = 0x1f;
const GRAPHICS_FONT_VECTOR = 0x43;

export class Bios {
  readonly memory: GuestBytes;
  readonly bda: BiosDataArea;
  readonly video: VideoServices;
  readonly disk: DiskServices;
  readonly keyboard: KeyboardServices;
  readonly time: TimeServices;
  readonly system: SystemServices;
  readonly counters: BiosCounters = { calls: new Map(), strayTraps: 0 };
  /** The device to register at BIOS_TRAP_PORT. */
  readonly trapDevice: Device;
  readonly drives: ReadonlyMap<number, DiskImage>;
  readonly #options: BiosOptions;

  constructor(options: BiosOptions) {
    this.#options = options;
    this.drives = options.drives ?? new Map();
    this.memory = new GuestBytes(options.memory);
    this.bda = new BiosDataArea(this.memory);
    this.video = new VideoServices(this.bda, options.io, options.video);
    this.disk = new DiskServices(this.bda, this.drives);
    this.keyboard = new KeyboardServices(this.bda, options.io);
    this.time = new TimeServices(this.bda, options.io);
    const nowMs = options.nowMs ?? (() => performance.now());
    this.system = new SystemServices(this.bda, options.io, options.ramBytes, nowMs, options.a20);
    this.trapDevice = {
      name: 'bios-trap',
      read: (_offset: number, size: AccessSize) => (size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff),
      write: () => this.trap(),
    };
  }

  /** Power-on: ROM, IVT, BDA, EBDA, the interrupt controllers and the timer, video mode 03h. */
  install(): void {
    const { rom, io } = this.#options;
    if (rom.length !== ROM_SIZE) throw new RangeError(`the BIOS ROM is ${ROM_SIZE} bytes, got ${rom.length}`);
    rom.set(buildRom());
    for (let vector = 0; vector < 256; vector++) {
      this.memory.write16(IVT_BASE + vector * 4, stubOffset(vector));
      this.memory.write16(IVT_BASE + vector * 4 + 2, ROM_SEGMENT);
    }
    this.memory.write16(IVT_BASE + DISKETTE_PARAMS_VECTOR * 4, DISKETTE_PARAMS_OFFSET);
    this.memory.write16(IVT_BASE + GRAPHICS_FONT_VECTOR * 4, FONT_8X8_OFFSET);
    this.memory.write16(IVT_BASE + UPPER_FONT_VECTOR * 4, FONT_8X8_OFFSET + 128 * 8);
    this.#installDataArea();
    this.#programPic(io);
    this.#programPit(io);
    this.keyboard.install();
    this.time.install();
    this.video.setMode(MODE_TEXT_80X25);
  }

  #installDataArea(): void {
    this.memory.fill(0x400, 0x100, 0);
    const serialPorts = this.#options.serialPorts ?? [0x3f8];
    serialPorts.slice(0, 4).forEach((port, i) => this.bda.write16(BDA.COM_PORTS + i * 2, port));
    const floppies = [...this.drives.keys()].filter((d) => d < 0x80).length;
    const hardDisks = [...this.drives.keys()].filter((d) => d >= 0x80).length;
    let equipment = EQUIPMENT_VIDEO_80X25_COLOR | EQUIPMENT_MATH_COPROCESSOR;
    if (floppies > 0) equipment |= EQUIPMENT_FLOPPY | ((floppies - 1) << EQUIPMENT_FLOPPY_COUNT_SHIFT);
    equipment |= Math.min(serialPorts.length, 4) << EQUIPMENT_SERIAL_COUNT_SHIFT;
    this.bda.write16(BDA.EQUIPMENT, equipment);
    this.bda.write16(BDA.MEMORY_KIB, CONVENTIONAL_KIB);
    this.bda.write16(BDA.EBDA_SEGMENT, EBDA_SEGMENT);
    this.bda.write8(BDA.HD_COUNT, hardDisks);
    for (let i = 0; i < 4; i++) this.bda.write8(BDA.COM_TIMEOUTS + i, 1);
    // EBDA: its first byte is its size in KiB.
    const ebda = EBDA_SEGMENT << 4;
    this.memory.fill(ebda, EBDA_SIZE_KIB * 1024, 0);
    this.memory.write8(ebda, EBDA_SIZE_KIB);
  }

  /** ICW1-ICW4 as the AT BIOS sends them: edge triggered, cascade, vectors 08h/70h; unmask IRQ 0, 1, 2. */
  #programPic(io: PortIo): void {
    io.write(0x20, 1, 0x11);
    io.write(0xa0, 1, 0x11);
    io.write(0x21, 1, MASTER_VECTOR_BASE);
    io.write(0xa1, 1, SLAVE_VECTOR_BASE);
    io.write(0x21, 1, 0x04); // slave on IR2
    io.write(0xa1, 1, 0x02); // slave identity 2
    io.write(0x21, 1, 0x01); // 8086 mode
    io.write(0xa1, 1, 0x01);
    io.write(0x21, 1, 0b1111_1000);
    io.write(0xa1, 1, 0b1111_1111);
  }

  /** Channel 0, mode 3, count 0 (65536): IRQ 0 at 1193182 / 65536 = 18.2 Hz. */
  #programPit(io: PortIo): void {
    io.write(0x43, 1, 0x36);
    io.write(0x40, 1, 0x00);
    io.write(0x40, 1, 0x00);
  }

  /**
   * Loads the boot sector of `drive` to 0000:7C00 and points the vCPU at it with
   * DL = drive, SS:SP = 0000:7C00, interrupts enabled (as SeaBIOS hands over).
   * Throws BootError (and leaves a message on the screen) when it cannot.
   */
  boot(drive: number): void {
    const disk = this.drives.get(drive);
    const fail = (code: 'boot-no-drive' | 'boot-read-failed' | 'boot-no-signature', message: string): never => {
      this.#print(`${message}\r\n`);
      throw new BootError(code, message);
    };
    if (disk === undefined) fail('boot-no-drive', `Boot failed: no drive ${hex(drive)}`);
    const sector = disk!.read(0, disk!.sectorsAvailable(0, 1));
    if (sector.length < SECTOR_SIZE) fail('boot-read-failed', `Boot failed: could not read the boot sector of drive ${hex(drive)}`);
    if (sector[510] !== 0x55 || sector[511] !== 0xaa) {
      fail('boot-no-signature', `Boot failed: drive ${hex(drive)} has no boot signature (55 AA at the end of sector 0)`);
    }
    this.memory.writeBlock(BOOT_LOAD_ADDRESS, sector);
    const state = this.#options.cpu.getState();
    this.#jumpToBootSector(state, drive);
    this.#options.cpu.setState(state);
  }

  #jumpToBootSector(state: CpuState, drive: number): void {
    state.cs = realModeSegment(0, true);
    state.eip = BOOT_LOAD_ADDRESS;
    state.ss = realModeSegment(0);
    state.esp = BOOT_LOAD_ADDRESS;
    state.ds = realModeSegment(0);
    state.es = realModeSegment(0);
    state.edx = drive;
    state.eflags = FLAGS.RESERVED1 | FLAGS.IF;
  }

  #print(text: string): void {
    for (const c of text) this.video.teletype(c.charCodeAt(0) & 0xff, 0x07);
  }

  /**
   * True when the vCPU is inside a BIOS stub whose IRET will restore IF=1: an
   * interrupt queued now is taken right after the service returns. A guest that
   * calls the BIOS in a tight loop is always seen at a trap, where INT has
   * cleared IF, so the machine needs this to know the guest is interruptible.
   */
  interruptsEnabledOnReturn(state: CpuState): boolean {
    if (state.cs.base !== ROM_BASE || vectorAt(state.eip & 0xffff) === undefined) return false;
    const flags = this.memory.read16(state.ss.base + ((state.esp + 4) & 0xffff));
    return (flags & FLAGS.IF) !== 0;
  }

  /** Runs the service for the stub the vCPU is in. Called at the trap-port write. */
  trap(): void {
    const cpu = this.#options.cpu;
    const state = cpu.getState();
    const linear = state.cs.base + (state.eip & 0xffff);
    const vector = linear >= ROM_BASE ? vectorAt(linear - ROM_BASE) : undefined;
    // KVM reports the exit with IP at the OUT, the interpreter after it: both lie in the stub.
    if (vector === undefined || state.cs.base !== ROM_BASE) {
      this.counters.strayTraps++;
      return;
    }
    this.counters.calls.set(vector, (this.counters.calls.get(vector) ?? 0) + 1);
    const call = new BiosCall(state, this.memory, vector);
    this.#dispatch(call);
    if (call.retry) state.eip = stubOffset(vector) + STUB_WAIT_OFFSET;
    cpu.setState(state);
  }

  #dispatch(call: BiosCall): void {
    const vector = call.vector;
    switch (vector) {
      case 0x08: return this.time.tick();
      case 0x09: return this.keyboard.irq();
      case 0x10: return this.video.handle(call);
      case 0x11: return this.system.equipment(call);
      case 0x12: return this.system.memorySize(call);
      case 0x13: return this.disk.handle(call);
      case 0x14: return this.system.serial(call);
      case 0x15: return this.system.system(call);
      case 0x16: return this.keyboard.handle(call);
      case 0x18: return this.#noBootDevice(call);
      case 0x19: return this.#bootstrap(call);
      case 0x1a: return this.time.handle(call);
      default:
        // Other hardware interrupts: acknowledge so the PIC can deliver lower priorities.
        if (vector >= MASTER_VECTOR_BASE + 2 && vector < MASTER_VECTOR_BASE + 8) endOfInterrupt(this.#options.io, vector - MASTER_VECTOR_BASE);
        else if (vector >= SLAVE_VECTOR_BASE && vector < SLAVE_VECTOR_BASE + 8) endOfInterrupt(this.#options.io, vector - SLAVE_VECTOR_BASE + 8);
    }
  }

  /** INT 18h (ROM BASIC on the IBM PC; "no bootable device" since): say so and stop. */
  #noBootDevice(call: BiosCall): void {
    this.#print('No bootable device.\r\n');
    call.state.cs = realModeSegment(ROM_SEGMENT, true);
    call.state.eip = HALT_OFFSET;
  }

  /** INT 19h: boot again from the first drive that has a boot sector (floppy first). */
  #bootstrap(call: BiosCall): void {
    const order = [...this.drives.keys()].sort((a, b) => a - b);
    for (const drive of order) {
      const disk = this.drives.get(drive)!;
      const sector = disk.read(0, disk.sectorsAvailable(0, 1));
      if (sector.length === SECTOR_SIZE && sector[510] === 0x55 && sector[511] === 0xaa) {
        this.memory.writeBlock(BOOT_LOAD_ADDRESS, sector);
        this.#jumpToBootSector(call.state, drive);
        return;
      }
    }
    this.#noBootDevice(call);
  }
}

function hex(drive: number): string {
  return `${drive.toString(16).padStart(2, '0').toUpperCase()}h`;
}
