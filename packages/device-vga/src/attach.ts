/**
 * Wiring VGA text mode into a machine: the 32 KiB buffer at B8000 (as RAM by
 * default, or trapped on the MMIO bus) and the CRTC ports at 3D4h/3D5h.
 */
import type { Machine } from '@tinyvm/core';
import { CRTC_PORT_BASE, CRTC_PORT_COUNT, VgaCrtc, type CursorPosition } from './crtc.js';
import { VGA_TEXT_BASE, VGA_TEXT_SIZE } from './layout.js';
import { renderAnsi, renderText, type AnsiRenderOptions, type TextRenderOptions } from './render.js';
import { VgaTextBufferDevice } from './text-buffer-device.js';

export interface VgaTextOptions {
  /**
   * Trap every guest access to the buffer as an MMIO exit instead of mapping it
   * as RAM. Slower by one exit per access; for tracing and for the classic demo.
   */
  trap?: boolean;
}

export interface VgaText {
  /** 'ram': the guest writes guest memory directly; 'trap': every access is an MMIO exit. */
  readonly mode: 'ram' | 'trap';
  /** The 32 KiB text buffer as the host sees it (a view of guest RAM, or the device's own bytes). */
  readonly bytes: Uint8Array;
  readonly crtc: VgaCrtc;
  /** The trapping device, in trap mode. */
  readonly device?: VgaTextBufferDevice;
  /** The 25 visible rows as Unicode text. */
  text(options?: TextRenderOptions): string[];
  /** The visible page with ANSI colours. */
  ansi(options?: AnsiRenderOptions): string;
  readonly cursor: CursorPosition;
}

export function attachVgaText(machine: Machine, options: VgaTextOptions = {}): VgaText {
  const crtc = new VgaCrtc();
  let bytes: Uint8Array;
  let device: VgaTextBufferDevice | undefined;
  if (options.trap) {
    device = new VgaTextBufferDevice();
    machine.addMmioDevice(VGA_TEXT_BASE, VGA_TEXT_SIZE, device, 'vga-text');
    bytes = device.bytes;
  } else if (machine.memory.contains(VGA_TEXT_BASE, VGA_TEXT_SIZE)) {
    // The caller already made B8000 RAM (e.g. one flat region): share it, no copy.
    bytes = machine.memory.view(VGA_TEXT_BASE, VGA_TEXT_SIZE);
  } else {
    // Throws MemoryLayoutError when part of the range is already taken.
    bytes = machine.addRam({ base: VGA_TEXT_BASE, size: VGA_TEXT_SIZE, name: 'vga-text' }).bytes;
  }
  machine.addIoDevice(CRTC_PORT_BASE, CRTC_PORT_COUNT, crtc, 'vga-crtc');

  return {
    mode: options.trap ? 'trap' : 'ram',
    bytes,
    crtc,
    device,
    text: (textOptions) => renderText(bytes, crtc.startAddress, textOptions),
    ansi: (ansiOptions) => renderAnsi(bytes, crtc.startAddress, ansiOptions),
    get cursor() {
      return crtc.cursor;
    },
  };
}
