/**
 * One counter of the Intel 8254, computed from elapsed time rather than
 * ticked: the count and OUT are functions of how many CLK pulses have been
 * counted since the count was loaded (or the gate triggered it).
 *
 * Datasheet: Intel 8254 Programmable Interval Timer (order 231164-005),
 * "Mode Definitions" and figures 12-17 (waveforms).
 *
 * Simplifications (all in the style of QEMU's i8254 model):
 * - a count starts on the write that completes it, not on the next CLK pulse;
 * - a new count written while modes 2 and 3 count is loaded at the end of the
 *   current period (mode 2 as the datasheet says; mode 3 loads at the end of
 *   a half-cycle on the chip, here at the end of the period, which is one);
 * - mode 3 with an odd count N keeps OUT high for (N+1)/2 and low for (N-1)/2
 *   pulses, and its count reads N - (2d mod N);
 * - in mode 0 the first byte of a two-byte count stops counting and drives OUT
 *   low, as the datasheet says, and the second byte restarts it.
 */

// Control word fields (datasheet, "Control Word Format").
export const CONTROL_BCD_BIT = 0b0000_0001;
export const CONTROL_MODE_SHIFT = 1;
export const CONTROL_MODE_MASK = 0b111;
export const CONTROL_ACCESS_SHIFT = 4;
export const CONTROL_ACCESS_MASK = 0b11;

/** Read/write access (RW1 RW0). */
export const ACCESS_LATCH = 0b00; // counter latch command
export const ACCESS_LOW = 0b01;
export const ACCESS_HIGH = 0b10;
export const ACCESS_LOW_HIGH = 0b11;

// Status byte (read-back command).
export const STATUS_OUTPUT_BIT = 0b1000_0000;
export const STATUS_NULL_COUNT_BIT = 0b0100_0000;

export const BINARY_MODULUS = 0x1_0000;
export const BCD_MODULUS = 10_000;

/** After power-on the 8254's modes are undefined; a PC BIOS programs mode 3. */
export const DEFAULT_MODE = 3;
export const DEFAULT_ACCESS = ACCESS_LOW_HIGH;

export interface PitChannelState {
  /** Mode bits as written (0-7; 6 and 7 behave as 2 and 3). */
  modeBits: number;
  bcd: boolean;
  access: number;
  /** N: the count in input pulses (1..0x10000 binary, 1..10000 BCD). */
  reload: number;
  /** A count has been written since the last control word. */
  loaded: boolean;
  /** Status NULL COUNT: written count not yet loaded into the counting element. */
  nullCount: boolean;
  gate: boolean;
  /** Modes 1 and 5: the gate's rising edge has started the count. */
  triggered: boolean;
  /** Pulses counted while counting was stopped (gate low) plus before `startNs`. */
  frozenTicks: number;
  /** When counting (re)started, in the clock's nanoseconds. */
  startNs: number;
  counting: boolean;
  /** Pulses counted at the last `takeRisingEdges`. */
  edgeTicks: number;
  /** Modes 2 and 3: a count written while counting, loaded at `pendingBoundary` (0: none). */
  pendingReload: number;
  /** Elapsed pulses at which the current period ends and `pendingReload` takes over. */
  pendingBoundary: number;
  /** Rising edges of the period that ended at a boundary, not yet taken. */
  pendingEdges: number;
  /** Low byte of a two-byte count, waiting for the high byte. */
  writeLow: number;
  writeHighNext: boolean;
  readHighNext: boolean;
  /** Bytes of a latched count, read first-in first-out. */
  latchedCount: number[];
  /** A latched status byte, or -1. */
  latchedStatus: number;
}

export function defaultPitChannelState(gate: boolean): PitChannelState {
  return {
    modeBits: DEFAULT_MODE,
    bcd: false,
    access: DEFAULT_ACCESS,
    reload: BINARY_MODULUS,
    loaded: false,
    nullCount: true,
    gate,
    triggered: false,
    frozenTicks: 0,
    startNs: 0,
    counting: false,
    edgeTicks: 0,
    pendingReload: 0,
    pendingBoundary: 0,
    pendingEdges: 0,
    writeLow: 0,
    writeHighNext: false,
    readHighNext: false,
    latchedCount: [],
    latchedStatus: -1,
  };
}

export function toBcd(value: number): number {
  let result = 0;
  for (let shift = 0; shift < 16; shift += 4) {
    result |= (value % 10) << shift;
    value = Math.floor(value / 10);
  }
  return result;
}

/** BCD digits to a number; a digit above 9 (guest error) counts at its binary value. */
export function fromBcd(value: number): number {
  return ((value >> 12) & 0xf) * 1000 + ((value >> 8) & 0xf) * 100 + ((value >> 4) & 0xf) * 10 + (value & 0xf);
}

export class PitChannel {
  state: PitChannelState;

  constructor(
    gate: boolean,
    private readonly ticksSince: (startNs: number) => number,
    private readonly now: () => number,
  ) {
    this.state = defaultPitChannelState(gate);
  }

  /** The effective mode 0-5. */
  get mode(): number {
    const bits = this.state.modeBits;
    return bits > 5 ? bits - 4 : bits;
  }

  /** Pulses counted since the count was loaded or triggered. */
  elapsedTicks(): number {
    const s = this.state;
    return s.counting ? s.frozenTicks + this.ticksSince(s.startNs) : s.frozenTicks;
  }

  /** The counting element's value now (0 reads for a full 0x10000/10000 count). */
  count(): number {
    this.#settle();
    const s = this.state;
    const n = s.reload;
    const modulus = s.bcd ? BCD_MODULUS : BINARY_MODULUS;
    const d = this.elapsedTicks();
    let value: number;
    switch (this.mode) {
      case 2:
        value = n - (d % n);
        break;
      case 3:
        value = n - ((2 * d) % n);
        break;
      case 1:
      case 5:
        value = s.triggered ? n - d : n;
        break;
      default:
        value = n - d;
        break;
    }
    return ((value % modulus) + modulus) % modulus;
  }

  /** The OUT pin now. */
  output(): boolean {
    this.#settle();
    const s = this.state;
    const mode = this.mode;
    if (!s.loaded) return mode !== 0; // a control word sets OUT low in mode 0, high otherwise
    const n = s.reload;
    const d = this.elapsedTicks();
    switch (mode) {
      case 0:
        return d >= n;
      case 1:
        return !s.triggered || d >= n;
      case 2:
        // Low for the one pulse when the count reaches 1; a low gate forces it high.
        return !s.gate || n <= 1 || d % n !== n - 1;
      case 3:
        return !s.gate || d % n < Math.ceil(n / 2);
      case 4:
        return d !== n;
      default:
        return !s.triggered || d !== n;
    }
  }

  /** Rising edges of OUT since the last call: what an edge-triggered PIC input would see. */
  takeRisingEdges(): number {
    this.#settle();
    const s = this.state;
    const d = this.elapsedTicks();
    const edges = s.pendingEdges + this.#risingEdgesBetween(s.edgeTicks, d);
    s.pendingEdges = 0;
    s.edgeTicks = d;
    return edges;
  }

  /** Pulses (as elapsedTicks) at which OUT next rises, or undefined. */
  nextRisingEdgeTicks(): number | undefined {
    this.#settle();
    const s = this.state;
    if (!s.loaded || !s.counting) return undefined;
    const n = s.reload;
    const a = s.edgeTicks;
    switch (this.mode) {
      case 0:
      case 1:
        return a < n ? n : undefined;
      case 2:
      case 3:
        return n <= 1 ? undefined : (Math.floor(a / n) + 1) * n;
      default:
        return a < n + 1 ? n + 1 : undefined;
    }
  }

  #risingEdgesBetween(a: number, b: number): number {
    const s = this.state;
    if (!s.loaded || b <= a) return 0;
    const n = s.reload;
    switch (this.mode) {
      case 0:
      case 1:
        return a < n && n <= b ? 1 : 0;
      case 2:
      case 3:
        // OUT rises at every multiple of N (end of the low pulse / low half).
        return n <= 1 ? 0 : Math.floor(b / n) - Math.floor(a / n);
      default:
        // Modes 4 and 5: the strobe is low for the pulse at N and rises at N + 1.
        return a < n + 1 && n + 1 <= b ? 1 : 0;
    }
  }

  /** A control word for this channel (not a latch command). */
  writeControl(control: number): void {
    const s = this.state;
    s.modeBits = (control >> CONTROL_MODE_SHIFT) & CONTROL_MODE_MASK;
    s.access = (control >> CONTROL_ACCESS_SHIFT) & CONTROL_ACCESS_MASK;
    s.bcd = (control & CONTROL_BCD_BIT) !== 0;
    // "When a Control Word is written to a Counter, all Control Logic is
    // immediately reset" and OUT goes to its initial state; counting waits for a count.
    s.loaded = false;
    s.nullCount = true;
    s.counting = false;
    s.triggered = false;
    s.frozenTicks = 0;
    s.edgeTicks = 0;
    s.pendingReload = 0;
    s.pendingEdges = 0;
    s.writeHighNext = false;
    s.readHighNext = false;
    s.latchedCount = [];
    s.latchedStatus = -1;
  }

  /** Counter latch command: the first latch holds until it is read. */
  latchCount(): void {
    const s = this.state;
    if (s.latchedCount.length > 0) return;
    const value = this.#encodedCount();
    const low = value & 0xff;
    const high = (value >> 8) & 0xff;
    s.latchedCount = s.access === ACCESS_LOW ? [low] : s.access === ACCESS_HIGH ? [high] : [low, high];
  }

  /** Read-back status latch: OUT, NULL COUNT and the programmed control bits. */
  latchStatus(): void {
    const s = this.state;
    if (s.latchedStatus >= 0) return;
    s.latchedStatus =
      (this.output() ? STATUS_OUTPUT_BIT : 0) |
      (s.nullCount ? STATUS_NULL_COUNT_BIT : 0) |
      (s.access << CONTROL_ACCESS_SHIFT) |
      (s.modeBits << CONTROL_MODE_SHIFT) |
      (s.bcd ? CONTROL_BCD_BIT : 0);
  }

  read(): number {
    const s = this.state;
    if (s.latchedStatus >= 0) {
      const status = s.latchedStatus;
      s.latchedStatus = -1;
      return status;
    }
    const latched = s.latchedCount.shift();
    if (latched !== undefined) return latched;
    const value = this.#encodedCount();
    switch (s.access) {
      case ACCESS_LOW:
        return value & 0xff;
      case ACCESS_HIGH:
        return (value >> 8) & 0xff;
      default: {
        const high = s.readHighNext;
        s.readHighNext = !high;
        return high ? (value >> 8) & 0xff : value & 0xff;
      }
    }
  }

  write(value: number): void {
    const s = this.state;
    switch (s.access) {
      case ACCESS_LOW:
        this.#load(value);
        break;
      case ACCESS_HIGH:
        this.#load(value << 8);
        break;
      default:
        if (!s.writeHighNext) {
          s.writeLow = value;
          s.writeHighNext = true;
          if (this.mode === 0 && s.loaded) {
            // Mode 0: "Writing the first byte disables counting. OUT is set low immediately."
            s.frozenTicks = this.elapsedTicks();
            s.counting = false;
            s.loaded = false;
          }
        } else {
          s.writeHighNext = false;
          this.#load(s.writeLow | (value << 8));
        }
        break;
    }
  }

  /** The GATE input (channel 2's is port 0x61 bit 0; channels 0 and 1 are tied high). */
  setGate(level: boolean): void {
    this.#settle();
    const s = this.state;
    if (level === s.gate) return;
    const mode = this.mode;
    if (!level) {
      // Modes 0, 2, 3, 4 suspend counting while the gate is low (2 and 3 also
      // force OUT high, see output()); modes 1 and 5 ignore the level.
      if (mode !== 1 && mode !== 5 && s.counting) {
        s.frozenTicks = this.elapsedTicks();
        s.counting = false;
      }
      s.gate = false;
      return;
    }
    s.gate = true;
    if (!s.loaded) return;
    if (mode === 1 || mode === 5 || mode === 2 || mode === 3) {
      // A rising gate (re)triggers modes 1 and 5 and reloads modes 2 and 3
      // (with a count written meanwhile, if any).
      s.triggered = true;
      this.#takePendingReload();
      this.#restart();
    } else {
      // Modes 0 and 4 resume where they stopped.
      s.startNs = this.now();
      s.counting = true;
    }
  }

  #load(raw: number): void {
    const s = this.state;
    const modulus = s.bcd ? BCD_MODULUS : BINARY_MODULUS;
    const value = s.bcd ? fromBcd(raw) : raw;
    // A count of 0 is the largest: 2^16 binary, 10^4 BCD.
    const reload = value === 0 ? modulus : value;
    const mode = this.mode;
    if ((mode === 2 || mode === 3) && s.loaded && s.counting) {
      // "The current period will not be affected": load at its end (NULL COUNT until then).
      this.#settle();
      const d = this.elapsedTicks();
      s.pendingReload = reload;
      s.pendingBoundary = (Math.floor(d / s.reload) + 1) * s.reload;
      s.nullCount = true;
      return;
    }
    s.reload = reload;
    s.loaded = true;
    s.nullCount = false;
    s.pendingReload = 0;
    if (mode === 1 || mode === 5) {
      // Waits for a gate trigger.
      s.triggered = false;
      s.counting = false;
      s.frozenTicks = 0;
      s.edgeTicks = 0;
      return;
    }
    this.#restart();
    s.counting = s.gate;
  }

  /** Crosses a pending reload's boundary if the count has reached it. */
  #settle(): void {
    const s = this.state;
    if (s.pendingReload === 0 || !s.counting) return;
    const boundary = s.pendingBoundary;
    if (this.elapsedTicks() < boundary) return;
    // Edges of the old periods up to and including the boundary, then a new
    // epoch that starts at the boundary with the new count.
    s.pendingEdges += this.#risingEdgesBetween(s.edgeTicks, boundary);
    s.frozenTicks -= boundary;
    s.edgeTicks = 0;
    this.#takePendingReload();
  }

  #takePendingReload(): void {
    const s = this.state;
    if (s.pendingReload === 0) return;
    s.reload = s.pendingReload;
    s.pendingReload = 0;
    s.nullCount = false;
  }

  #restart(): void {
    const s = this.state;
    s.frozenTicks = 0;
    s.edgeTicks = 0;
    s.startNs = this.now();
    s.counting = true;
  }

  #encodedCount(): number {
    const count = this.count();
    return this.state.bcd ? toBcd(count) : count;
  }
}
