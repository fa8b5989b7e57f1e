/**
 * The PC's Intel 8254 programmable interval timer at ports 0x40-0x43:
 * channel 0 drives IRQ 0, channel 1 (DRAM refresh) is free, channel 2 feeds the
 * speaker and is gated by port 0x61 (see port-b.ts).
 *
 * Datasheet: Intel 8254 Programmable Interval Timer (order 231164-005).
 *
 * Emulated: modes 0-5, binary and BCD counting, LSB/MSB/LSB-then-MSB access,
 * the counter latch command, the read-back command (count and status), GATE.
 * Time comes from a `Clock`; nothing runs in the background. The machine calls
 * `advance()` (before entering the guest, and when `nextEventNs()` has passed)
 * and channel 0's OUT is then replayed on the IRQ 0 line: every rising edge of
 * OUT since the last call becomes one rising edge on the line.
 *
 * Not emulated: per-pulse timing details listed in pit-channel.ts; several
 * IRQ 0 edges between two `advance()` calls reach the PIC as one (a real PIC
 * would coalesce them too if the CPU did not acknowledge in between); they are
 * counted in `counters.coalescedTicks`.
 */
import { ByteWideDevice, type Device } from '@tinyvm/core';
import { PitChannel, type PitChannelState, ACCESS_LATCH, CONTROL_ACCESS_MASK, CONTROL_ACCESS_SHIFT } from './pit-channel.js';
import { type Clock, nsFromTicks, ticksFromNs } from './pit-time.js';

/** A wire out of the device: high or low. */
export interface IrqLine {
  set(level: boolean): void;
}

export const PIT_BASE = 0x40;
export const PIT_PORT_COUNT = 4;

/** Port offsets from 0x40. */
export const CHANNEL0_OFFSET = 0;
export const CHANNEL1_OFFSET = 1;
export const CHANNEL2_OFFSET = 2;
export const CONTROL_OFFSET = 3;

/** Control word bits 7-6 (SC1 SC0): which channel, or 0b11 for read-back. */
export const CONTROL_SELECT_SHIFT = 6;
export const SELECT_READ_BACK = 0b11;
// Read-back command (datasheet, "Read-Back Command"): bits are active low.
export const READ_BACK_NO_COUNT_BIT = 0b0010_0000;
export const READ_BACK_NO_STATUS_BIT = 0b0001_0000;
export const READ_BACK_CHANNEL0_BIT = 0b0000_0010; // channel n is bit n + 1

/** The speaker channel. */
export const SPEAKER_CHANNEL = 2;

export interface PitState {
  channels: [PitChannelState, PitChannelState, PitChannelState];
  /** Level last driven on the IRQ 0 line. */
  irqLevel: boolean;
}

export interface PitOptions {
  clock: Clock;
  /** Channel 0's OUT, wired to IRQ 0 of the PIC. */
  irq0?: IrqLine;
}

export interface PitCounters {
  /** Rising edges of OUT0 that reached the line merged with another one. */
  coalescedTicks: number;
  /** IRQ 0 edges driven. */
  irqEdges: number;
}

function cloneChannel(state: PitChannelState): PitChannelState {
  return { ...state, latchedCount: [...state.latchedCount] };
}

/** Wider accesses are byte accesses at 0x40, 0x41, ... (core's ByteWideDevice). */
export class Pit extends ByteWideDevice {
  readonly name = 'pit';
  readonly counters: PitCounters = { coalescedTicks: 0, irqEdges: 0 };
  readonly #clock: Clock;
  readonly #irq0: IrqLine | undefined;
  readonly #channels: [PitChannel, PitChannel, PitChannel];
  #irqLevel = false;

  constructor(options: PitOptions) {
    super();
    this.#clock = options.clock;
    this.#irq0 = options.irq0;
    this.#channels = [this.#newChannel(true), this.#newChannel(true), this.#newChannel(false)];
    // The line starts where OUT0 is (high: an unprogrammed channel is not in mode 0),
    // so programming the BIOS's mode 2 or 3 is not itself an IRQ 0 edge.
    this.#irqLevel = this.#channels[0].output();
  }

  protected readByte(offset: number): number {
    switch (offset) {
      case CHANNEL0_OFFSET:
      case CHANNEL1_OFFSET:
      case CHANNEL2_OFFSET:
        return this.#channels[offset].read();
      default:
        // The control word register is write-only: the 8254 leaves the bus floating.
        return 0xff;
    }
  }

  protected writeByte(offset: number, value: number): void {
    switch (offset) {
      case CHANNEL0_OFFSET:
        this.advance(); // deliver edges from the old count first
        this.#channels[0].write(value);
        this.#driveIrq(0);
        break;
      case CHANNEL1_OFFSET:
      case CHANNEL2_OFFSET:
        this.#channels[offset].write(value);
        break;
      case CONTROL_OFFSET:
        this.#writeControl(value);
        break;
      default:
        // Past the four ports: dropped.
        break;
    }
  }

  #writeControl(value: number): void {
    const select = value >> CONTROL_SELECT_SHIFT;
    if (select === SELECT_READ_BACK) {
      for (let channel = 0; channel < 3; channel++) {
        if (!(value & (READ_BACK_CHANNEL0_BIT << channel))) continue;
        if (!(value & READ_BACK_NO_STATUS_BIT)) this.#channels[channel].latchStatus();
        if (!(value & READ_BACK_NO_COUNT_BIT)) this.#channels[channel].latchCount();
      }
      return;
    }
    const channel = this.#channels[select];
    if (((value >> CONTROL_ACCESS_SHIFT) & CONTROL_ACCESS_MASK) === ACCESS_LATCH) {
      channel.latchCount();
      return;
    }
    if (select === 0) this.advance();
    channel.writeControl(value);
    if (select === 0) this.#driveIrq(0);
  }

  /**
   * Brings IRQ 0 up to date with channel 0's OUT at the clock's current time.
   * Returns the number of rising edges of OUT since the last call.
   */
  advance(): number {
    const edges = this.#channels[0].takeRisingEdges();
    this.#driveIrq(edges);
    return edges;
  }

  /** When channel 0's OUT next rises (clock nanoseconds), or undefined. */
  nextEventNs(): number | undefined {
    const channel = this.#channels[0];
    const ticks = channel.nextRisingEdgeTicks();
    if (ticks === undefined) return undefined;
    const s = channel.state;
    // elapsedTicks = frozenTicks + ticksFromNs(now - startNs) reaches `ticks` at:
    return s.startNs + nsFromTicks(ticks - s.frozenTicks);
  }

  /** GATE of `channel`; only channel 2's is wired to anything on a PC (port 0x61). */
  setGate(channel: number, level: boolean): void {
    if (channel === 0) this.advance();
    this.#channels[channel]?.setGate(level);
    if (channel === 0) this.#driveIrq(0);
  }

  gate(channel: number): boolean {
    return this.#channels[channel]?.state.gate ?? false;
  }

  /** The OUT pin of `channel` now. */
  output(channel: number): boolean {
    return this.#channels[channel]?.output() ?? false;
  }

  /** The count `channel` would read now (binary, whatever the counting mode). */
  count(channel: number): number {
    return this.#channels[channel]?.count() ?? 0;
  }

  /**
   * The speaker tone while channel 2 is a running square wave (mode 3) with
   * its gate open, in Hz; undefined otherwise. Port 0x61 bit 1 must also be
   * set for the tone to reach the speaker.
   */
  toneHz(): number | undefined {
    const channel = this.#channels[SPEAKER_CHANNEL];
    if (channel.mode !== 3 || !channel.state.loaded || !channel.state.gate) return undefined;
    return 1_193_182 / channel.state.reload;
  }

  saveState(): PitState {
    return {
      channels: [cloneChannel(this.#channels[0].state), cloneChannel(this.#channels[1].state), cloneChannel(this.#channels[2].state)],
      irqLevel: this.#irqLevel,
    };
  }

  restoreState(state: PitState): void {
    for (let i = 0; i < 3; i++) this.#channels[i].state = cloneChannel(state.channels[i]);
    this.#irqLevel = state.irqLevel;
    this.#irq0?.set(state.irqLevel);
  }

  reset(): void {
    const fresh = new Pit({ clock: this.#clock });
    this.restoreState(fresh.saveState());
  }

  #newChannel(gate: boolean): PitChannel {
    const clock = this.#clock;
    return new PitChannel(gate, (startNs) => ticksFromNs(clock.nowNs() - startNs), () => clock.nowNs());
  }

  /** Replays `edges` rising edges of OUT0 on the line, then leaves it at OUT0's level. */
  #driveIrq(edges: number): void {
    const level = this.#channels[0].output();
    const line = this.#irq0;
    if (edges > 0) {
      this.counters.irqEdges++;
      this.counters.coalescedTicks += edges - 1;
      if (this.#irqLevel) line?.set(false);
      line?.set(true);
      this.#irqLevel = true;
    }
    if (level !== this.#irqLevel) {
      if (level) this.counters.irqEdges++;
      line?.set(level);
      this.#irqLevel = level;
    }
  }
}

/** Anything with a `register(base, size, device, name)` method, such as core's Bus. */
export interface IoRegistrar {
  register(base: number, size: number, device: Device, name?: string): void;
}

/** Registers the timer at 0x40-0x43 and, when given, port B at 0x61. */
export function attachPit(io: IoRegistrar, pit: Pit, portB?: Device): void {
  io.register(PIT_BASE, PIT_PORT_COUNT, pit, 'pit');
  if (portB) io.register(0x61, 1, portB, 'port-b');
}
