/**
 * What the PS/2 keyboard and mouse share: the byte protocol on their port.
 * The host sends one byte at a time; a command that takes a parameter (set
 * LEDs, sample rate, ...) is acknowledged and the next byte is its parameter;
 * the device answers in a reply queue that it sends before any data of its own
 * (key codes, movement packets), and remembers the last byte it sent for the
 * resend command (0xFE).
 *
 * Reference: IBM PS/2 Hardware Interface Technical Reference, "Keyboard and
 * Auxiliary Device Controller" (the keyboard's and the pointing device's
 * commands: the same framing for both).
 */

/** Unread replies kept; more are dropped (a guest sending commands without reading). */
export const MAX_PENDING_REPLIES = 16;

/** The protocol's part of a device's saved state (plain data, saved with the rest). */
export interface Ps2ProtocolState {
  /** Replies to commands, sent before any data. */
  replies: number[];
  /** A command waiting for its parameter byte, or 0. */
  awaitingParameter: number;
  /** Last byte sent, for the resend command. */
  lastSent: number;
}

export abstract class Ps2Device<State extends Ps2ProtocolState> {
  constructor(public state: State) {}

  /** A byte to send, or undefined; replies first. */
  takeByte(): number | undefined {
    const s = this.state;
    const byte = s.replies.length > 0 ? s.replies.shift() : this.takeDataByte();
    if (byte !== undefined) s.lastSent = byte;
    return byte;
  }

  /** A byte from the host: the parameter of the pending command, or a new command. */
  write(byte: number): void {
    const s = this.state;
    if (s.awaitingParameter !== 0) {
      const command = s.awaitingParameter;
      s.awaitingParameter = 0;
      this.parameter(command, byte);
      return;
    }
    this.command(byte);
  }

  /** The device's own data (key codes, packets) once no reply is waiting. */
  protected abstract takeDataByte(): number | undefined;

  /** A command byte; one that takes a parameter sets `state.awaitingParameter`. */
  protected abstract command(byte: number): void;

  /** The parameter byte of `command`. */
  protected abstract parameter(command: number, byte: number): void;

  /** Queues a command's answer whole, or not at all (bounded: a guest that never reads cannot grow it). */
  protected reply(...bytes: number[]): void {
    const replies = this.state.replies;
    if (replies.length + bytes.length > MAX_PENDING_REPLIES) return;
    replies.push(...bytes);
  }
}
