/**
 * The BIOS ROM image (F000:0000-F000:FFFF). It holds no BIOS logic, only the
 * guest-side stubs: for every interrupt vector an 8-byte stub at
 * F000:1000 + 8 × vector that traps to the VMM and returns:
 *
 *   +0  E6 E5     out 0xE5, al   ; the VMM runs the service (vector = stub index)
 *   +2  CF        iret
 *   +3  FB        sti            ; a service that must wait jumps here:
 *   +4  F4        hlt            ;   sleep until the next interrupt (timer, key)
 *   +5  FA        cli
 *   +6  EB F8     jmp +0         ;   and ask again
 *
 * INT 08h (IRQ 0) calls the user timer hook INT 1Ch after the VMM has counted
 * the tick and sent the EOI, as the IBM BIOS does:
 *
 *   +0  E6 E5  out 0xE5, al
 *   +2  CD 1C  int 1Ch
 *   +4  CF     iret
 *
 * Because the vector is found from where the trap came from (CS:IP), the stub
 * changes no register and one TypeScript BIOS serves every backend.
 */
import { font8x16, font8x8 } from './font/font.js';
import {
  BIOS_DATE_OFFSET, BIOS_TRAP_PORT, CONFIG_TABLE_OFFSET, DISKETTE_PARAMS_OFFSET, FONT_8X16_OFFSET, FONT_8X8_OFFSET, HALT_OFFSET, MODEL_AT,
  MODEL_BYTE_OFFSET, RESET_VECTOR_OFFSET, ROM_SEGMENT, ROM_SIZE, STUB_OFFSET, STUB_SIZE,
} from './layout.js';

const OUT_IMM8_AL = 0xe6;
const IRET = 0xcf;
const STI = 0xfb;
const HLT = 0xf4;
const CLI = 0xfa;
const JMP_SHORT = 0xeb;
const INT_IMM8 = 0xcd;
const JMP_FAR = 0xea;

export const TIMER_VECTOR = 0x08;
export const USER_TIMER_VECTOR = 0x1c;

/** Offset within the ROM segment of the stub for `vector`. */
export function stubOffset(vector: number): number {
  return STUB_OFFSET + vector * STUB_SIZE;
}

/** The vector whose stub holds ROM offset `offset`, or undefined outside the stubs. */
export function vectorAt(offset: number): number | undefined {
  if (offset < STUB_OFFSET || offset >= STUB_OFFSET + 256 * STUB_SIZE) return undefined;
  return Math.floor((offset - STUB_OFFSET) / STUB_SIZE);
}

/**
 * Diskette parameter table (INT 1Eh), the 1.44 MB values of the IBM AT BIOS:
 * step rate/head unload, head load/DMA, motor off delay, 512-byte sectors,
 * 18 sectors per track, gap length, data length, format gap, fill byte, head
 * settle, motor start.
 */
const DISKETTE_PARAMS = [0xaf, 0x02, 0x25, 0x02, 0x12, 0x1b, 0xff, 0x6c, 0xf6, 0x0f, 0x08];

/**
 * System configuration table (INT 15h AH=C0h): length 8, model FCh submodel 01h,
 * revision 0, feature byte 1 = 70h (second 8259 present, RTC present, INT 15h
 * AH=4Fh not called — bit 4 clear), features 2-5 zero. (Ralf Brown, INT 15/C0.)
 */
const CONFIG_TABLE = [0x08, 0x00, MODEL_AT, 0x01, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00];

export function buildRom(): Uint8Array {
  const rom = new Uint8Array(ROM_SIZE);
  for (let vector = 0; vector < 256; vector++) {
    const at = stubOffset(vector);
    const stub = vector === TIMER_VECTOR
      ? [OUT_IMM8_AL, BIOS_TRAP_PORT, INT_IMM8, USER_TIMER_VECTOR, IRET]
      : [OUT_IMM8_AL, BIOS_TRAP_PORT, IRET, STI, HLT, CLI, JMP_SHORT, 0x100 - STUB_SIZE];
    rom.set(stub, at);
  }
  // cli; hlt; jmp back to the hlt (an NMI or SMI could wake a real CPU).
  rom.set([CLI, HLT, JMP_SHORT, 0xfd], HALT_OFFSET);
  rom.set(DISKETTE_PARAMS, DISKETTE_PARAMS_OFFSET);
  rom.set(CONFIG_TABLE, CONFIG_TABLE_OFFSET);
  rom.set(font8x16(), FONT_8X16_OFFSET);
  rom.set(font8x8(), FONT_8X8_OFFSET);
  rom.set([JMP_FAR, HALT_OFFSET & 0xff, HALT_OFFSET >> 8, ROM_SEGMENT & 0xff, ROM_SEGMENT >> 8], RESET_VECTOR_OFFSET);
  rom.set([...'11/25/26'].map((c) => c.charCodeAt(0)), BIOS_DATE_OFFSET);
  rom[MODEL_BYTE_OFFSET] = MODEL_AT;
  return rom;
}
