/**
 * The PC/AT keyboard controller (Intel 8042 and compatibles) at ports 0x60
 * (data) and 0x64 (status on read, command on write), with an AT keyboard
 * behind it (ps2-keyboard.ts) and IRQ 1.
 *
 * Reference: IBM PC AT Technical Reference, "Keyboard Controller"; IBM PS/2
 * Hardware Interface Technical Reference, "Keyboard/Auxiliary Device
 * Controller" (commands 0x20-0xFF, status and command byte bits).
 *
 * Emulated: status register; command byte (controller RAM 0) and the rest of
 * the 32 bytes of RAM (0x20-0x3F / 0x60-0x7F); self-test 0xAA -> 0x55 (sets
 * the system flag); keyboard interface test 0xAB -> 0x00; disable/enable the
 * keyboard (0xAD/0xAE); read input port (0xC0); read/write output port
 * (0xD0/0xD1) with A20 (bit 1, to an `a20` callback) and system reset (bit 0
 * low, to a `reset` callback); write keyboard output buffer (0xD2); fast A20
 * on/off (0xDF/0xDD); read test inputs (0xE0); pulse output port (0xF0-0xFF,
 * 0xFE = reset); IRQ 1 while the output buffer holds keyboard data and the
 * command byte enables it; set 2 -> set 1 translation of everything the
 * keyboard sends while command byte bit 6 is set (translation.ts).
 *
 * The auxiliary port has a PS/2 mouse (ps2-mouse.ts): disable/enable (0xA7/
 * 0xA8), interface test (0xA9 -> 0x00), write to the mouse (0xD4), write aux
 * output buffer (0xD3), status bit 5 and IRQ 12 for its bytes.
 *
 * Not emulated: parity and timeout errors never happen; controller password
 * commands (0xA4-0xA6) are unknown commands.
 */
import { byteWideDevice, type Device } from '@tinyvm/core';
import { Ps2Keyboard, type KeyboardState } from './ps2-keyboard.js';
import { defaultMouseState, Ps2Mouse, type MouseButtons, type MouseState } from './ps2-mouse.js';
import { scancodesFor, textToScancodes } from './scancodes.js';
import { SET2_BREAK_PREFIX, translateSet2Byte } from './translation.js';

/** A wire out of the device: high or low. */
export interface IrqLine {
  set(level: boolean): void;
}

export const I8042_DATA_PORT = 0x60;
export const I8042_COMMAND_PORT = 0x64;

// Status register (read from 0x64).
export const STATUS_OUTPUT_FULL_BIT = 0b0000_0001;
export const STATUS_INPUT_FULL_BIT = 0b0000_0010;
export const STATUS_SYSTEM_FLAG_BIT = 0b0000_0100;
export const STATUS_LAST_WAS_COMMAND_BIT = 0b0000_1000;
export const STATUS_NOT_INHIBITED_BIT = 0b0001_0000; // keyboard lock switch open
export const STATUS_AUX_OUTPUT_FULL_BIT = 0b0010_0000;

// Command byte (controller RAM byte 0).
export const COMMAND_BYTE_KBD_INTERRUPT_BIT = 0b0000_0001;
export const COMMAND_BYTE_AUX_INTERRUPT_BIT = 0b0000_0010;
export const COMMAND_BYTE_SYSTEM_FLAG_BIT = 0b0000_0100;
export const COMMAND_BYTE_KBD_DISABLED_BIT = 0b0001_0000;
export const COMMAND_BYTE_AUX_DISABLED_BIT = 0b0010_0000;
export const COMMAND_BYTE_TRANSLATE_BIT = 0b0100_0000;

// Output port (0xD0/0xD1).
export const OUTPUT_PORT_RESET_BIT = 0b0000_0001; // low = CPU reset
export const OUTPUT_PORT_A20_BIT = 0b0000_0010;
export const OUTPUT_PORT_KBD_OUTPUT_FULL_BIT = 0b0001_0000; // IRQ 1
export const OUTPUT_PORT_AUX_OUTPUT_FULL_BIT = 0b0010_0000; // IRQ 12

// Controller commands (written to 0x64).
export const CMD_READ_RAM_FIRST = 0x20; // 0x20 reads the command byte
export const CMD_READ_RAM_LAST = 0x3f;
export const CMD_WRITE_RAM_FIRST = 0x60; // 0x60 writes the command byte
export const CMD_WRITE_RAM_LAST = 0x7f;
export const CMD_DISABLE_AUX = 0xa7;
export const CMD_ENABLE_AUX = 0xa8;
export const CMD_TEST_AUX = 0xa9;
export const CMD_SELF_TEST = 0xaa;
export const CMD_TEST_KBD = 0xab;
export const CMD_DISABLE_KBD = 0xad;
export const CMD_ENABLE_KBD = 0xae;
export const CMD_READ_INPUT_PORT = 0xc0;
export const CMD_READ_OUTPUT_PORT = 0xd0;
export const CMD_WRITE_OUTPUT_PORT = 0xd1;
export const CMD_WRITE_KBD_OUTPUT = 0xd2;
export const CMD_WRITE_AUX_OUTPUT = 0xd3;
export const CMD_WRITE_AUX = 0xd4;
export const CMD_DISABLE_A20 = 0xdd;
export const CMD_ENABLE_A20 = 0xdf;
export const CMD_READ_TEST_INPUTS = 0xe0;
export const CMD_PULSE_FIRST = 0xf0; // 0xF0-0xFF: pulse output port bits 0-3 that are 0
export const CMD_PULSE_RESET = 0xfe;

export const SELF_TEST_PASSED = 0x55;
export const INTERFACE_TEST_PASSED = 0x00;
/** Marks a controller reply that appears as aux data (0xD3). */
const AUX_REPLY_FLAG = 0x100;

/**
 * Keyboard interrupt and translation on; the system flag (bit 2) is clear
 * until POST sets it (self-test or a command byte write), as at power-on.
 */
export const DEFAULT_COMMAND_BYTE = 0b0100_0001;
/** Reset inactive, A20 on, both clock/data lines high (bits 2-3, 6-7). */
export const DEFAULT_OUTPUT_PORT = 0b1100_1111;
/** Keyboard not inhibited (bit 7), the only input port bit a PC reads. */
export const DEFAULT_INPUT_PORT = 0b1000_0000;
export const DEFAULT_STATUS = STATUS_NOT_INHIBITED_BIT;

export interface I8042State {
  /** Status bits other than the output buffer flags (system flag, last-write-was-command, ...). */
  status: number;
  /** Controller RAM: byte 0 is the command byte. */
  ram: number[];
  outputPort: number;
  /** The byte the guest reads from 0x60. */
  outputBuffer: number;
  outputFull: boolean;
  /** The output buffer's byte came from the mouse (status bit 5, IRQ 12). */
  outputFromAux: boolean;
  /** Controller replies waiting to enter the output buffer (before keyboard data); 0x1xx = aux. */
  replies: number[];
  /** A controller command waiting for its data byte on 0x60, or 0. */
  awaitingData: number;
  /** Translation saw a set 2 break prefix (0xF0) and will set bit 7 of the next byte. */
  translateBreak: boolean;
  keyboard: KeyboardState;
  mouse: MouseState;
}

export interface I8042Options {
  /** IRQ 1 of the PIC. */
  irq1?: IrqLine;
  /** IRQ 12 of the PIC (the mouse). */
  irq12?: IrqLine;
  /** The A20 gate changed (output port bit 1). */
  a20?: (enabled: boolean) => void;
  /** The guest asked for a CPU reset (output port bit 0 low, or command 0xFE). */
  reset?: () => void;
}

export interface I8042Counters {
  /** Commands not in the table above. */
  unknownCommands: number;

}

function defaultState(keyboard: KeyboardState, mouse: MouseState): I8042State {
  const ram = new Array<number>(32).fill(0);
  ram[0] = DEFAULT_COMMAND_BYTE;
  return {
    status: DEFAULT_STATUS,
    ram,
    outputPort: DEFAULT_OUTPUT_PORT,
    outputBuffer: 0,
    outputFull: false,
    outputFromAux: false,
    replies: [],
    awaitingData: 0,
    translateBreak: false,
    keyboard,
    mouse,
  };
}

function cloneState(s: I8042State): I8042State {
  return {
    ...s,
    ram: [...s.ram],
    replies: [...s.replies],
    keyboard: {
      ...s.keyboard,
      replies: [...s.keyboard.replies],
      keys: s.keyboard.keys.slice(s.keyboard.keysHead ?? 0),
      keysHead: 0,
    },
    // (States saved before the mouse existed have none: it starts at power-on.)
    mouse: s.mouse
      ? { ...s.mouse, replies: [...s.mouse.replies], packets: [...s.mouse.packets], rateHistory: [...s.mouse.rateHistory] }
      : defaultMouseState(),
  };
}

export class I8042 {
  readonly name = 'i8042';
  readonly counters: I8042Counters = { unknownCommands: 0 };
  readonly #keyboard = new Ps2Keyboard();
  readonly #mouse = new Ps2Mouse();
  #state: I8042State = defaultState(this.#keyboard.state, this.#mouse.state);
  readonly #options: I8042Options;
  #irqLevel = false;
  #irq12Level = false;

  /** Port 0x60. */
  readonly dataPort: Device;
  /** Port 0x64. */
  readonly commandPort: Device;

  constructor(options: I8042Options = {}) {
    this.#options = options;
    this.dataPort = bytePort('i8042-data', () => this.readData(), (v) => this.writeData(v));
    this.commandPort = bytePort('i8042-command', () => this.readStatus(), (v) => this.writeCommand(v));
  }

  get keyboardCounters(): Ps2Keyboard['counters'] {
    return this.#keyboard.counters;
  }

  get mouseCounters(): Ps2Mouse['counters'] {
    return this.#mouse.counters;
  }

  /** The A20 gate as the output port sets it. */
  get a20Enabled(): boolean {
    return (this.#state.outputPort & OUTPUT_PORT_A20_BIT) !== 0;
  }

  /** Keyboard LEDs as last set by the guest (bit 0 scroll, 1 num, 2 caps lock). */
  get leds(): number {
    return this.#keyboard.state.leds;
  }

  get commandByte(): number {
    return this.#state.ram[0];
  }

  // Host side: keys.

  /** Presses `key` (a name such as 'a', 'Enter', 'ArrowUp', 'F1', 'Ctrl'). */
  pressKey(key: string): void {
    this.sendScancodes(scancodesFor(key).make);
  }

  releaseKey(key: string): void {
    this.sendScancodes(scancodesFor(key).break);
  }

  /** Presses and releases each character of `text` (US layout, Shift as needed). */
  typeText(text: string): void {
    this.sendScancodes(textToScancodes(text));
  }

  /** Set 1 key bytes (make/break, E0/E1 prefixes); the keyboard sends them in its selected set. Returns how many were taken. */
  sendScancodes(bytes: readonly number[]): number {
    const accepted = this.#keyboard.sendKeyBytes(bytes);
    this.#fill();
    return accepted;
  }

  // Host side: the mouse.

  /** Mouse movement: x to the right, y up, wheel positive towards the user. */
  moveMouse(dx: number, dy: number, wheel = 0): void {
    this.#mouse.move(dx, dy, wheel);
    this.#fill();
  }

  setMouseButtons(buttons: MouseButtons): void {
    this.#mouse.setButtons(buttons);
    this.#fill();
  }

  // Guest side: the two ports.

  readData(): number {
    const s = this.#state;
    const value = s.outputBuffer;
    s.outputFull = false;
    s.outputFromAux = false;
    // The line drops before the next byte comes in (the real 8042 takes a
    // while to fetch it), so an edge-triggered PIC sees one IRQ 1 per byte.
    this.#syncIrq();
    this.#fill();
    return value;
  }

  readStatus(): number {
    const s = this.#state;
    return s.status | (s.outputFull ? STATUS_OUTPUT_FULL_BIT : 0) | (s.outputFull && s.outputFromAux ? STATUS_AUX_OUTPUT_FULL_BIT : 0);
  }

  writeData(value: number): void {
    const s = this.#state;
    s.status &= ~STATUS_LAST_WAS_COMMAND_BIT;
    const command = s.awaitingData;
    if (command === 0) {
      // Data for the keyboard; sending to it re-enables its interface (as QEMU's 8042 does).
      s.ram[0] &= ~COMMAND_BYTE_KBD_DISABLED_BIT;
      this.#keyboard.write(value);
      this.#fill();
      return;
    }
    s.awaitingData = 0;
    switch (command) {
      case CMD_WRITE_OUTPUT_PORT:
        this.#writeOutputPort(value);
        break;
      case CMD_WRITE_KBD_OUTPUT:
        // Appears as if the keyboard had sent it, IRQ 1 included.
        this.#reply(value);
        break;
      case CMD_WRITE_AUX_OUTPUT:
        // Appears as if the mouse had sent it, IRQ 12 included.
        this.#reply(value | AUX_REPLY_FLAG);
        break;
      case CMD_WRITE_AUX:
        this.#mouse.write(value);
        break;
      default:
        // CMD_WRITE_RAM_FIRST..LAST.
        this.#writeRam(command - CMD_WRITE_RAM_FIRST, value);
        break;
    }
    this.#fill();
  }

  writeCommand(command: number): void {
    const s = this.#state;
    s.status |= STATUS_LAST_WAS_COMMAND_BIT;
    s.awaitingData = 0;
    if (command >= CMD_READ_RAM_FIRST && command <= CMD_READ_RAM_LAST) {
      this.#reply(s.ram[command - CMD_READ_RAM_FIRST]);
    } else if (command >= CMD_WRITE_RAM_FIRST && command <= CMD_WRITE_RAM_LAST) {
      s.awaitingData = command;
    } else if (command >= CMD_PULSE_FIRST) {
      // Bits 0-3 that are 0 in the command are pulsed low for 6 us; only bit 0 (reset) matters.
      if (!(command & OUTPUT_PORT_RESET_BIT)) this.#options.reset?.();
    } else {
      this.#command(command);
    }
    this.#fill();
  }

  #command(command: number): void {
    const s = this.#state;
    switch (command) {
      case CMD_DISABLE_AUX:
        s.ram[0] |= COMMAND_BYTE_AUX_DISABLED_BIT;
        break;
      case CMD_ENABLE_AUX:
        s.ram[0] &= ~COMMAND_BYTE_AUX_DISABLED_BIT;
        break;
      case CMD_TEST_AUX:
        this.#reply(INTERFACE_TEST_PASSED);
        break;
      case CMD_SELF_TEST:
        s.status |= STATUS_SYSTEM_FLAG_BIT;
        this.#reply(SELF_TEST_PASSED);
        break;
      case CMD_TEST_KBD:
        this.#reply(INTERFACE_TEST_PASSED);
        break;
      case CMD_DISABLE_KBD:
        s.ram[0] |= COMMAND_BYTE_KBD_DISABLED_BIT;
        break;
      case CMD_ENABLE_KBD:
        s.ram[0] &= ~COMMAND_BYTE_KBD_DISABLED_BIT;
        break;
      case CMD_READ_INPUT_PORT:
        this.#reply(DEFAULT_INPUT_PORT);
        break;
      case CMD_READ_OUTPUT_PORT: {
        const full = !s.outputFull ? 0 : s.outputFromAux ? OUTPUT_PORT_AUX_OUTPUT_FULL_BIT : OUTPUT_PORT_KBD_OUTPUT_FULL_BIT;
        this.#reply((s.outputPort & ~(OUTPUT_PORT_KBD_OUTPUT_FULL_BIT | OUTPUT_PORT_AUX_OUTPUT_FULL_BIT)) | full);
        break;
      }
      case CMD_WRITE_OUTPUT_PORT:
      case CMD_WRITE_KBD_OUTPUT:
      case CMD_WRITE_AUX_OUTPUT:
      case CMD_WRITE_AUX:
        s.awaitingData = command;
        break;
      case CMD_DISABLE_A20:
        this.#writeOutputPort(s.outputPort & ~OUTPUT_PORT_A20_BIT);
        break;
      case CMD_ENABLE_A20:
        this.#writeOutputPort(s.outputPort | OUTPUT_PORT_A20_BIT);
        break;
      case CMD_READ_TEST_INPUTS:
        this.#reply(0x00);
        break;
      default:
        // Unknown or not emulated (passwords, diagnostic dump, vendor commands).
        this.counters.unknownCommands++;
        break;
    }
  }

  #writeRam(index: number, value: number): void {
    const s = this.#state;
    s.ram[index] = value;
    if (index === 0) {
      // The system flag in the status register follows command byte bit 2.
      if (value & COMMAND_BYTE_SYSTEM_FLAG_BIT) s.status |= STATUS_SYSTEM_FLAG_BIT;
      else s.status &= ~STATUS_SYSTEM_FLAG_BIT;
    }
  }

  #writeOutputPort(value: number): void {
    const s = this.#state;
    const a20Before = (s.outputPort & OUTPUT_PORT_A20_BIT) !== 0;
    s.outputPort = value;
    const a20After = (value & OUTPUT_PORT_A20_BIT) !== 0;
    if (a20After !== a20Before) this.#options.a20?.(a20After);
    if (!(value & OUTPUT_PORT_RESET_BIT)) {
      // The reset line is active low; the controller itself comes out of reset with it high.
      s.outputPort |= OUTPUT_PORT_RESET_BIT;
      this.#options.reset?.();
    }
  }

  #reply(byte: number): void {
    const replies = this.#state.replies;
    if (replies.length < 16) replies.push(byte & (0xff | AUX_REPLY_FLAG));
  }

  /**
   * Moves the next byte into an empty output buffer (controller replies,
   * then the keyboard, then the mouse, each while its port is enabled) and
   * follows IRQ 1 and IRQ 12.
   */
  #fill(): void {
    const s = this.#state;
    if (!s.outputFull) {
      let next = s.replies.shift();
      let aux = next !== undefined && (next & AUX_REPLY_FLAG) !== 0;
      if (next === undefined && !(s.ram[0] & COMMAND_BYTE_KBD_DISABLED_BIT)) next = this.#fromKeyboard();
      if (next === undefined && !(s.ram[0] & COMMAND_BYTE_AUX_DISABLED_BIT)) {
        next = this.#mouse.takeByte();
        aux = next !== undefined;
      }
      if (next !== undefined) {
        s.outputBuffer = next & 0xff;
        s.outputFull = true;
        s.outputFromAux = aux;
      }
    }
    this.#syncIrq();
  }

  /** The next byte from the keyboard, through the translation when it is on. */
  #fromKeyboard(): number | undefined {
    const s = this.#state;
    if (!(s.ram[0] & COMMAND_BYTE_TRANSLATE_BIT)) return this.#keyboard.takeByte();
    for (;;) {
      const byte = this.#keyboard.takeByte();
      if (byte === undefined) return undefined;
      if (byte === SET2_BREAK_PREFIX) {
        s.translateBreak = true;
        continue;
      }
      const translated = translateSet2Byte(byte) | (s.translateBreak ? 0x80 : 0);
      s.translateBreak = false;
      return translated;
    }
  }

  #syncIrq(): void {
    const s = this.#state;
    const level = s.outputFull && !s.outputFromAux && (s.ram[0] & COMMAND_BYTE_KBD_INTERRUPT_BIT) !== 0;
    if (level !== this.#irqLevel) {
      this.#irqLevel = level;
      this.#options.irq1?.set(level);
    }
    const level12 = s.outputFull && s.outputFromAux && (s.ram[0] & COMMAND_BYTE_AUX_INTERRUPT_BIT) !== 0;
    if (level12 !== this.#irq12Level) {
      this.#irq12Level = level12;
      this.#options.irq12?.set(level12);
    }
  }

  saveState(): I8042State {
    return cloneState(this.#state);
  }

  restoreState(state: I8042State): void {
    this.#state = cloneState(state);
    this.#keyboard.state = this.#state.keyboard;
    this.#mouse.state = this.#state.mouse;
    this.#fill();
  }

  reset(): void {
    const a20Before = this.a20Enabled;
    const fresh = new I8042();
    this.restoreState(fresh.saveState());
    // The output port comes back with A20 on: tell whoever gates the address line.
    if (this.a20Enabled !== a20Before) this.#options.a20?.(this.a20Enabled);
  }
}

/**
 * One byte-wide port. A wider access is byte accesses at the port and the ones
 * above it (core's ByteWideDevice), which are not this port: 0xFF, dropped.
 */
function bytePort(name: string, readPort: () => number, writePort: (value: number) => void): Device {
  return byteWideDevice({
    name,
    readByte: (offset) => (offset === 0 ? readPort() : 0xff),
    writeByte(offset, value) {
      if (offset === 0) writePort(value);
      // (Other offsets: dropped.)
    },
  });
}

/** Anything with a `register(base, size, device, name)` method, such as core's Bus. */
export interface IoRegistrar {
  register(base: number, size: number, device: Device, name?: string): void;
}

/** Registers the controller at 0x60 and 0x64. */
export function attachI8042(io: IoRegistrar, kbc: I8042): void {
  io.register(I8042_DATA_PORT, 1, kbc.dataPort, 'i8042-data');
  io.register(I8042_COMMAND_PORT, 1, kbc.commandPort, 'i8042-command');
}
