/**
 * Where the BIOS keeps things in guest memory, and the private port its stubs
 * trap through. The BIOS data area offsets are the IBM PC/AT ones that real
 * software reads directly (IBM PC AT Technical Reference, "BIOS Data Area";
 * Ralf Brown's Interrupt List, MEMORY.LST "40:xx").
 */

/** The ROM: F000:0000-F000:FFFF. */
export const ROM_SEGMENT = 0xf000;
export const ROM_BASE = 0xf0000;
export const ROM_SIZE = 0x10000;

/**
 * The port every BIOS stub writes to (`out 0xE5, al`) to hand the call to the
 * VMM. Nothing on a PC/AT decodes it; it fits the 8-bit immediate form of OUT so
 * the stub clobbers no register.
 */
export const BIOS_TRAP_PORT = 0xe5;

/** 256 stubs of STUB_SIZE bytes, one per interrupt vector, at F000:STUB_OFFSET. */
export const STUB_OFFSET = 0x1000;
export const STUB_SIZE = 8;
/** Within a stub: after the trap, `iret`; at +3 the wait loop `sti; hlt; cli; jmp +0`. */
export const STUB_WAIT_OFFSET = 3;
/** `cli; hlt; jmp $-1`: where a stopped BIOS (INT 18h, boot failure) parks the CPU. */
export const HALT_OFFSET = 0x0800;
/** Diskette parameter table (INT 1Eh points here). */
export const DISKETTE_PARAMS_OFFSET = 0x0810;
/** System configuration table returned by INT 15h AH=C0h. */
export const CONFIG_TABLE_OFFSET = 0x0830;
/** ROM fonts: 8×16 (INT 10h AX=1130h BH=06h) and 8×8 (BH=03h; INT 43h; its upper half is INT 1Fh). */
export const FONT_8X16_OFFSET = 0xa000;
export const FONT_8X8_OFFSET = 0xb000;
/** The reset vector F000:FFF0 (a far jump to the halt loop: the VMM does the POST). */
export const RESET_VECTOR_OFFSET = 0xfff0;
/** BIOS date string at F000:FFF5 (mm/dd/yy) and the model byte at F000:FFFE. */
export const BIOS_DATE_OFFSET = 0xfff5;
export const MODEL_BYTE_OFFSET = 0xfffe;
/** PC/AT model byte (IBM: FCh = AT and compatibles). */
export const MODEL_AT = 0xfc;

/** Interrupt vector table: 256 far pointers at 0000:0000. */
export const IVT_BASE = 0;

/** BIOS data area, segment 0040h. */
export const BDA_BASE = 0x400;
export const BDA = {
  COM_PORTS: 0x00, // 4 words: COM1-COM4 base ports
  LPT_PORTS: 0x08, // 3 words
  EBDA_SEGMENT: 0x0e,
  EQUIPMENT: 0x10, // word, as INT 11h returns it
  MEMORY_KIB: 0x13, // word: conventional memory in KiB, as INT 12h returns it
  KBD_FLAGS1: 0x17, // shift flags (INT 16h AH=02h)
  KBD_FLAGS2: 0x18,
  KBD_BUFFER_HEAD: 0x1a, // word: offset from 0040h of the next key to read
  KBD_BUFFER_TAIL: 0x1c, // word: offset of the next free slot
  KBD_BUFFER: 0x1e, // 16 words, 0x1E..0x3D
  FLOPPY_LAST_STATUS: 0x41,
  VIDEO_MODE: 0x49,
  VIDEO_COLUMNS: 0x4a, // word
  VIDEO_PAGE_SIZE: 0x4c, // word
  VIDEO_PAGE_OFFSET: 0x4e, // word
  CURSOR_POSITIONS: 0x50, // 8 words: low byte column, high byte row
  CURSOR_SHAPE: 0x60, // word: low byte end line, high byte start line
  ACTIVE_PAGE: 0x62,
  CRTC_BASE: 0x63, // word
  MODE_CONTROL: 0x65,
  PALETTE: 0x66,
  TICKS: 0x6c, // dword: IRQ 0 ticks since midnight
  MIDNIGHT: 0x70, // set when the tick count wrapped at midnight
  WARM_BOOT: 0x72,
  HD_LAST_STATUS: 0x74,
  HD_COUNT: 0x75,
  COM_TIMEOUTS: 0x7c, // 4 bytes
  KBD_BUFFER_START: 0x80, // word
  KBD_BUFFER_END: 0x82, // word
  VIDEO_ROWS: 0x84, // rows - 1
  CHAR_HEIGHT: 0x85, // word
  KBD_FLAGS3: 0x96,
  KBD_FLAGS4: 0x97, // LED state
} as const;

/** The keyboard buffer, as offsets from segment 0040h. */
export const KBD_BUFFER_START = 0x1e;
export const KBD_BUFFER_END = 0x3e;

/** Extended BIOS data area: the top 1 KiB of conventional memory. */
export const EBDA_SEGMENT = 0x9fc0;
export const EBDA_SIZE_KIB = 1;
/** Conventional memory the guest may use (640 KiB minus the EBDA). */
export const CONVENTIONAL_KIB = 639;

/** Ticks per day at 1193182 / 65536 Hz (IBM: 1800B0h). */
export const TICKS_PER_DAY = 0x1800b0;

/** Where a boot sector goes and the stack it starts with. */
export const BOOT_LOAD_ADDRESS = 0x7c00;
