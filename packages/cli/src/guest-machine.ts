/**
 * A machine ready to run, as the CLI and the library's session see it: the
 * core Machine plus what a person sees and touches (the screen, the keyboard,
 * the serial output). `buildFlatMachine` makes the flat-image one (RAM, VGA
 * text, an 8042 keyboard controller and a COM1 UART, both polled: no
 * interrupt controller); the PC platform supplies its own with the same shape:
 * `run` = its own loop (timers, IRQs, HLT waiting for them), `screen` = a
 * GraphicsFrame while the BIOS mode is 13h (framebuffer at A0000h, palette
 * from the DAC through dacToRgb) else textFrameOf(vga), `keyboard` = its
 * 8042's pressKey/releaseKey, `serial` = what COM1 sent.
 */
import { loadBootSector, loadRaw, Machine, realModeState, type RunLimits, type RunResult, type VcpuBackend } from '@tinyvm/core';
import { attachI8042, I8042 } from '@tinyvm/device-i8042';
import { attachUart, COM1_BASE, Uart16550 } from '@tinyvm/device-serial';
import { attachVgaText, type VgaText } from '@tinyvm/device-vga';
import { withInterpreterFallback, type InterpreterFallback } from '@tinyvm/fallback';
import type { LoadPlan } from './guest-layout.js';
import type { KeyboardSink } from './keyboard/keyboard-sink.js';
import { textScreenSource, type ScreenSource } from './screen/frame.js';
import type { MemoryRegionSpec } from '@tinyvm/core';

/** What the guest wrote to its serial port so far (for --until-serial and the library). */
export interface SerialTap {
  text(): string;
}

/** Keeps at most this much of the serial output (the end of it), so a chatty guest cannot fill host memory. */
export const SERIAL_CAPTURE_LIMIT = 1 << 20;

/** A SerialSink that keeps the output as Latin-1 text (bytes 0-255 map one to one). */
export function serialCapture(): { sink: { write(bytes: Uint8Array): void }; tap: SerialTap } {
  let text = '';
  return {
    sink: {
      write(bytes) {
        text += Buffer.from(bytes).toString('latin1');
        if (text.length > SERIAL_CAPTURE_LIMIT) text = text.slice(text.length - SERIAL_CAPTURE_LIMIT);
      },
    },
    tap: { text: () => text },
  };
}

export interface GuestMachine {
  readonly machine: Machine;
  /** VGA text mode: the final screen printed by `tinyvm run` and reported in --json. */
  readonly vga: VgaText;
  /** What the display and screenshots show (text mode or graphics). */
  readonly screen: ScreenSource;
  /** Where key strokes go; absent when the machine has no keyboard. */
  readonly keyboard?: KeyboardSink;
  readonly serial?: SerialTap;
  /** On KVM: runs what KVM cannot emulate in the interpreter (absent with --no-fallback or another backend). */
  readonly fallback?: InterpreterFallback;
  /**
   * Runs the guest until a stop condition, like Machine.run (which is used when
   * absent). A PC platform with timers and interrupts brings its own loop.
   */
  run?(limits: RunLimits): RunResult;
}

export interface FlatMachineSpec {
  layout: MemoryRegionSpec[];
  image: Uint8Array;
  plan: LoadPlan;
  vgaTrap: boolean;
  /** On KVM, run the instructions it cannot emulate in the interpreter (default false). */
  fallback?: boolean;
}

/**
 * RAM, VGA text at B8000 and CRTC ports, the 8042 at 60h/64h and a 16550A
 * at COM1 (3F8h) with no interrupt lines (flat guests poll their status
 * ports), the image loaded, the CPU at the entry point.
 */
export function buildFlatMachine(backend: VcpuBackend, spec: FlatMachineSpec): GuestMachine {
  const options = backend.name === 'kvm' && spec.fallback ? withInterpreterFallback({ backend }) : undefined;
  const machine = new Machine(options ?? { backend });
  for (const region of spec.layout) machine.addRam(region);
  const vga = attachVgaText(machine, { trap: spec.vgaTrap });
  const kbc = new I8042();
  attachI8042(machine.io, kbc);
  const serial = serialCapture();
  attachUart(machine.io, new Uart16550({ sink: serial.sink }), COM1_BASE, 'com1');
  if (spec.plan.bootSector) loadBootSector(machine.memory, spec.image);
  else loadRaw(machine.memory, spec.image, spec.plan.address);
  backend.setState(realModeState(spec.plan.entry));
  return {
    machine,
    vga,
    screen: textScreenSource(vga),
    keyboard: { press: (key) => kbc.pressKey(key), release: (key) => kbc.releaseKey(key) },
    serial: serial.tap,
    ...(options ? { fallback: options.fallback } : {}),
  };
}
