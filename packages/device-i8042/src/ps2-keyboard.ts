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
 * stored), identify (0xF2 -> ACK 0xAB 0x83, or 0x41 while the controller
 * translates), get/set scan code set (0xF0 + byte), echo (0xEE), set LEDs
 * (0xED + byte), unknown commands answered with resend (0xFE).
 *
 * Not emulated: typematic repeat, scan code sets 2 and 3 on the wire. Keys are
 * always produced as set 1 codes, which is what the guest sees with the 8042's
 * translation on (the PC default); a guest that selects set 2 or 3 with
 * translation off still gets set 1 (counted in `counters.untranslatedKeys`).
 */

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
export const KBD_REPLY_ID = [0xab, 0x83];
/** The second ID byte after the 8042's set 2 -> set 1 translation. */
export const KBD_REPLY_ID_TRANSLATED = 0x41;
/** What the 8042 translation turns the set numbers 1, 2, 3 into. */
export const TRANSLATED_SET_NUMBER: Record<number, number> = { 1: 0x43, 2: 0x41, 3: 0x3f };

export const DEFAULT_SCAN_CODE_SET = 2;
export const DEFAULT_TYPEMATIC = 0b0_01_01011; // 500 ms delay, 10.9 characters/s
/** Bytes of key data waiting for the guest, beyond which host input is dropped. */
export const HOST_INPUT_LIMIT = 4096;
/** Unread replies kept; more are dropped (a guest sending commands without reading). */
export const MAX_PENDING_REPLIES = 16;

export interface KeyboardState {
  /** Replies to commands, sent before any key data. */
  replies: number[];
  /** Key data (set 1 bytes) waiting to be read. */
  keys: number[];
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
  /** Key bytes sent as set 1 while the guest asked for set 2/3 untranslated. */
  untranslatedKeys: number;
  /** Commands answered with resend. */
  unknownCommands: number;
}

export class Ps2Keyboard {
  state: KeyboardState = defaultKeyboardState();
  readonly counters: KeyboardCounters = { droppedKeys: 0, untranslatedKeys: 0, unknownCommands: 0 };

  /** @param translating  whether the controller translates (command byte bit 6). */
  constructor(private readonly translating: () => boolean) {}

  /** A byte to send, or undefined; replies first. */
  takeByte(): number | undefined {
    const s = this.state;
    const byte = s.replies.length > 0 ? s.replies.shift() : s.keys.shift();
    if (byte !== undefined) s.lastSent = byte;
    return byte;
  }

  hasData(): boolean {
    return this.state.replies.length > 0 || this.state.keys.length > 0;
  }

  /** Host side: key bytes as if typed (dropped while scanning is disabled). */
  sendKeyBytes(bytes: readonly number[]): number {
    const s = this.state;
    if (!s.scanning) {
      this.counters.droppedKeys += bytes.length;
      return 0;
    }
    const room = Math.max(0, HOST_INPUT_LIMIT - s.keys.length);
    const accepted = Math.min(room, bytes.length);
    for (let i = 0; i < accepted; i++) s.keys.push(bytes[i] & 0xff);
    this.counters.droppedKeys += bytes.length - accepted;
    if (s.scanCodeSet !== 1 && !this.translating()) this.counters.untranslatedKeys += accepted;
    return accepted;
  }

  /** A byte from the host (controller port 0x60). */
  write(byte: number): void {
    const s = this.state;
    if (s.awaitingParameter !== 0) {
      const command = s.awaitingParameter;
      s.awaitingParameter = 0;
      this.#parameter(command, byte);
      return;
    }
    switch (byte) {
      case KBD_CMD_SET_LEDS:
      case KBD_CMD_SET_TYPEMATIC:
      case KBD_CMD_SCAN_CODE_SET:
        s.awaitingParameter = byte;
        this.#reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_ECHO:
        this.#reply(KBD_REPLY_ECHO);
        break;
      case KBD_CMD_IDENTIFY:
        this.#reply(KBD_REPLY_ACK, KBD_REPLY_ID[0], this.translating() ? KBD_REPLY_ID_TRANSLATED : KBD_REPLY_ID[1]);
        break;
      case KBD_CMD_ENABLE_SCANNING:
        s.keys = [];
        s.scanning = true;
        this.#reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_DISABLE_SCANNING:
        this.#setDefaults();
        s.scanning = false;
        this.#reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_SET_DEFAULTS:
        this.#setDefaults();
        this.#reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_RESEND:
        this.#reply(s.lastSent);
        break;
      case KBD_CMD_RESET:
        this.#setDefaults();
        s.scanning = true;
        s.leds = 0;
        // ACK, then the basic assurance test result.
        this.#reply(KBD_REPLY_ACK, KBD_REPLY_BAT_OK);
        break;
      default:
        this.counters.unknownCommands++;
        this.#reply(KBD_REPLY_RESEND);
        break;
    }
  }

  #parameter(command: number, byte: number): void {
    const s = this.state;
    switch (command) {
      case KBD_CMD_SET_LEDS:
        s.leds = byte & 0b111; // scroll, num, caps lock
        this.#reply(KBD_REPLY_ACK);
        break;
      case KBD_CMD_SET_TYPEMATIC:
        s.typematic = byte & 0x7f;
        this.#reply(KBD_REPLY_ACK);
        break;
      default: {
        // KBD_CMD_SCAN_CODE_SET: 0 asks which set; 1-3 select one.
        if (byte === 0) {
          const set = this.translating() ? TRANSLATED_SET_NUMBER[s.scanCodeSet] : s.scanCodeSet;
          this.#reply(KBD_REPLY_ACK, set);
        } else if (byte >= 1 && byte <= 3) {
          s.scanCodeSet = byte;
          this.#reply(KBD_REPLY_ACK);
        } else {
          this.counters.unknownCommands++;
          this.#reply(KBD_REPLY_RESEND);
        }
        break;
      }
    }
  }

  #setDefaults(): void {
    const s = this.state;
    s.keys = [];
    s.scanCodeSet = DEFAULT_SCAN_CODE_SET;
    s.typematic = DEFAULT_TYPEMATIC;
    s.awaitingParameter = 0;
  }

  /** Queues a command's answer (bounded: a guest that never reads cannot grow it). */
  #reply(...bytes: number[]): void {
    const replies = this.state.replies;
    if (replies.length + bytes.length > MAX_PENDING_REPLIES) return;
    replies.push(...bytes);
  }
}
