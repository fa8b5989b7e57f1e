/**
 * Where VGA text mode lives (IBM VGA Technical Reference, "Memory Maps"): with the
 * Graphics Controller's Miscellaneous register set for colour text (mode 3), the
 * frame buffer is the 32 KiB at B8000-BFFFF; each cell is two bytes, the CP437
 * character then its attribute. The visible page is 80 columns by 25 rows.
 */
export const VGA_TEXT_BASE = 0xb8000;
export const VGA_TEXT_SIZE = 0x8000;
export const VGA_COLUMNS = 80;
export const VGA_ROWS = 25;
/** Bytes per cell: character, attribute. */
export const VGA_CELL_BYTES = 2;
/** Cells in the 32 KiB window; CRTC addresses wrap at this (word addressing). */
export const VGA_TEXT_CELLS = VGA_TEXT_SIZE / VGA_CELL_BYTES;
