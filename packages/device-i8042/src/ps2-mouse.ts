/**
 * A PS/2 mouse on the 8042's auxiliary port: the commands a BIOS and an OS
 * send it and the movement packets it sends back, including the IntelliMouse
 * wheel (device ID 3) and five-button (ID 4) extensions.
 *
 * Reference: IBM PS/2 Hardware Interface Technical Reference, "Pointing
 * Device" (commands 0xE6-0xFF, status bytes, 3-byte packets); Microsoft
 * "IntelliMouse" PS/2 extensions (sample rate knocks 200,100,80 -> ID 3 and
 * 200,200,80 -> ID 4, fourth packet byte).
 *
 * Emulated: reset (0xFF -> ACK, 0xAA, ID), resend, set defaults, enable and
 * disable data reporting, sample rate, get ID, remote mode and read data,
 * wrap (echo) mode, stream mode, status request, resolution, 1:1 and 2:1
 * scaling (stored; 2:1 is reported but movement is not rescaled), unknown
 * commands answered with resend (0xFE). Movement arrives from the host with
 * `move(dx, dy, wheel)` and `setButtons(...)`; large movements are split into
 * several packets rather than overflowing.
 *
 * Not emulated: the sample rate as a time limit (a packet per host event),
 * resolution scaling of host movement.
 */
import { Ps2Device } from './ps2-device.js';

// Commands.
export const MOUSE_CMD_SET_SCALING_1_1 = 0xe6;
export const MOUSE_CMD_SET_SCALING_2_1 = 0xe7;
export const MOUSE_CMD_SET_RESOLUTION = 0xe8;
export const MOUSE_CMD_STATUS_REQUEST = 0xe9;
export const MOUSE_CMD_SET_STREAM_MODE = 0xea;
export const MOUSE_CMD_READ_DATA = 0xeb;
export const MOUSE_CMD_RESET_WRAP_MODE = 0xec;
export const MOUSE_CMD_SET_WRAP_MODE = 0xee;
export const MOUSE_CMD_SET_REMOTE_MODE = 0xf0;
export const MOUSE_CMD_GET_ID = 0xf2;
export const MOUSE_CMD_SET_SAMPLE_RATE = 0xf3;
export const MOUSE_CMD_ENABLE_REPORTING = 0xf4;
export const MOUSE_CMD_DISABLE_REPORTING = 0xf5;
export const MOUSE_CMD_SET_DEFAULTS = 0xf6;
export const MOUSE_CMD_RESEND = 0xfe;
export const MOUSE_CMD_RESET = 0xff;

export const MOUSE_REPLY_ACK = 0xfa;
export const MOUSE_REPLY_RESEND = 0xfe;
export const MOUSE_REPLY_BAT_OK = 0xaa;

export const MOUSE_ID_STANDARD = 0x00;
export const MOUSE_ID_WHEEL = 0x03;
export const MOUSE_ID_FIVE_BUTTONS = 0x04;

// Packet byte 0.
export const PACKET_LEFT_BIT = 0b0000_0001;
export const PACKET_RIGHT_BIT = 0b0000_0010;
export const PACKET_MIDDLE_BIT = 0b0000_0100;
export const PACKET_ALWAYS_ONE_BIT = 0b0000_1000;
export const PACKET_X_SIGN_BIT = 0b0001_0000;
export const PACKET_Y_SIGN_BIT = 0b0010_0000;
// ID 4's fourth byte.
export const PACKET_BUTTON4_BIT = 0b0001_0000;
export const PACKET_BUTTON5_BIT = 0b0010_0000;

// Status request byte 0.
export const STATUS_REMOTE_MODE_BIT = 0b0100_0000;
export const STATUS_REPORTING_BIT = 0b0010_0000;
export const STATUS_SCALING_2_1_BIT = 0b0001_0000;
export const STATUS_LEFT_BIT = 0b0000_0100;
export const STATUS_MIDDLE_BIT = 0b0000_0010;
export const STATUS_RIGHT_BIT = 0b0000_0001;

export const DEFAULT_SAMPLE_RATE = 100;
export const DEFAULT_RESOLUTION = 2; // 4 counts/mm
/** Packet bytes waiting for the guest, beyond which host movement is dropped. */
export const MOUSE_QUEUE_LIMIT = 4096;
/** The largest movement one packet carries (9-bit two's complement). */
const MAX_DELTA = 255;
const MIN_DELTA = -256;

export interface MouseButtons {
  left?: boolean;
  right?: boolean;
  middle?: boolean;
  button4?: boolean;
  button5?: boolean;
}

export interface MouseState {
  /** Replies to commands, sent before any packets. */
  replies: number[];
  /** Packet bytes waiting to be read. */
  packets: number[];
  reporting: boolean;
  remote: boolean;
  wrap: boolean;
  scaling21: boolean;
  sampleRate: number;
  resolution: number;
  id: number;
  /** Buttons held: bit 0 left, 1 right, 2 middle, 3 button 4, 4 button 5. */
  buttons: number;
  /** Remote mode: movement since the last read. */
  pendingDx: number;
  pendingDy: number;
  pendingWheel: number;
  /** The last three sample rates set, for the IntelliMouse knock. */
  rateHistory: number[];
  /** A command waiting for its parameter byte (0xE8, 0xF3), or 0. */
  awaitingParameter: number;
  lastSent: number;
}

export function defaultMouseState(): MouseState {
  return {
    replies: [],
    packets: [],
    reporting: false,
    remote: false,
    wrap: false,
    scaling21: false,
    sampleRate: DEFAULT_SAMPLE_RATE,
    resolution: DEFAULT_RESOLUTION,
    id: MOUSE_ID_STANDARD,
    buttons: 0,
    pendingDx: 0,
    pendingDy: 0,
    pendingWheel: 0,
    rateHistory: [],
    awaitingParameter: 0,
    lastSent: 0,
  };
}

export interface MouseCounters {
  /** Host events dropped: reporting off, remote mode, or a full queue. */
  droppedEvents: number;
  unknownCommands: number;
}

const BUTTON_LEFT = 1;
const BUTTON_RIGHT = 2;
const BUTTON_MIDDLE = 4;
const BUTTON_4 = 8;
const BUTTON_5 = 16;

/** The command/reply framing comes from ps2-device.ts. */
export class Ps2Mouse extends Ps2Device<MouseState> {
  readonly counters: MouseCounters = { droppedEvents: 0, unknownCommands: 0 };

  constructor() {
    super(defaultMouseState());
  }

  // Host side.

  /** Movement (x right, y up, wheel down positive as in the protocol) with the current buttons. */
  move(dx: number, dy: number, wheel = 0): void {
    const s = this.state;
    dx = finiteInteger(dx);
    dy = finiteInteger(dy);
    wheel = finiteInteger(wheel);
    if (s.remote) {
      s.pendingDx += dx;
      s.pendingDy += dy;
      s.pendingWheel += wheel;
      return;
    }
    this.#report(dx, dy, wheel);
  }

  /** Sets the buttons held; a change is reported as a packet without movement. */
  setButtons(buttons: MouseButtons): void {
    const s = this.state;
    const next =
      (buttons.left ? BUTTON_LEFT : 0) |
      (buttons.right ? BUTTON_RIGHT : 0) |
      (buttons.middle ? BUTTON_MIDDLE : 0) |
      (buttons.button4 ? BUTTON_4 : 0) |
      (buttons.button5 ? BUTTON_5 : 0);
    if (next === s.buttons) return;
    s.buttons = next;
    if (!s.remote) this.#report(0, 0, 0);
  }

  // Guest side.

  /** Packet bytes, once no reply is waiting. */
  protected takeDataByte(): number | undefined {
    return this.state.packets.shift();
  }

  /** A command byte from the host (controller command 0xD4, then port 0x60). */
  protected command(byte: number): void {
    const s = this.state;
    if (s.wrap && byte !== MOUSE_CMD_RESET && byte !== MOUSE_CMD_RESET_WRAP_MODE) {
      // Wrap mode echoes everything but the two commands that leave it.
      this.reply(byte);
      return;
    }
    switch (byte) {
      case MOUSE_CMD_SET_SCALING_1_1:
      case MOUSE_CMD_SET_SCALING_2_1:
        s.scaling21 = byte === MOUSE_CMD_SET_SCALING_2_1;
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_SET_RESOLUTION:
      case MOUSE_CMD_SET_SAMPLE_RATE:
        s.awaitingParameter = byte;
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_STATUS_REQUEST:
        this.reply(MOUSE_REPLY_ACK, this.#statusByte(), s.resolution, s.sampleRate);
        break;
      case MOUSE_CMD_SET_STREAM_MODE:
        s.remote = false;
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_READ_DATA: {
        // One packet with the movement since the last read (any mode).
        this.reply(MOUSE_REPLY_ACK, ...this.#packet(clampDelta(s.pendingDx), clampDelta(s.pendingDy), clampWheel(s.pendingWheel)));
        s.pendingDx = 0;
        s.pendingDy = 0;
        s.pendingWheel = 0;
        break;
      }
      case MOUSE_CMD_RESET_WRAP_MODE:
        s.wrap = false;
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_SET_WRAP_MODE:
        s.wrap = true;
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_SET_REMOTE_MODE:
        s.remote = true;
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_GET_ID:
        this.reply(MOUSE_REPLY_ACK, s.id);
        break;
      case MOUSE_CMD_ENABLE_REPORTING:
        s.reporting = true;
        s.packets = [];
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_DISABLE_REPORTING:
        s.reporting = false;
        s.packets = [];
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_SET_DEFAULTS:
        this.#setDefaults();
        this.reply(MOUSE_REPLY_ACK);
        break;
      case MOUSE_CMD_RESEND:
        this.reply(s.lastSent);
        break;
      case MOUSE_CMD_RESET:
        this.#setDefaults();
        s.wrap = false;
        s.id = MOUSE_ID_STANDARD;
        this.reply(MOUSE_REPLY_ACK, MOUSE_REPLY_BAT_OK, MOUSE_ID_STANDARD);
        break;
      default:
        this.counters.unknownCommands++;
        this.reply(MOUSE_REPLY_RESEND);
        break;
    }
  }

  protected parameter(command: number, byte: number): void {
    const s = this.state;
    if (command === MOUSE_CMD_SET_RESOLUTION) {
      s.resolution = byte & 0b11;
    } else {
      // MOUSE_CMD_SET_SAMPLE_RATE, and the IntelliMouse knocks.
      s.sampleRate = byte;
      s.rateHistory = [...s.rateHistory.slice(-2), byte];
      const [a, b, c] = s.rateHistory;
      if (a === 200 && b === 100 && c === 80 && s.id === MOUSE_ID_STANDARD) s.id = MOUSE_ID_WHEEL;
      else if (a === 200 && b === 200 && c === 80 && s.id === MOUSE_ID_WHEEL) s.id = MOUSE_ID_FIVE_BUTTONS;
    }
    this.reply(MOUSE_REPLY_ACK);
  }

  #setDefaults(): void {
    const s = this.state;
    s.sampleRate = DEFAULT_SAMPLE_RATE;
    s.resolution = DEFAULT_RESOLUTION;
    s.scaling21 = false;
    s.reporting = false;
    s.remote = false;
    s.packets = [];
    s.rateHistory = [];
    s.awaitingParameter = 0;
    s.pendingDx = 0;
    s.pendingDy = 0;
    s.pendingWheel = 0;
  }

  #statusByte(): number {
    const s = this.state;
    return (
      (s.remote ? STATUS_REMOTE_MODE_BIT : 0) |
      (s.reporting ? STATUS_REPORTING_BIT : 0) |
      (s.scaling21 ? STATUS_SCALING_2_1_BIT : 0) |
      (s.buttons & BUTTON_LEFT ? STATUS_LEFT_BIT : 0) |
      (s.buttons & BUTTON_MIDDLE ? STATUS_MIDDLE_BIT : 0) |
      (s.buttons & BUTTON_RIGHT ? STATUS_RIGHT_BIT : 0)
    );
  }

  /** Stream mode: one or more packets for a movement (split so none overflows). */
  #report(dx: number, dy: number, wheel: number): void {
    const s = this.state;
    if (!s.reporting) {
      this.counters.droppedEvents++;
      return;
    }
    const packetSize = s.id === MOUSE_ID_STANDARD ? 3 : 4;
    do {
      if (s.packets.length + packetSize > MOUSE_QUEUE_LIMIT) {
        this.counters.droppedEvents++;
        return;
      }
      const x = clampDelta(dx);
      const y = clampDelta(dy);
      const z = clampWheel(wheel);
      for (const byte of this.#packet(x, y, z)) s.packets.push(byte);
      dx -= x;
      dy -= y;
      wheel -= z;
    } while (dx !== 0 || dy !== 0 || wheel !== 0);
  }

  /** A movement packet for deltas that fit (see clampDelta/clampWheel). */
  #packet(dx: number, dy: number, wheel: number): number[] {
    const s = this.state;
    const first =
      PACKET_ALWAYS_ONE_BIT |
      (s.buttons & BUTTON_LEFT ? PACKET_LEFT_BIT : 0) |
      (s.buttons & BUTTON_RIGHT ? PACKET_RIGHT_BIT : 0) |
      (s.buttons & BUTTON_MIDDLE ? PACKET_MIDDLE_BIT : 0) |
      (dx < 0 ? PACKET_X_SIGN_BIT : 0) |
      (dy < 0 ? PACKET_Y_SIGN_BIT : 0);
    const bytes = [first, dx & 0xff, dy & 0xff];
    if (s.id === MOUSE_ID_WHEEL) bytes.push(wheel & 0xff);
    if (s.id === MOUSE_ID_FIVE_BUTTONS) {
      bytes.push((wheel & 0x0f) | (s.buttons & BUTTON_4 ? PACKET_BUTTON4_BIT : 0) | (s.buttons & BUTTON_5 ? PACKET_BUTTON5_BIT : 0));
    }
    return bytes;
  }
}

/** NaN and infinities become 0 (a host mistake must not loop or poison the state). */
function finiteInteger(value: number): number {
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}

function clampDelta(value: number): number {
  return Math.max(MIN_DELTA, Math.min(MAX_DELTA, value));
}

/** ID 3 carries -128..127 in its fourth byte, ID 4 only -8..7; -8..7 fits both. */
function clampWheel(value: number): number {
  return Math.max(-8, Math.min(7, value));
}
