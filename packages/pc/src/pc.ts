/**
 * A PC assembled on any vCPU backend: memory map, BIOS, the legacy chips
 * (8259A pair, 8254, 8042, MC146818, 16550A), VGA text and mode 13h, the debug
 * console, and a run loop that delivers interrupts and sleeps in HLT.
 *
 * IRQ wiring (IBM PC AT): 0 PIT channel 0, 1 keyboard, 4 COM1, 8 RTC; the
 * PIC is programmed by the BIOS to vectors 08h and 70h. A20 is the OR of the
 * 8042's output port and port 92h (device-misc's A20Gate); a reset from either
 * reboots from the boot disk.
 */
import { BackendError, Machine, type MachineOptions, type RunLimits, type RunResult, type VcpuBackend } from '@tinyvm/core';
import { BIOS_TRAP_PORT, Bios, DiskImage, MODE_TEXT_40X25, ROM_BASE, ROM_SIZE, BDA, type DiskOptions } from '@tinyvm/bios';
import { Cmos, attachCmos, setMemorySize } from '@tinyvm/device-cmos';
import { I8042, I8042_COMMAND_PORT, attachI8042 } from '@tinyvm/device-i8042';
import { PicPair, attachPicPair } from '@tinyvm/device-pic';
import { Pit, PortB, attachPit, type Clock } from '@tinyvm/device-pit';
import { COM1_BASE, COM1_IRQ, Uart16550, attachUart, type SerialSink } from '@tinyvm/device-serial';
import { CP437, VGA_ROWS, VGA_TEXT_CELLS, attachVgaText, type VgaText } from '@tinyvm/device-vga';
import {
  A20Gate, DEBUG_CONSOLE_PORT, DebugConsole, PORT_A_A20_BIT, PORT_A_FAST_RESET_BIT, POST_CODE_PORT, PostCodePort,
  SYSTEM_CONTROL_A_PORT, SystemControlA, type ByteSink,
} from '@tinyvm/device-misc';
import { InterruptDelivery, canInjectInterrupts } from './interrupts.js';
import { CONVENTIONAL_BYTES, DEFAULT_PC_MEMORY, HIGH_MEMORY_BASE, checkPcMemory } from './memory-map.js';
import { PcRunLoop, type TimerSource } from './run-loop.js';
import {
  DAC_PORT_BASE, DAC_PORT_COUNT, GRAPHICS_BASE, GRAPHICS_HEIGHT, GRAPHICS_SIZE, GRAPHICS_WIDTH, INPUT_STATUS_PORT, VgaGraphics,
} from './vga-graphics.js';

/** 8042 commands (IBM PS/2 and most AT controllers): A20 off, on. */
const I8042_DISABLE_A20 = 0xdd;
const I8042_ENABLE_A20 = 0xdf;

export interface PcOptions {
  backend: VcpuBackend;
  /** The boot disk: raw image bytes or a DiskImage. A floppy is drive 00h, a hard disk 80h. */
  disk?: Uint8Array | DiskImage;
  /** With raw bytes: force floppy or hard disk (default: by size). */
  diskKind?: DiskOptions['kind'];
  /**
   * More drives, not booted from: each floppy becomes the next of 00h, 01h and each
   * hard disk the next of 80h-83h after the boot disk (e.g. a boot floppy and a data disk).
   */
  extraDisks?: readonly DiskImage[];
  /** Guest RAM in bytes (default 16 MiB). */
  memBytes?: number;
  /** COM1 output. */
  serial?: SerialSink;
  /** Port E9h output. */
  debugcon?: ByteSink;
  /**
   * Called for an internal-error exit, as core's MachineOptions.onInternalError: return
   * true when it was dealt with and the guest resumes. On KVM, pass
   * `new InterpreterFallback().handle` (@tinyvm/fallback) to run the instructions KVM's
   * emulator cannot (DAA, AAA, BOUND, ...) in the interpreter.
   */
  onInternalError?: MachineOptions['onInternalError'];
}

export interface PcKeyboard {
  /** Presses and releases each character (US layout). */
  type(text: string): void;
  /** Presses and releases a named key ('Enter', 'ArrowUp', 'F1', 'a', ...). */
  press(key: string): void;
  /** Raw scan code set 1 bytes. */
  sendScancodes(bytes: readonly number[]): void;
}

export class Pc {
  readonly machine: Machine;
  readonly bios: Bios;
  readonly vga: VgaText;
  readonly graphics: { readonly bytes: Uint8Array; readonly dac: VgaGraphics };
  readonly pic: PicPair;
  readonly pit: Pit;
  readonly cmos: Cmos;
  readonly i8042: I8042;
  readonly serial: Uart16550;
  readonly debugcon: DebugConsole;
  /** Port 80h: the last POST code a guest wrote. */
  readonly postCodes: PostCodePort;
  /** Port 92h: fast A20 and fast reset. */
  readonly systemControlA: SystemControlA;
  readonly a20: A20Gate;
  readonly keyboard: PcKeyboard;
  readonly delivery: InterruptDelivery;
  /** The drive `boot()` starts from (00h or 80h), when there is a disk. */
  readonly bootDrive: number | undefined;
  readonly #loop: PcRunLoop;
  /** Resets the guest asked for (8042 pulse, port 92h): each reboots from the boot disk. */
  resets = 0;

  constructor(options: PcOptions) {
    const { backend } = options;
    if (!canInjectInterrupts(backend)) {
      throw new BackendError(
        'no-interrupt-injection',
        `the ${backend.name} backend cannot inject interrupts yet, which a PC needs (timer, keyboard); use the interpreter`,
      );
    }
    const memBytes = options.memBytes ?? DEFAULT_PC_MEMORY;
    checkPcMemory(memBytes);
    const machine = new Machine({ backend, onInternalError: options.onInternalError });
    this.machine = machine;
    machine.addRam({ base: 0, size: CONVENTIONAL_BYTES, name: 'ram' });
    const graphicsBytes = machine.addRam({ base: GRAPHICS_BASE, size: GRAPHICS_SIZE, name: 'vga-graphics' }).bytes;
    this.vga = attachVgaText(machine);
    const rom = machine.addRam({ base: ROM_BASE, size: ROM_SIZE, name: 'bios-rom', readOnly: true });
    if (memBytes > HIGH_MEMORY_BASE) machine.addRam({ base: HIGH_MEMORY_BASE, size: memBytes - HIGH_MEMORY_BASE, name: 'ram-high' });

    // Interrupt controllers and the chips that raise IRQs.
    this.pic = new PicPair();
    attachPicPair(machine.io, this.pic);
    const clock: Clock = { nowNs: () => performance.now() * 1e6 };
    this.pit = new Pit({ clock, irq0: this.pic.irqLine(0) });
    attachPit(machine.io, this.pit, new PortB(this.pit, clock));
    this.cmos = new Cmos({ clock: { now: () => new Date() }, irq8: this.pic.irqLine(8) });
    setMemorySize(this.cmos, memBytes);
    attachCmos(machine.io, this.cmos);
    const backendA20 = backend as { setA20?: (on: boolean) => void };
    this.a20 = new A20Gate((enabled) => backendA20.setA20?.(enabled));
    this.i8042 = new I8042({
      irq1: this.pic.irqLine(1),
      irq12: this.pic.irqLine(12),
      a20: this.a20.keyboardController,
      reset: () => this.#reset(),
    });
    attachI8042(machine.io, this.i8042);
    this.serial = new Uart16550({ sink: options.serial, irq: this.pic.irqLine(COM1_IRQ) });
    attachUart(machine.io, this.serial, COM1_BASE, 'com1');
    this.debugcon = new DebugConsole(options.debugcon);
    machine.addIoDevice(DEBUG_CONSOLE_PORT, 1, this.debugcon, 'debugcon');
    this.postCodes = new PostCodePort();
    machine.addIoDevice(POST_CODE_PORT, 1, this.postCodes, 'post-code');
    this.systemControlA = new SystemControlA({ a20: this.a20.port92, reset: () => this.#reset() });
    machine.addIoDevice(SYSTEM_CONTROL_A_PORT, 1, this.systemControlA, 'port92');
    const dac = new VgaGraphics();
    machine.addIoDevice(DAC_PORT_BASE, DAC_PORT_COUNT, dac.dacPorts, 'vga-dac');
    machine.addIoDevice(INPUT_STATUS_PORT, 1, dac.statusPort, 'vga-status');
    this.graphics = { bytes: graphicsBytes, dac };

    // Disks and the BIOS.
    const drives = new Map<number, DiskImage>();
    const addDrive = (disk: DiskImage): number => {
      const [first, limit] = disk.kind === 'floppy' ? [0x00, 0x02] : [0x80, 0x84];
      let drive = first;
      while (drives.has(drive)) drive++;
      if (drive >= limit) throw new RangeError(`at most ${limit - first} ${disk.kind === 'floppy' ? 'floppies' : 'hard disks'}`);
      drives.set(drive, disk);
      return drive;
    };
    if (options.disk !== undefined) {
      this.bootDrive = addDrive(options.disk instanceof DiskImage ? options.disk : new DiskImage(options.disk, { kind: options.diskKind }));
    }
    for (const disk of options.extraDisks ?? []) addDrive(disk);
    this.bios = new Bios({
      memory: machine.memory,
      io: machine.io,
      cpu: backend,
      rom: rom.bytes,
      video: { text: this.vga.bytes, graphics: graphicsBytes, dac },
      drives,
      ramBytes: memBytes,
      serialPorts: [COM1_BASE],
      // INT 15h AX=2400h/2401h set both A20 sources, as they are ORed: the 8042 (commands
      // DDh/DFh) and port 92h (keeping its other bits, never the reset bit).
      a20: {
        get: () => this.a20.enabled,
        set: (enabled) => {
          machine.io.write(I8042_COMMAND_PORT, 1, enabled ? I8042_ENABLE_A20 : I8042_DISABLE_A20);
          const value = machine.io.read(SYSTEM_CONTROL_A_PORT, 1) & ~(PORT_A_A20_BIT | PORT_A_FAST_RESET_BIT);
          machine.io.write(SYSTEM_CONTROL_A_PORT, 1, value | (enabled ? PORT_A_A20_BIT : 0));
        },
      },
    });
    machine.addIoDevice(BIOS_TRAP_PORT, 1, this.bios.trapDevice, 'bios-trap');

    this.delivery = new InterruptDelivery(backend, this.pic, (state) => this.bios.interruptsEnabledOnReturn(state));
    const timers: TimerSource = {
      advance: () => {
        this.pit.advance();
        this.cmos.advance();
      },
      nextEventMs: () => {
        const pit = this.pit.nextEventNs();
        const rtc = this.cmos.nextEventMs();
        const rtcMs = rtc === undefined ? Infinity : rtc - Date.now() + performance.now();
        const next = Math.min(pit === undefined ? Infinity : pit / 1e6, rtcMs);
        return next === Infinity ? undefined : next;
      },
    };
    this.#loop = new PcRunLoop(machine, this.delivery, timers, options.onInternalError);
    const wake = () => this.#loop.wake();
    this.keyboard = {
      type: (text) => { this.i8042.typeText(text); wake(); },
      press: (key) => { this.i8042.pressKey(key); this.i8042.releaseKey(key); wake(); },
      sendScancodes: (bytes) => { this.i8042.sendScancodes(bytes); wake(); },
    };
    this.bios.install();
  }

  /** Loads the boot sector and points the vCPU at it (throws BootError when the disk cannot boot). */
  boot(): void {
    if (this.bootDrive === undefined) {
      this.bios.boot(0x80); // throws boot-no-drive with the message on screen
      return;
    }
    this.bios.boot(this.bootDrive);
  }

  /** Runs synchronously (tests, scripts); HLT sleeps the thread until the next timer tick. */
  run(limits: RunLimits = {}): RunResult {
    return this.#loop.run(limits);
  }

  /** Runs with the event loop turning, so keys and serial input arrive meanwhile. */
  runAsync(limits: RunLimits = {}): Promise<RunResult> {
    return this.#loop.runAsync(limits);
  }

  /** Host bytes for COM1's receiver. */
  serialInput(bytes: Uint8Array | readonly number[]): void {
    this.serial.enqueue(bytes);
    this.#loop.wake();
  }

  /** The BIOS video mode (0040:0049). */
  get videoMode(): number {
    return this.bios.bda.read8(BDA.VIDEO_MODE);
  }

  /**
   * Character columns of the text mode: 40 in modes 00h/01h, else 80. (@tinyvm/device-vga
   * renders 80 columns; in the 40-column modes read the page with `textRows()`.)
   */
  get textColumns(): 40 | 80 {
    return this.videoMode <= MODE_TEXT_40X25 ? 40 : 80;
  }

  /**
   * The visible text page as rows of `textColumns` characters (CP437 as Unicode), trailing
   * blanks dropped, from the CRTC's start address as the VGA shows it.
   */
  textRows(): string[] {
    const columns = this.textColumns;
    const start = this.vga.crtc.startAddress;
    const rows: string[] = [];
    for (let row = 0; row < VGA_ROWS; row++) {
      let line = '';
      for (let column = 0; column < columns; column++) line += CP437[this.vga.bytes[((start + row * columns + column) % VGA_TEXT_CELLS) * 2]];
      rows.push(line.replace(/[ \u00a0]+$/, ''));
    }
    return rows;
  }

  /** A mode 13h pixel (the palette index) at x, y. */
  pixel(x: number, y: number): number {
    if (x < 0 || y < 0 || x >= GRAPHICS_WIDTH || y >= GRAPHICS_HEIGHT) throw new RangeError(`(${x}, ${y}) is off the 320×200 screen`);
    return this.graphics.bytes[y * GRAPHICS_WIDTH + x];
  }

  dispose(): void {
    this.machine.dispose();
  }

  /** The guest pulsed the reset line: POST again and boot from the same disk. */
  #reset(): void {
    this.resets++;
    this.bios.install();
    if (this.bootDrive !== undefined) this.bios.boot(this.bootDrive);
  }
}

export function createPc(options: PcOptions): Pc {
  return new Pc(options);
}
