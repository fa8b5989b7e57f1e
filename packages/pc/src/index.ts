// The machine
export { Pc, createPc } from './pc.js';
export type { PcOptions, PcKeyboard } from './pc.js';
export { CONVENTIONAL_BYTES, HIGH_MEMORY_BASE, DEFAULT_PC_MEMORY, MAX_PC_MEMORY, checkPcMemory } from './memory-map.js';

// Its run loop and interrupt delivery
export { PcRunLoop } from './run-loop.js';
export type { TimerSource } from './run-loop.js';
export { InterruptDelivery, canInjectInterrupts } from './interrupts.js';
export type { InterruptInjection } from './interrupts.js';

// Devices that live here
export {
  VgaGraphics, defaultVgaGraphicsState, DAC_PORT_BASE, DAC_PORT_COUNT, INPUT_STATUS_PORT,
  GRAPHICS_BASE, GRAPHICS_SIZE, GRAPHICS_WIDTH, GRAPHICS_HEIGHT,
} from './vga-graphics.js';
export type { VgaGraphicsState } from './vga-graphics.js';
