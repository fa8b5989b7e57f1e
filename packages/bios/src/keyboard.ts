/**
 * The keyboard: INT 09h (IRQ 1) reads a scan code from the 8042 at port 60h,
 * keeps the shift state at 0040:0017/0018/0096 and puts key words into the
 * 16-entry ring buffer at 0040:001E (head 0040:001A, tail 0040:001C); INT 16h
 * reads them (IBM PC AT Technical Reference, "Keyboard"; Ralf Brown, INT 16).
 *
 * Not emulated: INT 15h AH=4Fh (key intercept) and AH=85h (SysRq), Ctrl-Break
 * (INT 1Bh), Ctrl-Alt-Del, Pause, typematic rate setting (AH=03h is accepted),
 * keyboard LED updates.
 */
import type { BiosCall } from './call.js';
import type { BiosDataArea } from './bda.js';
import {
  BREAK_BIT, EXTENDED_PREFIX, KEY_WORDS, SCAN_ALT, SCAN_CAPS_LOCK, SCAN_CTRL, SCAN_INSERT, SCAN_LEFT_SHIFT,
  SCAN_NUM_LOCK, SCAN_RIGHT_SHIFT, SCAN_SCROLL_LOCK,
} from './keymap.js';
import { BDA, KBD_BUFFER_END, KBD_BUFFER_START } from './layout.js';
import { endOfInterrupt, type PortIo } from './ports.js';

export const KBD_DATA_PORT = 0x60;

// 0040:0017 shift flags 1 (INT 16h AH=02h).
const FLAG_RIGHT_SHIFT = 0b0000_0001;
const FLAG_LEFT_SHIFT = 0b0000_0010;
const FLAG_CTRL = 0b0000_0100;
const FLAG_ALT = 0b0000_1000;
const FLAG_SCROLL_ON = 0b0001_0000;
const FLAG_NUM_ON = 0b0010_0000;
const FLAG_CAPS_ON = 0b0100_0000;
const FLAG_INSERT_ON = 0b1000_0000;
// 0040:0018 shift flags 2: keys held.
const FLAG2_LEFT_CTRL = 0b0000_0001;
const FLAG2_LEFT_ALT = 0b0000_0010;
const FLAG2_SCROLL_DOWN = 0b0001_0000;
const FLAG2_NUM_DOWN = 0b0010_0000;
const FLAG2_CAPS_DOWN = 0b0100_0000;
// 0040:0096 keyboard status 3.
const FLAG3_LAST_E0 = 0b0000_0010;
const FLAG3_RIGHT_CTRL = 0b0000_0100;
const FLAG3_RIGHT_ALT = 0b0000_1000;
const FLAG3_ENHANCED = 0b0001_0000;

/** Extended keys (E0 prefix) report E0h as their ASCII byte to the extended INT 16h functions. */
const EXTENDED_ASCII = 0xe0;

export class KeyboardServices {
  /** Key words dropped because the buffer was full (a real BIOS beeps). */
  overflows = 0;

  constructor(
    private readonly bda: BiosDataArea,
    private readonly io: PortIo,
  ) {}

  /** Power-on values of the BDA keyboard fields. */
  install(): void {
    this.bda.write16(BDA.KBD_BUFFER_HEAD, KBD_BUFFER_START);
    this.bda.write16(BDA.KBD_BUFFER_TAIL, KBD_BUFFER_START);
    this.bda.write16(BDA.KBD_BUFFER_START, KBD_BUFFER_START);
    this.bda.write16(BDA.KBD_BUFFER_END, KBD_BUFFER_END);
    this.bda.write8(BDA.KBD_FLAGS1, 0);
    this.bda.write8(BDA.KBD_FLAGS2, 0);
    this.bda.write8(BDA.KBD_FLAGS3, FLAG3_ENHANCED);
  }

  /** INT 09h: one byte from the controller. */
  irq(): void {
    const code = this.io.read(KBD_DATA_PORT, 1);
    this.scancode(code);
    endOfInterrupt(this.io, 1);
  }

  /** Processes one set 1 byte as INT 09h does. */
  scancode(code: number): void {
    const flags3 = this.bda.read8(BDA.KBD_FLAGS3);
    if (code === EXTENDED_PREFIX) {
      this.bda.write8(BDA.KBD_FLAGS3, flags3 | FLAG3_LAST_E0);
      return;
    }
    const extended = (flags3 & FLAG3_LAST_E0) !== 0;
    this.bda.write8(BDA.KBD_FLAGS3, flags3 & ~FLAG3_LAST_E0);
    const released = (code & BREAK_BIT) !== 0;
    const scan = code & ~BREAK_BIT;
    if (this.#modifier(scan, released, extended)) return;
    if (released) return;
    const flags = this.bda.read8(BDA.KBD_FLAGS1);
    const words = KEY_WORDS.get(scan);
    if (words === undefined) return;
    let key: number;
    if (flags & FLAG_ALT) key = words.alt;
    else if (flags & FLAG_CTRL) key = words.ctrl;
    else if (words.digit !== undefined && !extended) {
      const numeric = ((flags & FLAG_NUM_ON) !== 0) !== ((flags & (FLAG_LEFT_SHIFT | FLAG_RIGHT_SHIFT)) !== 0);
      key = numeric ? words.digit : words.normal;
    } else {
      const shifted = (flags & (FLAG_LEFT_SHIFT | FLAG_RIGHT_SHIFT)) !== 0;
      const ascii = words.normal & 0xff;
      const letter = (ascii >= 0x61 && ascii <= 0x7a);
      const upper = letter && (flags & FLAG_CAPS_ON) !== 0 ? !shifted : shifted;
      key = upper ? words.shift : words.normal;
    }
    if (key === 0) return;
    // Grey (E0) navigation keys, keypad Enter and keypad / carry E0h in the ASCII byte.
    if (extended && (key & 0xff) === 0) key = (key & 0xff00) | EXTENDED_ASCII;
    else if (extended && scan === 0x1c) key = 0xe000 | (key & 0xff);
    else if (extended && scan === 0x35) key = 0xe02f;
    // Insert (not the keypad's '0') toggles insert mode.
    if (scan === SCAN_INSERT && (key & 0xff) !== 0x30) {
      this.bda.write8(BDA.KBD_FLAGS1, this.bda.read8(BDA.KBD_FLAGS1) ^ FLAG_INSERT_ON);
    }
    this.push(key);
  }

  /** Shift, Ctrl, Alt and the lock keys. Returns true when `scan` was one of them. */
  #modifier(scan: number, released: boolean, extended: boolean): boolean {
    let flags1 = this.bda.read8(BDA.KBD_FLAGS1);
    let flags2 = this.bda.read8(BDA.KBD_FLAGS2);
    let flags3 = this.bda.read8(BDA.KBD_FLAGS3);
    const hold = (bits: number, on: boolean) => (on ? bits : 0);
    switch (scan) {
      case SCAN_LEFT_SHIFT:
      case SCAN_RIGHT_SHIFT: {
        // E0 2A / E0 AA are fake shifts some keyboards send around grey keys.
        if (extended) return true;
        const bit = scan === SCAN_LEFT_SHIFT ? FLAG_LEFT_SHIFT : FLAG_RIGHT_SHIFT;
        flags1 = (flags1 & ~bit) | hold(bit, !released);
        break;
      }
      case SCAN_CTRL:
        if (extended) flags3 = (flags3 & ~FLAG3_RIGHT_CTRL) | hold(FLAG3_RIGHT_CTRL, !released);
        else flags2 = (flags2 & ~FLAG2_LEFT_CTRL) | hold(FLAG2_LEFT_CTRL, !released);
        flags1 = (flags1 & ~FLAG_CTRL) | hold(FLAG_CTRL, (flags2 & FLAG2_LEFT_CTRL) !== 0 || (flags3 & FLAG3_RIGHT_CTRL) !== 0);
        break;
      case SCAN_ALT:
        if (extended) flags3 = (flags3 & ~FLAG3_RIGHT_ALT) | hold(FLAG3_RIGHT_ALT, !released);
        else flags2 = (flags2 & ~FLAG2_LEFT_ALT) | hold(FLAG2_LEFT_ALT, !released);
        flags1 = (flags1 & ~FLAG_ALT) | hold(FLAG_ALT, (flags2 & FLAG2_LEFT_ALT) !== 0 || (flags3 & FLAG3_RIGHT_ALT) !== 0);
        break;
      case SCAN_CAPS_LOCK:
      case SCAN_NUM_LOCK:
      case SCAN_SCROLL_LOCK: {
        const [on, down] = scan === SCAN_CAPS_LOCK
          ? [FLAG_CAPS_ON, FLAG2_CAPS_DOWN]
          : scan === SCAN_NUM_LOCK ? [FLAG_NUM_ON, FLAG2_NUM_DOWN] : [FLAG_SCROLL_ON, FLAG2_SCROLL_DOWN];
        // Toggle on the first make only (typematic repeats arrive while held).
        if (!released && (flags2 & down) === 0) flags1 ^= on;
        flags2 = (flags2 & ~down) | hold(down, !released);
        break;
      }
      default:
        return false;
    }
    this.bda.write8(BDA.KBD_FLAGS1, flags1);
    this.bda.write8(BDA.KBD_FLAGS2, flags2);
    this.bda.write8(BDA.KBD_FLAGS3, flags3);
    return true;
  }

  /** Appends a key word to the ring buffer; false when it is full. */
  push(key: number): boolean {
    const tail = this.bda.read16(BDA.KBD_BUFFER_TAIL);
    const next = this.#advance(tail);
    if (next === this.bda.read16(BDA.KBD_BUFFER_HEAD)) {
      this.overflows++;
      return false;
    }
    this.bda.write16(tail, key);
    this.bda.write16(BDA.KBD_BUFFER_TAIL, next);
    return true;
  }

  #peek(): number | undefined {
    const head = this.bda.read16(BDA.KBD_BUFFER_HEAD);
    if (head === this.bda.read16(BDA.KBD_BUFFER_TAIL)) return undefined;
    // A guest could have put any offset there; stay inside the BDA buffer.
    if (head < KBD_BUFFER_START || head >= KBD_BUFFER_END || head % 2 !== 0) {
      this.bda.write16(BDA.KBD_BUFFER_HEAD, KBD_BUFFER_START);
      this.bda.write16(BDA.KBD_BUFFER_TAIL, KBD_BUFFER_START);
      return undefined;
    }
    return this.bda.read16(head);
  }

  #pop(): number | undefined {
    const key = this.#peek();
    if (key !== undefined) this.bda.write16(BDA.KBD_BUFFER_HEAD, this.#advance(this.bda.read16(BDA.KBD_BUFFER_HEAD)));
    return key;
  }

  #advance(offset: number): number {
    const next = offset + 2;
    return next >= KBD_BUFFER_END || next < KBD_BUFFER_START ? KBD_BUFFER_START : next;
  }

  /** INT 16h. */
  handle(call: BiosCall): void {
    switch (call.ah) {
      case 0x00:
      case 0x10: {
        const key = this.#pop();
        if (key === undefined) {
          call.retry = true;
          return;
        }
        call.ax = call.ah === 0x00 ? standardKey(key) : key;
        return;
      }
      case 0x01:
      case 0x11: {
        const key = this.#peek();
        call.zero = key === undefined;
        if (key !== undefined) call.ax = call.ah === 0x01 ? standardKey(key) : key;
        return;
      }
      case 0x02:
        call.al = this.bda.read8(BDA.KBD_FLAGS1);
        return;
      case 0x12: {
        const flags2 = this.bda.read8(BDA.KBD_FLAGS2);
        const flags3 = this.bda.read8(BDA.KBD_FLAGS3);
        call.al = this.bda.read8(BDA.KBD_FLAGS1);
        call.ah = (flags2 & 0b0111_0011) | ((flags3 & (FLAG3_RIGHT_CTRL | FLAG3_RIGHT_ALT)) & 0xff);
        return;
      }
      case 0x03:
        return;
      case 0x05:
        call.al = this.push(call.cx) ? 0 : 1;
        return;
      default:
        // Unknown functions return with AH unchanged on the IBM BIOS.
        return;
    }
  }
}

/** The standard functions (AH=00h/01h) report grey keys with ASCII 0, as on an 84-key keyboard. */
function standardKey(key: number): number {
  return (key & 0xff) === EXTENDED_ASCII && key >> 8 !== 0 ? key & 0xff00 : key;
}
