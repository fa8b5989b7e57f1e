/**
 * The small services: INT 11h (equipment word), INT 12h (conventional memory),
 * INT 14h (serial ports through the 16550A registers), INT 15h (E820 memory map,
 * E801h, 88h extended memory, 86h wait, C0h configuration table, A20 gate
 * 2400h-2403h). (Ralf Brown's Interrupt List, INT 11, 12, 14, 15.)
 *
 * Not emulated: INT 14h waiting for DSR/CTS and the per-port timeout at
 * 0040:007C (a receive with no byte waiting returns the timeout bit at once);
 * INT 15h AH=89h (switch to protected mode), answered with CF=1, AH=86h
 * ("function not supported"); AH=87h does not check the descriptors' access rights.
 */
import type { BiosCall } from './call.js';
import type { BiosDataArea } from './bda.js';
import { BDA, CONFIG_TABLE_OFFSET, CONVENTIONAL_KIB, ROM_SEGMENT } from './layout.js';
import type { PortIo } from './ports.js';

export const FUNCTION_NOT_SUPPORTED = 0x86;
const SMAP = 0x534d4150; // 'SMAP'
const E820_ENTRY_SIZE = 20;
const E820_USABLE = 1;
const E820_RESERVED = 2;
const MIB = 0x100000;
const SIXTEEN_MIB = 16 * MIB;

// 16550A registers (offsets from the port base) and bits (NS16550A datasheet).
const UART_DATA = 0;
const UART_LCR = 3;
const UART_MCR = 4;
const UART_LSR = 5;
const UART_MSR = 6;
const LCR_DLAB = 0x80;
const LSR_DATA_READY = 0x01;
const LSR_THR_EMPTY = 0x20;
const LSR_ERRORS = 0x1e;
const SERIAL_TIMEOUT = 0x80;
const MCR_DTR_RTS = 0x03;
const BAUD_DIVISORS = [1047, 768, 384, 192, 96, 48, 24, 12]; // 110 ... 9600 baud from 115200 / n
/** How many times the BIOS looks at THRE before giving up on a send. */
const SEND_POLLS = 1000;

export interface MemoryMapEntry {
  base: number;
  length: number;
  type: 1 | 2;
}

export interface A20Gate {
  get(): boolean;
  set(enabled: boolean): void;
}

export class SystemServices {
  #waitDeadline: { stack: number; until: number } | undefined;

  constructor(
    private readonly bda: BiosDataArea,
    private readonly io: PortIo,
    /** Total guest RAM in bytes (conventional plus extended). */
    private readonly ramBytes: number,
    /** Milliseconds on a monotonic clock (INT 15h AH=86h). */
    private readonly nowMs: () => number,
    private readonly a20?: A20Gate,
  ) {}

  /** The map INT 15h E820h reports: conventional RAM, the EBDA and ROM holes, extended RAM. */
  get memoryMap(): MemoryMapEntry[] {
    const map: MemoryMapEntry[] = [
      { base: 0, length: CONVENTIONAL_KIB * 1024, type: E820_USABLE },
      { base: CONVENTIONAL_KIB * 1024, length: 0xa0000 - CONVENTIONAL_KIB * 1024, type: E820_RESERVED },
      { base: 0xf0000, length: 0x10000, type: E820_RESERVED },
    ];
    if (this.ramBytes > MIB) map.push({ base: MIB, length: this.ramBytes - MIB, type: E820_USABLE });
    return map;
  }

  equipment(call: BiosCall): void {
    call.ax = this.bda.read16(BDA.EQUIPMENT);
  }

  memorySize(call: BiosCall): void {
    call.ax = this.bda.read16(BDA.MEMORY_KIB);
  }

  serial(call: BiosCall): void {
    const index = call.dx;
    const base = index < 4 ? this.bda.read16(BDA.COM_PORTS + index * 2) : 0;
    if (base === 0) {
      call.ah = SERIAL_TIMEOUT;
      return;
    }
    const lsr = () => this.io.read(base + UART_LSR, 1);
    switch (call.ah) {
      case 0x00: {
        const divisor = BAUD_DIVISORS[call.al >> 5];
        this.io.write(base + UART_LCR, 1, LCR_DLAB);
        this.io.write(base + UART_DATA, 1, divisor & 0xff);
        this.io.write(base + UART_DATA + 1, 1, divisor >> 8);
        this.io.write(base + UART_LCR, 1, call.al & 0x1f);
        this.io.write(base + UART_MCR, 1, MCR_DTR_RTS);
        call.ah = lsr();
        call.al = this.io.read(base + UART_MSR, 1);
        return;
      }
      case 0x01: {
        let status = lsr();
        for (let i = 0; i < SEND_POLLS && !(status & LSR_THR_EMPTY); i++) status = lsr();
        if (!(status & LSR_THR_EMPTY)) {
          call.ah = status | SERIAL_TIMEOUT;
          return;
        }
        this.io.write(base + UART_DATA, 1, call.al);
        call.ah = lsr() & ~SERIAL_TIMEOUT;
        return;
      }
      case 0x02: {
        const status = lsr();
        if (!(status & LSR_DATA_READY)) {
          call.ah = (status & LSR_ERRORS) | SERIAL_TIMEOUT;
          return;
        }
        call.al = this.io.read(base + UART_DATA, 1);
        call.ah = status & LSR_ERRORS;
        return;
      }
      case 0x03:
        call.ah = lsr();
        call.al = this.io.read(base + UART_MSR, 1);
        return;
      default:
        call.ah = SERIAL_TIMEOUT;
    }
  }

  system(call: BiosCall): void {
    const fn = call.ah;
    if (call.ax === 0xe820 && (call.state.edx >>> 0) === SMAP) return this.#e820(call);
    if (call.ax === 0xe801) {
      const aboveOne = Math.max(0, Math.min(this.ramBytes, SIXTEEN_MIB) - MIB) / 1024;
      const aboveSixteen = Math.max(0, this.ramBytes - SIXTEEN_MIB) / 0x10000;
      call.ax = aboveOne;
      call.cx = aboveOne;
      call.bx = Math.min(0xffff, aboveSixteen);
      call.dx = Math.min(0xffff, aboveSixteen);
      call.carry = false;
      return;
    }
    switch (fn) {
      case 0x24:
        return this.#a20(call);
      case 0x4f:
        // Keyboard intercept: CF set = let INT 09h process the scan code.
        call.carry = true;
        return;
      case 0x86:
        return this.#wait(call);
      case 0x87:
        return this.#blockMove(call);
      case 0x88:
        call.ax = Math.min(0xffff, Math.max(0, this.ramBytes - MIB) / 1024);
        call.carry = false;
        return;
      case 0x90:
      case 0x91:
        // Device busy / interrupt complete: nothing to wait for.
        call.status(0);
        return;
      case 0xc0:
        call.es = ROM_SEGMENT;
        call.bx = CONFIG_TABLE_OFFSET;
        call.status(0);
        return;
      default:
        call.status(FUNCTION_NOT_SUPPORTED);
    }
  }

  /** E820h: EBX = index of the entry, ES:DI = buffer, ECX = its size. */
  #e820(call: BiosCall): void {
    const map = this.memoryMap;
    const index = call.state.ebx >>> 0;
    if (index >= map.length || (call.state.ecx >>> 0) < E820_ENTRY_SIZE) {
      call.status(FUNCTION_NOT_SUPPORTED);
      return;
    }
    const entry = map[index];
    const at = call.esPointer(call.di);
    call.memory.write32(at, entry.base);
    call.memory.write32(at + 4, 0);
    call.memory.write32(at + 8, entry.length);
    call.memory.write32(at + 12, 0);
    call.memory.write32(at + 16, entry.type);
    call.state.eax = SMAP;
    call.state.ecx = E820_ENTRY_SIZE;
    call.state.ebx = index + 1 < map.length ? index + 1 : 0;
    call.carry = false;
  }

  /**
   * AH=87h: copy CX words between any two physical addresses, described by the
   * source and destination descriptors at ES:SI+10h and ES:SI+18h (24-bit base at
   * +2, bits 24-31 at +7). The BIOS would switch to protected mode to do it; the
   * VMM copies directly, through the same RAM-only guest access as every service.
   */
  #blockMove(call: BiosCall): void {
    const table = call.esPointer(call.si);
    const base = (descriptor: number): number =>
      (call.memory.read16(descriptor + 2) | (call.memory.read8(descriptor + 4) << 16) | (call.memory.read8(descriptor + 7) << 24)) >>> 0;
    const source = base(table + 0x10);
    const destination = base(table + 0x18);
    const bytes = Math.min(call.cx, 0x8000) * 2;
    call.memory.writeBlock(destination, call.memory.readBlock(source, bytes));
    call.status(0);
  }

  /** AH=86h: wait CX:DX microseconds. The call halts until interrupts come and is retried until the time is up. */
  #wait(call: BiosCall): void {
    const stack = call.state.ss.base + (call.state.esp & 0xffff);
    const now = this.nowMs();
    if (this.#waitDeadline === undefined || this.#waitDeadline.stack !== stack) {
      const micros = ((call.cx << 16) | call.dx) >>> 0;
      this.#waitDeadline = { stack, until: now + micros / 1000 };
    }
    if (now < this.#waitDeadline.until) {
      call.retry = true;
      return;
    }
    this.#waitDeadline = undefined;
    call.status(0);
  }

  /** AX=2400h disable, 2401h enable, 2402h status (AL), 2403h support (BX bit 1: port 92h). */
  #a20(call: BiosCall): void {
    if (this.a20 === undefined) return call.status(FUNCTION_NOT_SUPPORTED);
    switch (call.al) {
      case 0x00:
      case 0x01:
        this.a20.set(call.al === 0x01);
        return call.status(0);
      case 0x02:
        call.al = this.a20.get() ? 1 : 0;
        return call.status(0);
      case 0x03:
        call.bx = 0x0002;
        return call.status(0);
      default:
        call.status(FUNCTION_NOT_SUPPORTED);
    }
  }

  /** Milliseconds until a pending INT 15h AH=86h wait is over (the machine may sleep that long). */
  get waitRemainingMs(): number | undefined {
    return this.#waitDeadline === undefined ? undefined : Math.max(0, this.#waitDeadline.until - this.nowMs());
  }
}
