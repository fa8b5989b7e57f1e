/**
 * A 16550A UART, as on a PC's COM1 (0x3F8, IRQ 4) to COM4: eight registers,
 * twelve with the divisor latch, receive FIFO, interrupts, modem lines.
 * The register layout and style follow rust-vmm's vm-superio `serial.rs`.
 *
 * Datasheet: National Semiconductor PC16550D UART with FIFOs (June 1995),
 * https://www.ti.com/lit/ds/symlink/pc16550d.pdf — table II (registers),
 * table IV (interrupt identification and priorities).
 *
 * Emulated: RBR/THR, IER, IIR with the four interrupt sources and their
 * priorities (line status > received data / character timeout > THR empty >
 * modem status), FCR (FIFO enable, clear, trigger level 1/4/8/14), LCR with
 * DLAB and the divisor latch, MCR (DTR, RTS, OUT1, OUT2, loopback), LSR (data
 * ready, overrun, THR empty, transmitter empty), MSR with delta bits, SCR.
 * The interrupt output reaches the IRQ line only while MCR OUT2 is set, as
 * on a PC's serial card. Transmission is instant: a THR write goes straight
 * to the host sink, so THRE and TEMT are always set.
 *
 * Not emulated: baud-rate timing (the divisor is kept and reported only),
 * word length/parity/stop bits (bytes pass whole), parity/framing errors and
 * break (never happen), the character timeout's four-character delay (with
 * FIFOs on, fewer bytes than the trigger level raise the timeout interrupt at
 * once), DMA mode signals. Host input waits in an unbounded-but-capped host
 * queue and enters the FIFO as room frees, so host input never overruns; a
 * loopback write into a full FIFO does (LSR OE).
 */
import { ByteWideDevice, type Device } from '@tinyvm/core';

/** A wire out of the device: high or low. */
export interface IrqLine {
  set(level: boolean): void;
}

/** Where the guest's output goes (a terminal, a file, a test's array). */
export interface SerialSink {
  write(bytes: Uint8Array): void;
}

export const COM1_BASE = 0x3f8;
export const COM2_BASE = 0x2f8;
export const COM3_BASE = 0x3e8;
export const COM4_BASE = 0x2e8;
export const COM1_IRQ = 4;
export const COM2_IRQ = 3;
export const UART_PORT_COUNT = 8;

// Register offsets. DATA is RBR on read and THR on write; with DLAB set,
// offsets 0 and 1 are the divisor latch.
export const DATA_OFFSET = 0;
export const IER_OFFSET = 1;
export const IIR_OFFSET = 2;
export const FCR_OFFSET = IIR_OFFSET;
export const LCR_OFFSET = 3;
export const MCR_OFFSET = 4;
export const LSR_OFFSET = 5;
export const MSR_OFFSET = 6;
export const SCR_OFFSET = 7;
export const DLAB_LOW_OFFSET = 0;
export const DLAB_HIGH_OFFSET = 1;

export const IER_RDA_BIT = 0b0000_0001; // received data available (and timeout)
export const IER_THR_EMPTY_BIT = 0b0000_0010;
export const IER_RLS_BIT = 0b0000_0100; // receiver line status
export const IER_MS_BIT = 0b0000_1000; // modem status
export const IER_VALID_BITS = 0b0000_1111;

export const IIR_NONE_BIT = 0b0000_0001;
export const IIR_RLS_ID = 0b0000_0110;
export const IIR_RDA_ID = 0b0000_0100;
export const IIR_TIMEOUT_ID = 0b0000_1100;
export const IIR_THR_EMPTY_ID = 0b0000_0010;
export const IIR_MS_ID = 0b0000_0000;
export const IIR_FIFO_BITS = 0b1100_0000;

export const FCR_ENABLE_BIT = 0b0000_0001;
export const FCR_CLEAR_RX_BIT = 0b0000_0010;
export const FCR_CLEAR_TX_BIT = 0b0000_0100;
export const FCR_DMA_MODE_BIT = 0b0000_1000;
export const FCR_TRIGGER_SHIFT = 6;
/** RX FIFO trigger levels for FCR bits 7-6. */
export const FIFO_TRIGGER_LEVELS = [1, 4, 8, 14];

export const LCR_DLAB_BIT = 0b1000_0000;

export const MCR_DTR_BIT = 0b0000_0001;
export const MCR_RTS_BIT = 0b0000_0010;
export const MCR_OUT1_BIT = 0b0000_0100;
export const MCR_OUT2_BIT = 0b0000_1000;
export const MCR_LOOP_BIT = 0b0001_0000;
export const MCR_VALID_BITS = 0b0001_1111;

export const LSR_DATA_READY_BIT = 0b0000_0001;
export const LSR_OVERRUN_BIT = 0b0000_0010;
export const LSR_PARITY_ERROR_BIT = 0b0000_0100;
export const LSR_FRAMING_ERROR_BIT = 0b0000_1000;
export const LSR_BREAK_BIT = 0b0001_0000;
export const LSR_THR_EMPTY_BIT = 0b0010_0000;
export const LSR_IDLE_BIT = 0b0100_0000; // transmitter empty
export const LSR_ERROR_BITS = LSR_OVERRUN_BIT | LSR_PARITY_ERROR_BIT | LSR_FRAMING_ERROR_BIT | LSR_BREAK_BIT;

export const MSR_DELTA_CTS_BIT = 0b0000_0001;
export const MSR_DELTA_DSR_BIT = 0b0000_0010;
export const MSR_TRAILING_RI_BIT = 0b0000_0100;
export const MSR_DELTA_DCD_BIT = 0b0000_1000;
export const MSR_DELTA_BITS = 0b0000_1111;
export const MSR_CTS_BIT = 0b0001_0000;
export const MSR_DSR_BIT = 0b0010_0000;
export const MSR_RI_BIT = 0b0100_0000;
export const MSR_DCD_BIT = 0b1000_0000;

/** Divisor latch input clock over 16: divisor 1 is 115200 baud. */
export const BASE_BAUD = 115_200;
export const FIFO_SIZE = 16;
/** Host bytes waiting for FIFO room, beyond which `enqueue` refuses more. */
export const HOST_QUEUE_LIMIT = 1024 * 1024;

// Reset values (datasheet table III, "UART Reset Configuration"); the divisor
// is undefined at reset, 12 (9600 baud) as in vm-superio.
export const DEFAULT_BAUD_DIVISOR = 12;
export const DEFAULT_INTERRUPT_ENABLE = 0x00;
export const DEFAULT_LINE_CONTROL = 0b0000_0011; // 8 data bits, 1 stop, no parity
export const DEFAULT_MODEM_CONTROL = 0x00;
export const DEFAULT_FIFO_CONTROL = 0x00;
/** A terminal is attached: CTS, DSR and DCD asserted. */
export const DEFAULT_MODEM_LINES = MSR_CTS_BIT | MSR_DSR_BIT | MSR_DCD_BIT;
export const DEFAULT_SCRATCH = 0x00;

export interface SerialState {
  divisor: number;
  ier: number;
  lcr: number;
  mcr: number;
  fcr: number;
  /** LSR error bits (OE, PE, FE, BI) not yet read. */
  lsrErrors: number;
  /** MSR delta bits not yet read. */
  msrDeltas: number;
  /** CTS/DSR/RI/DCD from the host side (used outside loopback). */
  modemLines: number;
  scr: number;
  /** THR empty interrupt pending (set when THR empties, cleared by IIR read or THR write). */
  thrEmptyPending: boolean;
  rxFifo: number[];
  /** Host input not yet in the FIFO: hostQueue[hostQueueHead..]. */
  hostQueue: number[];
  hostQueueHead: number;
  /** The last byte read from RBR (an empty RBR reads it again). */
  lastRx: number;
}

export interface SerialOptions {
  /** The guest's output. */
  sink?: SerialSink;
  /** IRQ 4 for COM1 (3 for COM2). */
  irq?: IrqLine;
}

export interface SerialCounters {
  txBytes: number;
  rxBytes: number;
  /** Bytes lost to a full FIFO (loopback only). */
  overruns: number;
  /** Writes to LSR/MSR (factory test registers) that were dropped. */
  ignoredWrites: number;
}

export function defaultSerialState(): SerialState {
  return {
    divisor: DEFAULT_BAUD_DIVISOR,
    ier: DEFAULT_INTERRUPT_ENABLE,
    lcr: DEFAULT_LINE_CONTROL,
    mcr: DEFAULT_MODEM_CONTROL,
    fcr: DEFAULT_FIFO_CONTROL,
    lsrErrors: 0,
    msrDeltas: 0,
    modemLines: DEFAULT_MODEM_LINES,
    scr: DEFAULT_SCRATCH,
    thrEmptyPending: false,
    rxFifo: [],
    hostQueue: [],
    hostQueueHead: 0,
    lastRx: 0,
  };
}

/** Wider accesses are byte accesses at base, base+1, ... (core's ByteWideDevice). */
export class Uart16550 extends ByteWideDevice {
  readonly name = 'uart16550';
  readonly counters: SerialCounters = { txBytes: 0, rxBytes: 0, overruns: 0, ignoredWrites: 0 };
  #state: SerialState = defaultSerialState();
  readonly #sink: SerialSink | undefined;
  readonly #irq: IrqLine | undefined;
  #irqLevel = false;

  constructor(options: SerialOptions = {}) {
    super();
    this.#sink = options.sink;
    this.#irq = options.irq;
  }

  /** The line speed the guest programmed, or undefined for divisor 0. */
  get baudRate(): number | undefined {
    return this.#state.divisor === 0 ? undefined : BASE_BAUD / this.#state.divisor;
  }

  protected readByte(offset: number): number {
    const s = this.#state;
    const dlab = (s.lcr & LCR_DLAB_BIT) !== 0;
    switch (offset) {
      case DLAB_LOW_OFFSET:
        if (dlab) return s.divisor & 0xff;
        return this.#readRbr();
      case DLAB_HIGH_OFFSET:
        if (dlab) return (s.divisor >> 8) & 0xff;
        return s.ier;
      case IIR_OFFSET:
        return this.#readIir();
      case LCR_OFFSET:
        return s.lcr;
      case MCR_OFFSET:
        return s.mcr;
      case LSR_OFFSET: {
        const value = this.#lsr();
        // Reading LSR clears the error bits (and the line status interrupt).
        s.lsrErrors = 0;
        this.#update();
        return value;
      }
      case MSR_OFFSET: {
        const value = this.#msr();
        s.msrDeltas = 0;
        this.#update();
        return value;
      }
      case SCR_OFFSET:
        return s.scr;
      default:
        // Past the eight ports: nothing drives the bus.
        return 0xff;
    }
  }

  protected writeByte(offset: number, value: number): void {
    const s = this.#state;
    const dlab = (s.lcr & LCR_DLAB_BIT) !== 0;
    switch (offset) {
      case DLAB_LOW_OFFSET:
        if (dlab) s.divisor = (s.divisor & 0xff00) | value;
        else this.#transmit(value);
        break;
      case DLAB_HIGH_OFFSET:
        if (dlab) {
          s.divisor = (s.divisor & 0x00ff) | (value << 8);
        } else {
          const enabling = value & ~s.ier & IER_THR_EMPTY_BIT;
          s.ier = value & IER_VALID_BITS;
          // Enabling the THRE interrupt while THR is empty raises it at once (16550 behaviour).
          if (enabling) s.thrEmptyPending = true;
          this.#update();
        }
        break;
      case FCR_OFFSET:
        this.#writeFcr(value);
        break;
      case LCR_OFFSET:
        s.lcr = value;
        break;
      case MCR_OFFSET:
        this.#writeMcr(value & MCR_VALID_BITS);
        break;
      case SCR_OFFSET:
        s.scr = value;
        break;
      default:
        // LSR and MSR are for factory testing; writes are dropped.
        this.counters.ignoredWrites++;
        break;
    }
  }

  // Host side.

  /**
   * Input for the guest. Bytes enter the receive FIFO as it has room and wait
   * in a host queue otherwise. Returns how many were taken (fewer only when
   * HOST_QUEUE_LIMIT bytes are already waiting).
   */
  enqueue(bytes: Uint8Array | readonly number[]): number {
    const queue = this.#state.hostQueue;
    const waiting = queue.length - this.#state.hostQueueHead;
    const accepted = Math.min(bytes.length, Math.max(0, HOST_QUEUE_LIMIT - waiting));
    for (let i = 0; i < accepted; i++) queue.push(bytes[i] & 0xff);
    this.#pullHostInput();
    this.#update();
    return accepted;
  }

  /** Bytes waiting for the guest (FIFO plus host queue). */
  get pendingInput(): number {
    const s = this.#state;
    return s.rxFifo.length + s.hostQueue.length - s.hostQueueHead;
  }

  /** Sets the modem input lines (outside loopback); changes set MSR delta bits. */
  setModemLines(lines: { cts?: boolean; dsr?: boolean; ri?: boolean; dcd?: boolean }): void {
    const s = this.#state;
    let next = s.modemLines;
    const apply = (flag: boolean | undefined, bit: number) => {
      if (flag !== undefined) next = flag ? next | bit : next & ~bit;
    };
    apply(lines.cts, MSR_CTS_BIT);
    apply(lines.dsr, MSR_DSR_BIT);
    apply(lines.ri, MSR_RI_BIT);
    apply(lines.dcd, MSR_DCD_BIT);
    const before = this.#msrLines();
    s.modemLines = next;
    this.#noteModemChange(before, this.#msrLines());
    this.#update();
  }

  saveState(): SerialState {
    const s = this.#state;
    return { ...s, rxFifo: [...s.rxFifo], hostQueue: s.hostQueue.slice(s.hostQueueHead), hostQueueHead: 0 };
  }

  restoreState(state: SerialState): void {
    this.#state = { ...state, rxFifo: [...state.rxFifo], hostQueue: [...state.hostQueue], hostQueueHead: state.hostQueueHead ?? 0 };
    this.#update();
  }

  reset(): void {
    this.#state = defaultSerialState();
    this.#update();
  }

  // Registers.

  #transmit(value: number): void {
    const s = this.#state;
    if (s.mcr & MCR_LOOP_BIT) {
      // Loopback: the transmitter output feeds the receiver.
      this.#receive(value);
    } else {
      this.counters.txBytes++;
      this.#sink?.write(Uint8Array.of(value));
    }
    // Sent at once: THR is empty again, which is an interrupt of its own.
    s.thrEmptyPending = true;
    this.#update();
  }

  #readRbr(): number {
    const s = this.#state;
    const byte = s.rxFifo.shift();
    if (byte !== undefined) {
      s.lastRx = byte;
      this.counters.rxBytes++;
      this.#pullHostInput();
    }
    this.#update();
    return s.lastRx;
  }

  #readIir(): number {
    const s = this.#state;
    const id = this.#interruptId();
    // Reading IIR while it reports THR empty acknowledges that interrupt.
    if (id === IIR_THR_EMPTY_ID) {
      s.thrEmptyPending = false;
      this.#update();
    }
    return (id ?? IIR_NONE_BIT) | (this.#fifoEnabled() ? IIR_FIFO_BITS : 0);
  }

  #writeFcr(value: number): void {
    const s = this.#state;
    const wasEnabled = this.#fifoEnabled();
    const enabled = (value & FCR_ENABLE_BIT) !== 0;
    // Changing FIFO mode empties both FIFOs; the clear bits empty one each.
    if (enabled !== wasEnabled || value & FCR_CLEAR_RX_BIT) s.rxFifo = [];
    s.fcr = value & (FCR_ENABLE_BIT | FCR_DMA_MODE_BIT | (0b11 << FCR_TRIGGER_SHIFT));
    this.#pullHostInput();
    this.#update();
  }

  #writeMcr(value: number): void {
    const s = this.#state;
    const before = this.#msrLines();
    s.mcr = value;
    this.#noteModemChange(before, this.#msrLines());
    this.#update();
  }

  #lsr(): number {
    const s = this.#state;
    return (s.rxFifo.length > 0 ? LSR_DATA_READY_BIT : 0) | s.lsrErrors | LSR_THR_EMPTY_BIT | LSR_IDLE_BIT;
  }

  #msr(): number {
    return this.#msrLines() | this.#state.msrDeltas;
  }

  /** CTS/DSR/RI/DCD now: from the host, or from RTS/DTR/OUT1/OUT2 in loopback. */
  #msrLines(): number {
    const s = this.#state;
    if (!(s.mcr & MCR_LOOP_BIT)) return s.modemLines;
    return (
      (s.mcr & MCR_RTS_BIT ? MSR_CTS_BIT : 0) |
      (s.mcr & MCR_DTR_BIT ? MSR_DSR_BIT : 0) |
      (s.mcr & MCR_OUT1_BIT ? MSR_RI_BIT : 0) |
      (s.mcr & MCR_OUT2_BIT ? MSR_DCD_BIT : 0)
    );
  }

  #noteModemChange(before: number, after: number): void {
    const changed = before ^ after;
    let deltas = 0;
    if (changed & MSR_CTS_BIT) deltas |= MSR_DELTA_CTS_BIT;
    if (changed & MSR_DSR_BIT) deltas |= MSR_DELTA_DSR_BIT;
    if (changed & MSR_DCD_BIT) deltas |= MSR_DELTA_DCD_BIT;
    // TERI: only the trailing edge (RI going inactive).
    if (before & MSR_RI_BIT && !(after & MSR_RI_BIT)) deltas |= MSR_TRAILING_RI_BIT;
    this.#state.msrDeltas |= deltas;
  }

  #fifoEnabled(): boolean {
    return (this.#state.fcr & FCR_ENABLE_BIT) !== 0;
  }

  #capacity(): number {
    return this.#fifoEnabled() ? FIFO_SIZE : 1;
  }

  /** A byte arriving on the receive line (loopback). A full FIFO overruns. */
  #receive(value: number): void {
    const s = this.#state;
    if (s.rxFifo.length < this.#capacity()) {
      s.rxFifo.push(value);
    } else {
      this.counters.overruns++;
      s.lsrErrors |= LSR_OVERRUN_BIT;
      // Without FIFOs the new byte overwrites RBR; with FIFOs it is lost in the shift register.
      if (!this.#fifoEnabled()) s.rxFifo[0] = value;
    }
  }

  #pullHostInput(): void {
    const s = this.#state;
    const capacity = this.#capacity();
    const queue = s.hostQueue;
    while (s.rxFifo.length < capacity && s.hostQueueHead < queue.length) s.rxFifo.push(queue[s.hostQueueHead++]);
    // A read index instead of shift(): shift() is O(n) on large arrays, and a
    // pasted megabyte would take minutes. Compact once half is consumed.
    if (s.hostQueueHead === queue.length) {
      s.hostQueue = [];
      s.hostQueueHead = 0;
    } else if (s.hostQueueHead >= 4096 && s.hostQueueHead * 2 >= queue.length) {
      s.hostQueue = queue.slice(s.hostQueueHead);
      s.hostQueueHead = 0;
    }
  }

  /** The highest-priority pending interrupt's IIR id, or undefined (datasheet table IV). */
  #interruptId(): number | undefined {
    const s = this.#state;
    if (s.ier & IER_RLS_BIT && s.lsrErrors) return IIR_RLS_ID;
    const count = s.rxFifo.length;
    if (s.ier & IER_RDA_BIT && count > 0) {
      if (!this.#fifoEnabled()) return IIR_RDA_ID;
      const trigger = FIFO_TRIGGER_LEVELS[s.fcr >> FCR_TRIGGER_SHIFT];
      return count >= trigger ? IIR_RDA_ID : IIR_TIMEOUT_ID;
    }
    if (s.ier & IER_THR_EMPTY_BIT && s.thrEmptyPending) return IIR_THR_EMPTY_ID;
    if (s.ier & IER_MS_BIT && s.msrDeltas) return IIR_MS_ID;
    return undefined;
  }

  /** The INTR pin reaches the PIC through OUT2 (the PC serial card's gate). */
  #update(): void {
    const level = this.#interruptId() !== undefined && (this.#state.mcr & MCR_OUT2_BIT) !== 0;
    if (level !== this.#irqLevel) {
      this.#irqLevel = level;
      this.#irq?.set(level);
    }
  }
}

/** Anything with a `register(base, size, device, name)` method, such as core's Bus. */
export interface IoRegistrar {
  register(base: number, size: number, device: Device, name?: string): void;
}

/** Registers the UART's eight ports at `base` (COM1_BASE by default). */
export function attachUart(io: IoRegistrar, uart: Uart16550, base = COM1_BASE, name = 'com1'): void {
  io.register(base, UART_PORT_COUNT, uart, name);
}
