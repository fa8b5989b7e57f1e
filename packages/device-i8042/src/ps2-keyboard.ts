/**
 * The AT/PS2 keyboard on the 8042's keyboard port: the commands a BIOS and an
 * OS send it, and the scan codes it sends back.
 *
 * Reference: IBM PS/2 Hardware Interface Technical Reference, "Keyboard and
 * Auxiliary Device Controller" / "Keyboard commands"; Microsoft "Keyboard Scan
 * Code Specification" rev 1.3a.
 *
 * Emulated: reset (0xFF -> ACK, BAT passed 0xAA), resend (0xFE), set defaults
 * (0xF6), disable/enable scanning (0xF5/0xF4), typematic rate (0xF3 + byte,
 * stored), identify (0xF2 -> ACK 0xAB 0x83), get/set scan code set (0xF0 +
 * byte), echo (0xEE), set LEDs (0xED + byte), unknown commands answered with
 * resend (0xFE). Keys arrive from the host as set 1 bytes and leave in the
 * selected set: set 1 as is, set 2 re-encoded (translation.ts); the 8042's
 * translation (in i8042.ts) turns set 2 back into set 1 for the guest.
 *
 * Not emulated: typematic repeat; scan code set 3 is accepted and reported,
 * but keys are sent with set 2 codes (counted in `counters.set3Keys`).
 */
import { Ps2Device } from './ps2-device.js';
import { set1ToSet2 } from './translation.js';

// Commands from the host (written to port 0x60).
export const KBD_CMD_SET_LEDS = 0xed;
export const KBD_CMD_ECHO = 0xee;
export const KBD_CMD_SCAN_CODE_SET = 0xf0;
export const KBD_CMD_IDENTIFY = 0xf2;
export const KBD_CMD_SET_TYPEMATIC = 0xf3;
export const KBD_CMD_ENABLE_SCANNING = 0xf4;
export const KBD_CMD_DISABLE_SCANNING = 0xf5;
export const KBD_CMD_SET_DEFAULTS = 0xf6;
export const KBD_CMD_RESEND = 0xfe;
export const KBD_CMD_RESET = 0xff;

// Replies.
export const KBD_REPLY_ACK = 0xfa;
export const KBD_REPLY_RESEND = 0xfe;
export const KBD_REPLY_BAT_OK = 0xaa;
export const KBD_REPLY_ECHO = 0xee;
/** An MF2 keyboard (the 8042's translation shows the second byte as 0x41). */
export const KBD_REPLY_ID = [0xab, 0x83];

export const DEFAULT_SCAN_CODE_SET = 2;
export const DEFAULT_TYPEMATIC = 0b0_01_01011; // 500 ms delay, 10.9 characters/s
/** Bytes of key data waiting for the guest, beyond which host input is dropped. */
export const HOST_INPUT_LIMIT = 1024 * 1024;

export interface KeyboardState {
  /** Replies to commands, sent before any key data. */
  replies: number[];
  /** Key data (in the selected set) waiting to be read: keys[keysHead..]. */
  keys: number[];
  keysHead: number;
  scanning: boolean;
  scanCodeSet: number;
  leds: number;
  typematic: number;
  /** A command waiting for its parameter byte (0xED, 0xF3, 0xF0), or 0. */
  awaitingParameter: number;
  /** Last byte sent, for the resend command. */
  lastSent: number;
}

export function defaultKeyboardState(): KeyboardState {
  return {
    replies: [],
    keys: [],
    keysHead: 0,
    scanning: true,
    scanCodeSet: DEFAULT_SCAN_CODE_SET,
    leds: 0,
    typematic: DEFAULT_TYPEMATIC,
    awaitingParameter: 0,
    lastSent: 0,
  };
}

export interface KeyboardCounters {
  /** Host key bytes dropped: scanning disabled or HOST_INPUT_LIMIT reached. */
  droppedKeys: number;
  /** Key bytes sent with set 2 codes while set 3 was selected. */
  set3Keys: number;
  /** Commands answered with resend. */
  unknownCommands: number;
}

/** The command/reply framing comes from ps2-device.ts. */
export class Ps2Keyboard extends Ps2Device<KeyboardState> {
  readonly counters: KeyboardCounters = { droppedKeys: 0, set3Keys: 0, unknownCommands: 0 };

  constructor() {
    super(defaultKeyboardState());
  }

  hasData(): boolean {
    return this.state.replies.length > 0 || this.state.keysHead < this.state.keys.length;
  }

  /**
   * Host side: set 1 key bytes as if typed, sent in the selected set (dropped
   * while scanning is disabled). A key's bytes are taken whole or not at all.
   * Returns how many set 1 bytes were taken.
   */
  sendKeyBytes(bytes: readonly number[]): number {
    const s = this.state;
    if (!s.scanning) {
      this.counters.droppedKeys += bytes.length;
      return 0;
    }
    const encoded = s.scanCodeSet === 1 ? bytes.map((b) => b & 0xff) : set1ToSet2(bytes);
    if (s.keys.length - s.keysHead + encoded.length > HOST_INPUT_LIMIT) {
      this.counters.droppedKeys += bytes.length;
      return 0;
    }
    for (const byte of encoded) s.keys.push(byte);
    if (s.scanCodeSet === 3) this.counters.set3Keys += encoded.length;
    return bytes.length;
  }

  /** A command byte from the host (controller port 0x60). */
  protected command(byte: number): void {
    const s = this.state;
    switch (byte) {
      case KBD_CMD_SET_LEDS:
      case KBD_CMD_SET_TYPEMATIC:
      case KBD_CMD_SCAN_CODE_SET:
        s.awaitingParameter = byte;
        this.reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_ECHO:
        this.reply(KBD_REPLY_ECHO);
        break;
      case KBD_CMD_IDENTIFY:
        this.reply(KBD_REPLY_ACK, KBD_REPLY_ID[0], KBD_REPLY_ID[1]);
        break;
      case KBD_CMD_ENABLE_SCANNING:
        s.keys = [];
        s.keysHead = 0;
        s.scanning = true;
        this.reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_DISABLE_SCANNING:
        this.#setDefaults();
        s.scanning = false;
        this.reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_SET_DEFAULTS:
        this.#setDefaults();
        this.reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_RESEND:
        this.reply(s.lastSent);
        break;
      case KBD_CMD_RESET:
        this.#setDefaults();
        s.scanning = true;
        s.leds = 0;
        // ACK, then the basic assurance test result.
        this.reply(KBD_REPLY_ACK, KBD_REPLY_BAT_OK);
        break;
      default:
        this.counters.unknownCommands++;
        this.reply(KBD_REPLY_RESEND);
        break;
    }
  }

  /**
   * The next key byte. A read index instead of shift(), which is O(n) on
   * large arrays (typed-in text); the array is compacted once half is read.
   */
  protected takeDataByte(): number | undefined {
    const s = this.state;
    if (s.keysHead >= s.keys.length) return undefined;
    const byte = s.keys[s.keysHead++];
    if (s.keysHead === s.keys.length) {
      s.keys = [];
      s.keysHead = 0;
    } else if (s.keysHead >= 4096 && s.keysHead * 2 >= s.keys.length) {
      s.keys = s.keys.slice(s.keysHead);
      s.keysHead = 0;
    }
    return byte;
  }

  protected parameter(command: number, byte: number): void {
    const s = this.state;
    switch (command) {
      case KBD_CMD_SET_LEDS:
        s.leds = byte & 0b111; // scroll, num, caps lock
        this.reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_SET_TYPEMATIC:
        s.typematic = byte & 0x7f;
        this.reply(KBD_REPLY_ACK);
        break;
      default: {
        // KBD_CMD_SCAN_CODE_SET: 0 asks which set; 1-3 select one.
        if (byte === 0) {
          this.reply(KBD_REPLY_ACK, s.scanCodeSet);
        } else if (byte >= 1 && byte <= 3) {
          s.scanCodeSet = byte;
          this.reply(KBD_REPLY_ACK);
        } else {
          this.counters.unknownCommands++;
          this.reply(KBD_REPLY_RESEND);
        }
        break;
      }
    }
  }

  #setDefaults(): void {
    const s = this.state;
    s.keys = [];
    s.keysHead = 0;
    s.scanCodeSet = DEFAULT_SCAN_CODE_SET;
    s.typematic = DEFAULT_TYPEMATIC;
    s.awaitingParameter = 0;
  }
}
