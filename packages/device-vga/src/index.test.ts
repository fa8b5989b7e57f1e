import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the public API (change this list on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'ATTRIBUTE_BACKGROUND_MASK', 'ATTRIBUTE_BLINK_BIT', 'ATTRIBUTE_FOREGROUND_MASK', 'CP437',
    'CRTC_CURSOR_END', 'CRTC_CURSOR_LOCATION_HIGH', 'CRTC_CURSOR_LOCATION_LOW', 'CRTC_CURSOR_START',
    'CRTC_DATA_OFFSET', 'CRTC_INDEX_OFFSET', 'CRTC_PORT_BASE', 'CRTC_PORT_COUNT', 'CRTC_REGISTER_COUNT',
    'CRTC_START_ADDRESS_HIGH', 'CRTC_START_ADDRESS_LOW', 'CURSOR_DISABLE_BIT', 'CURSOR_SCANLINE_MASK',
    'DEFAULT_CRTC_INDEX', 'DEFAULT_CRTC_REGISTERS', 'GLYPH_HEIGHT', 'GLYPH_WIDTH', 'VGA_CELL_BYTES', 'VGA_COLUMNS', 'VGA_ROWS',
    'VGA_TEXT_BASE', 'VGA_TEXT_CELLS', 'VGA_TEXT_SIZE', 'VGA_TO_ANSI', 'VgaCrtc', 'VgaTextBufferDevice',
    'attachVgaText', 'attributeSgr', 'renderAnsi', 'renderText', 'vgaFont8x16',
  ]);
});
