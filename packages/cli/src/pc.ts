/**
 * `tinyvm run disk.img` through the BIOS: the PC platform (@tinyvm/pc) as a
 * GuestMachine, and the flags that choose it (--bios, --floppy, --hd) and
 * route its serial port and debug console (--serial, --debugcon).
 *
 * The rule: without --load/--entry the image is a disk and boots through the
 * BIOS, as on a PC (a 512-byte boot game calls INT 10h/16h and needs the IVT
 * filled); a floppy or a hard disk by --floppy/--hd or by its size. With
 * --load/--entry it is a flat image, run without the BIOS (the hello example).
 */
import { appendFileSync } from 'node:fs';
import { ImageError, type VcpuBackend } from '@tinyvm/core';
import { BootError, DiskImage, DiskImageError } from '@tinyvm/bios';
import { InterpreterFallback } from '@tinyvm/fallback';
import { createPc, GRAPHICS_HEIGHT, GRAPHICS_WIDTH, type Pc } from '@tinyvm/pc';
import type { RunOptions } from './args.js';
import { UsageError } from './errors.js';
import { serialCapture, type GuestMachine } from './guest-machine.js';
import { dacToRgb, textFrameOf, type ScreenSource } from './screen/frame.js';

/** Where --serial / --debugcon output goes: a file (appended to) or standard output. */
export type OutputTarget = { kind: 'stdout' } | { kind: 'file'; path: string };

export interface PcRunOptions {
  /** --bios: boot through the BIOS (the default without --load/--entry). */
  bios?: boolean;
  /** Force the disk kind (--floppy / --hd). */
  diskKind?: 'floppy' | 'hard-disk';
  serial?: OutputTarget;
  debugcon?: OutputTarget;
}

export interface PcBuildOptions extends PcRunOptions {
  /** On KVM, run the instructions it cannot emulate in the interpreter (default false; the CLI's --no-fallback turns it off). */
  fallback?: boolean;
}

export const PC_HELP = `  --bios                     boot <image> as a disk through the BIOS (already the default without
                             --load/--entry): INT 10h/13h/16h/1Ah..., timer and keyboard IRQs
  --floppy, --hd             boot through the BIOS as a floppy (drive 00h) or hard disk (80h); by default a
                             standard floppy size (360K, 720K, 1.2M, 1.44M, 2.88M) is a floppy, others a hard disk
  --serial FILE|stdout       with the BIOS: send COM1 output to FILE (appended) or standard output
  --debugcon FILE|stdout     with the BIOS: send port E9h output to FILE (appended) or standard output
`;

export const PC_FLAGS = {
  bios: { type: 'boolean', default: false },
  floppy: { type: 'boolean', default: false },
  hd: { type: 'boolean', default: false },
  serial: { type: 'string' },
  debugcon: { type: 'string' },
} as const;

function target(flag: string, value: string): OutputTarget {
  if (value === '') throw new UsageError(`--${flag}: the path is empty`);
  return value === 'stdout' ? { kind: 'stdout' } : { kind: 'file', path: value };
}

/** The PC part of the run options, from parseArgs values. */
export function pcOptionsFrom(values: { bios?: boolean; floppy?: boolean; hd?: boolean; serial?: string; debugcon?: string }): PcRunOptions | undefined {
  if (values.floppy && values.hd) throw new UsageError('--floppy and --hd: choose one');
  const pc: PcRunOptions = {};
  if (values.bios) pc.bios = true;
  if (values.floppy) pc.diskKind = 'floppy';
  if (values.hd) pc.diskKind = 'hard-disk';
  if (values.serial !== undefined) pc.serial = target('serial', values.serial);
  if (values.debugcon !== undefined) pc.debugcon = target('debugcon', values.debugcon);
  return Object.keys(pc).length > 0 ? pc : undefined;
}

/**
 * True when this run boots its image through the BIOS: always, unless --load or
 * --entry asks for a flat image. (--bios, --floppy and --hd with --load/--entry
 * are refused by the argument parser.)
 */
export function bootsThroughBios(options: Pick<RunOptions, 'load' | 'entry'>): boolean {
  return options.load === undefined && options.entry === undefined;
}

function sink(to: OutputTarget | undefined): ((bytes: Uint8Array) => void) | undefined {
  if (to === undefined) return undefined;
  // appendFileSync opens and closes the file each time: no descriptor outlives the run.
  if (to.kind === 'file') return (bytes) => appendFileSync(to.path, bytes);
  return (bytes) => process.stdout.write(bytes);
}

/** The screen: the text page (40 or 80 columns by the BIOS mode), or the mode 13h framebuffer with the DAC's palette. */
function pcScreen(pc: Pc): ScreenSource {
  return {
    frame: () => {
      if (pc.videoMode !== 0x13) return textFrameOf(pc.vga, pc.textColumns);
      return {
        kind: 'graphics',
        width: GRAPHICS_WIDTH,
        height: GRAPHICS_HEIGHT,
        pixels: pc.graphics.bytes.slice(0, GRAPHICS_WIDTH * GRAPHICS_HEIGHT),
        palette: dacToRgb(Uint8Array.from(pc.graphics.dac.state.palette)),
      };
    },
  };
}

/**
 * A PC booted from `image`. Disk and boot problems become core ImageErrors, so
 * they give the image exit status and one line naming the file.
 */
export function buildPcMachine(backend: VcpuBackend, path: string, image: Uint8Array, memBytes: number, options: PcBuildOptions = {}): GuestMachine {
  const serial = serialCapture();
  const serialOut = sink(options.serial);
  let disk: DiskImage;
  try {
    disk = new DiskImage(image, { kind: options.diskKind });
  } catch (error) {
    if (!(error instanceof DiskImageError)) throw error;
    const hint = error.code === 'disk-bad-size' ? ' (a flat image needs --load ADDR)' : '';
    throw new ImageError(error.code === 'disk-empty' ? 'image-empty' : 'image-bad-size', `image "${path}": ${error.message}${hint}`);
  }
  // As for flat images (guest-machine.ts): on KVM, an instruction its emulator cannot run
  // (an internal emulation error) is run in the interpreter and the guest resumes.
  const fallback = backend.name === 'kvm' && options.fallback ? new InterpreterFallback() : undefined;
  const pc = createPc({
    backend,
    disk,
    memBytes,
    onInternalError: fallback?.handle,
    serial: { write: (bytes) => { serial.sink.write(bytes); serialOut?.(bytes); } },
    debugcon: options.debugcon ? { write: sink(options.debugcon)! } : undefined,
  });
  try {
    pc.boot();
  } catch (error) {
    pc.dispose();
    if (!(error instanceof BootError)) throw error;
    throw new ImageError('image-no-signature', `image "${path}": ${error.message}`);
  }
  return {
    machine: pc.machine,
    vga: pc.vga,
    screen: pcScreen(pc),
    keyboard: { press: (key) => pc.i8042.pressKey(key), release: (key) => pc.i8042.releaseKey(key) },
    serial: serial.tap,
    run: (limits) => pc.run(limits),
    ...(fallback ? { fallback } : {}),
  };
}
