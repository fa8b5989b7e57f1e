// Wiring it into a machine
export { attachVgaText } from './attach.js';
export type { VgaText, VgaTextOptions } from './attach.js';

// Devices, for wiring by hand
export { VgaTextBufferDevice } from './text-buffer-device.js';
export type { TextBufferState } from './text-buffer-device.js';
export {
  VgaCrtc, CRTC_PORT_BASE, CRTC_PORT_COUNT, CRTC_INDEX_OFFSET, CRTC_DATA_OFFSET, CRTC_REGISTER_COUNT,
  CRTC_CURSOR_START, CRTC_CURSOR_END, CRTC_START_ADDRESS_HIGH, CRTC_START_ADDRESS_LOW,
  CRTC_CURSOR_LOCATION_HIGH, CRTC_CURSOR_LOCATION_LOW, CURSOR_DISABLE_BIT, CURSOR_SCANLINE_MASK,
  DEFAULT_CRTC_REGISTERS, DEFAULT_CRTC_INDEX,
} from './crtc.js';
export type { CrtcState, CursorPosition } from './crtc.js';

// Layout
export { VGA_TEXT_BASE, VGA_TEXT_SIZE, VGA_COLUMNS, VGA_ROWS, VGA_CELL_BYTES, VGA_TEXT_CELLS } from './layout.js';

// Rendering
export { renderText, renderAnsi, attributeSgr, VGA_TO_ANSI, ATTRIBUTE_FOREGROUND_MASK, ATTRIBUTE_BACKGROUND_MASK, ATTRIBUTE_BLINK_BIT } from './render.js';
export type { TextRenderOptions, AnsiRenderOptions } from './render.js';
export { CP437 } from './cp437.js';

// The character generator's font
export { vgaFont8x16, GLYPH_WIDTH, GLYPH_HEIGHT } from './font.js';
