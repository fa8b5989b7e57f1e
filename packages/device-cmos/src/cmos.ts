/**
 * The PC's CMOS real-time clock and NVRAM (Motorola MC146818A and
 * compatibles) at ports 0x70 (index; bit 7 disables NMI) and 0x71 (data).
 *
 * Datasheet: Motorola MC146818A Real-Time Clock Plus RAM (RTC), and the PC/AT
 * CMOS map (IBM PC AT Technical Reference, "CMOS RAM Address Map"; century at
 * 0x32; memory sizes at 0x15-0x18, 0x30-0x31, and 0x34-0x35 / 0x5B-0x5D as
 * SeaBIOS and QEMU use them).
 *
 * Emulated: seconds/minutes/hours/day of week/day/month/year from a wall
 * clock, in BCD or binary and 24- or 12-hour per register B; the time can be
 * set by the guest (it then runs from the new value); register A (UIP set in
 * the last millisecond before each update, rate select, divider bits stored); register B
 * (SET freezes the time while the guest writes it); register C flags (PF, AF,
 * UF, IRQF; cleared on read) and IRQ 8 through `advance()`; register D (VRT);
 * the three alarms with "don't care" values; 128 bytes of NVRAM.
 *
 * Not emulated: daylight saving (DSE is stored only), the square-wave output,
 * divider reset (DV bits are stored only), writes to the day of week (it is
 * computed from the date). The clock's Date is shown in UTC: pass a clock
 * shifted to local time for a guest that expects local time (DOS, Windows).
 */
import { ByteWideDevice, type Device } from '@tinyvm/core';
import { decodeField, decodeHour, encodeField, encodeHour, type RtcFormat } from './rtc-fields.js';

/** Where the clock comes from; tests pass a fake. */
export interface WallClock {
  now(): Date;
}

/** A wire out of the device: high or low. */
export interface IrqLine {
  set(level: boolean): void;
}

export const CMOS_BASE = 0x70;
export const CMOS_PORT_COUNT = 2;
export const INDEX_OFFSET = 0;
export const DATA_OFFSET = 1;

export const NMI_DISABLE_BIT = 0b1000_0000;
export const INDEX_MASK = 0b0111_1111;
export const CMOS_SIZE = 128;

// Register indexes.
export const REG_SECONDS = 0x00;
export const REG_SECONDS_ALARM = 0x01;
export const REG_MINUTES = 0x02;
export const REG_MINUTES_ALARM = 0x03;
export const REG_HOURS = 0x04;
export const REG_HOURS_ALARM = 0x05;
export const REG_DAY_OF_WEEK = 0x06;
export const REG_DAY_OF_MONTH = 0x07;
export const REG_MONTH = 0x08;
export const REG_YEAR = 0x09;
export const REG_A = 0x0a;
export const REG_B = 0x0b;
export const REG_C = 0x0c;
export const REG_D = 0x0d;
export const REG_CENTURY = 0x32;

// Register A.
export const REG_A_UIP_BIT = 0b1000_0000;
export const REG_A_DIVIDER_MASK = 0b0111_0000;
export const REG_A_RATE_MASK = 0b0000_1111;
// Register B.
export const REG_B_SET_BIT = 0b1000_0000;
export const REG_B_PIE_BIT = 0b0100_0000;
export const REG_B_AIE_BIT = 0b0010_0000;
export const REG_B_UIE_BIT = 0b0001_0000;
export const REG_B_SQWE_BIT = 0b0000_1000;
export const REG_B_BINARY_BIT = 0b0000_0100; // DM: 1 = binary, 0 = BCD
export const REG_B_24_HOUR_BIT = 0b0000_0010;
export const REG_B_DSE_BIT = 0b0000_0001;
// Register C.
export const REG_C_IRQF_BIT = 0b1000_0000;
export const REG_C_PF_BIT = 0b0100_0000;
export const REG_C_AF_BIT = 0b0010_0000;
export const REG_C_UF_BIT = 0b0001_0000;
// Register D.
export const REG_D_VRT_BIT = 0b1000_0000; // valid RAM and time: the battery is fine

/** 32.768 kHz time base (DV = 010), 1024 Hz periodic rate (RS = 0110): what a BIOS sets. */
export const DEFAULT_REG_A = 0x26;
/** 24-hour, BCD, no interrupts. */
export const DEFAULT_REG_B = REG_B_24_HOUR_BIT;
/** An alarm byte with both top bits set matches any value. */
export const ALARM_DONT_CARE = 0b1100_0000;
/**
 * UIP goes high 244 us before each update (datasheet, "Update Cycle"), so a
 * guest that sees it low has that long to read the time. The update itself
 * (1984 us on the chip, registers unreadable) takes no time here: the
 * registers are always consistent. With a millisecond clock the 244 us
 * warning becomes the last millisecond of each second.
 */
export const UIP_WINDOW_MS = 1;

export interface CmosState {
  /** All 128 bytes; 0x00, 0x02, 0x04, 0x06-0x09, 0x0C, 0x0D and 0x32 are computed on read. */
  ram: number[];
  index: number;
  nmiDisabled: boolean;
  /** Guest time minus the clock's time, in ms (the guest set the clock). */
  offsetMs: number;
  /**
   * While register B SET is 1: the fields being edited. They are kept apart
   * (as in the chip) so a day written before its month is not rolled over.
   */
  frozen: RtcFields | null;
  /** Register C flags PF, AF, UF not yet read. */
  flags: number;
  /** Host time (ms) up to which flags have been computed. */
  checkedMs: number;
}

/** The calendar as the registers hold it (UTC; month 1-12). */
export interface RtcFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function fieldsOf(ms: number): RtcFields {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
  };
}

/** Milliseconds since 1970 of `f`; out-of-range fields roll over as the chip's next update would. */
function msOf(f: RtcFields): number {
  const ms = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return Number.isFinite(ms) ? ms : 0;
}

export interface CmosOptions {
  clock: WallClock;
  /** IRQ 8 of the PIC (register C IRQF). */
  irq8?: IrqLine;
}

export interface CmosCounters {
  /** Writes to read-only registers (C, D) and to the day of week. */
  ignoredWrites: number;
}

const MS_PER_SECOND = 1000;
/** Alarm search is bounded: a day holds every time of day once. */
const SECONDS_PER_DAY = 86_400;

/** Wider accesses are byte accesses at 0x70, 0x71, ... (core's ByteWideDevice). */
export class Cmos extends ByteWideDevice {
  readonly name = 'cmos';
  readonly counters: CmosCounters = { ignoredWrites: 0 };
  #state: CmosState;
  readonly #clock: WallClock;
  readonly #irq8: IrqLine | undefined;
  #irqLevel = false;

  constructor(options: CmosOptions) {
    super();
    this.#clock = options.clock;
    this.#irq8 = options.irq8;
    this.#state = Cmos.#defaultState(this.#hostMs());
  }

  static #defaultState(nowMs: number): CmosState {
    const ram = new Array<number>(CMOS_SIZE).fill(0);
    ram[REG_A] = DEFAULT_REG_A;
    ram[REG_B] = DEFAULT_REG_B;
    return { ram, index: 0, nmiDisabled: false, offsetMs: 0, frozen: null, flags: 0, checkedMs: nowMs };
  }

  /** NMI disabled by the last index write (bit 7 of port 0x70). */
  get nmiDisabled(): boolean {
    return this.#state.nmiDisabled;
  }

  /** The time the guest's clock shows now. */
  guestTime(): Date {
    return new Date(this.#guestMs());
  }

  protected readByte(offset: number): number {
    switch (offset) {
      case INDEX_OFFSET:
        // The index register is write-only on PC chipsets.
        return 0xff;
      case DATA_OFFSET:
        return this.readRegister(this.#state.index);
      default:
        return 0xff;
    }
  }

  protected writeByte(offset: number, value: number): void {
    switch (offset) {
      case INDEX_OFFSET:
        this.#state.index = value & INDEX_MASK;
        this.#state.nmiDisabled = (value & NMI_DISABLE_BIT) !== 0;
        break;
      case DATA_OFFSET:
        this.writeRegister(this.#state.index, value);
        break;
      default:
        // Past the two ports: dropped.
        break;
    }
  }

  /** Register `index` (0-127) as the guest reads it through 0x71. */
  readRegister(index: number): number {
    const s = this.#state;
    const ram = s.ram;
    const format = this.#format();
    switch (index & INDEX_MASK) {
      case REG_SECONDS:
        return encodeField(this.#fields().second, format);
      case REG_MINUTES:
        return encodeField(this.#fields().minute, format);
      case REG_HOURS:
        return encodeHour(this.#fields().hour, format);
      case REG_DAY_OF_WEEK:
        return encodeField(new Date(msOf(this.#fields())).getUTCDay() + 1, format); // 1 = Sunday
      case REG_DAY_OF_MONTH:
        return encodeField(this.#fields().day, format);
      case REG_MONTH:
        return encodeField(this.#fields().month, format);
      case REG_YEAR:
        return encodeField(this.#fields().year % 100, format);
      case REG_CENTURY:
        return encodeField(Math.floor(this.#fields().year / 100) % 100, format);
      case REG_A: {
        const updating = s.frozen === null && this.#guestMs() % MS_PER_SECOND >= MS_PER_SECOND - UIP_WINDOW_MS;
        return (ram[REG_A] & ~REG_A_UIP_BIT) | (updating ? REG_A_UIP_BIT : 0);
      }
      case REG_C: {
        // Reading C returns the flags and clears them (and IRQ 8).
        this.#updateFlags();
        const value = this.#regC();
        s.flags = 0;
        this.#driveIrq();
        return value;
      }
      case REG_D:
        return REG_D_VRT_BIT;
      default:
        return ram[index & INDEX_MASK];
    }
  }

  /** Register `index` (0-127) as the guest writes it through 0x71. */
  writeRegister(index: number, value: number): void {
    const s = this.#state;
    const format = this.#format();
    index &= INDEX_MASK;
    value &= 0xff;
    switch (index) {
      case REG_SECONDS:
        this.#setTime((f) => (f.second = decodeField(value & 0x7f, format)));
        break;
      case REG_MINUTES:
        this.#setTime((f) => (f.minute = decodeField(value, format)));
        break;
      case REG_HOURS:
        this.#setTime((f) => (f.hour = decodeHour(value, format)));
        break;
      case REG_DAY_OF_MONTH:
        this.#setTime((f) => (f.day = decodeField(value, format)));
        break;
      case REG_MONTH:
        this.#setTime((f) => (f.month = decodeField(value, format)));
        break;
      case REG_YEAR:
        this.#setTime((f) => (f.year = Math.floor(f.year / 100) * 100 + decodeField(value, format)));
        break;
      case REG_CENTURY:
        this.#setTime((f) => (f.year = decodeField(value, format) * 100 + (f.year % 100)));
        break;
      case REG_A:
        this.#updateFlags();
        s.ram[REG_A] = value & ~REG_A_UIP_BIT;
        break;
      case REG_B:
        this.#writeRegisterB(value);
        break;
      case REG_DAY_OF_WEEK:
      case REG_C:
      case REG_D:
        this.counters.ignoredWrites++;
        break;
      default:
        // Alarms and NVRAM.
        s.ram[index] = value;
        break;
    }
  }

  #writeRegisterB(value: number): void {
    const s = this.#state;
    this.#updateFlags();
    const set = (value & REG_B_SET_BIT) !== 0;
    if (set && s.frozen === null) {
      s.frozen = fieldsOf(this.#guestMs());
      value &= ~REG_B_UIE_BIT; // "UIE is cleared when SET is written 1"
    } else if (!set && s.frozen !== null) {
      // The clock runs again from the time the guest wrote.
      s.offsetMs = msOf(s.frozen) - this.#hostMs();
      s.frozen = null;
      s.checkedMs = this.#hostMs();
    }
    s.ram[REG_B] = value;
    this.#driveIrq();
  }

  /** Applies a change to the guest's time, frozen or running. */
  #setTime(change: (fields: RtcFields) => void): void {
    const s = this.#state;
    this.#updateFlags();
    if (s.frozen !== null) {
      change(s.frozen);
      return;
    }
    // Written without SET: takes effect at once (the chip would also restart the second).
    const fields = fieldsOf(this.#guestMs());
    change(fields);
    s.offsetMs = msOf(fields) - this.#hostMs();
    s.checkedMs = this.#hostMs();
  }

  /** The calendar fields the registers show now. */
  #fields(): RtcFields {
    return this.#state.frozen ?? fieldsOf(this.#guestMs());
  }

  // Host side.

  /** Byte `index` of the NVRAM, for the machine (no side effects). */
  readNvram(index: number): number {
    return this.#state.ram[index & INDEX_MASK];
  }

  /** Sets NVRAM byte `index` (e.g. equipment, disk types) before boot. */
  writeNvram(index: number, value: number): void {
    this.#state.ram[index & INDEX_MASK] = value & 0xff;
  }

  /**
   * Brings register C's flags and IRQ 8 up to date with the clock. Call it
   * before entering the guest and when `nextEventMs()` has passed.
   */
  advance(): void {
    this.#updateFlags();
    this.#driveIrq();
  }

  /** When (clock ms) the next enabled interrupt source fires, or undefined. */
  nextEventMs(): number | undefined {
    const s = this.#state;
    const regB = s.ram[REG_B];
    const now = this.#hostMs();
    let next: number | undefined;
    const period = this.periodicIntervalMs();
    if (regB & REG_B_PIE_BIT && period !== undefined) next = (Math.floor(now / period) + 1) * period;
    if (regB & (REG_B_UIE_BIT | REG_B_AIE_BIT) && s.frozen === null) {
      const guestNow = now + s.offsetMs;
      const secondEnd = (Math.floor(guestNow / MS_PER_SECOND) + 1) * MS_PER_SECOND - s.offsetMs;
      next = next === undefined ? secondEnd : Math.min(next, secondEnd);
    }
    return next;
  }

  /** The periodic interrupt's interval for register A's rate select, in ms (undefined: off). */
  periodicIntervalMs(): number | undefined {
    const rate = this.#state.ram[REG_A] & REG_A_RATE_MASK;
    if (rate === 0) return undefined;
    // 32.768 kHz base: rates 1 and 2 are 256 and 128 Hz, 3-15 are 65536 >> rate Hz (table 5).
    const hz = rate === 1 ? 256 : rate === 2 ? 128 : 65536 >> rate;
    return MS_PER_SECOND / hz;
  }

  saveState(): CmosState {
    this.#updateFlags();
    const s = this.#state;
    return { ...s, ram: [...s.ram], frozen: s.frozen && { ...s.frozen } };
  }

  restoreState(state: CmosState): void {
    this.#state = { ...state, ram: [...state.ram], frozen: state.frozen && { ...state.frozen } };
    this.#driveIrq();
  }

  reset(): void {
    // The RTC is battery-backed: a reset keeps time and NVRAM, and clears the
    // interrupt enables and flags (datasheet, "RESET" pin).
    const s = this.#state;
    s.ram[REG_B] &= ~(REG_B_PIE_BIT | REG_B_AIE_BIT | REG_B_UIE_BIT | REG_B_SQWE_BIT);
    s.flags = 0;
    this.#driveIrq();
  }

  #hostMs(): number {
    return this.#clock.now().getTime();
  }

  #guestMs(): number {
    const s = this.#state;
    return s.frozen !== null ? msOf(s.frozen) : this.#hostMs() + s.offsetMs;
  }

  #format(): RtcFormat {
    const regB = this.#state.ram[REG_B];
    return { binary: (regB & REG_B_BINARY_BIT) !== 0, twentyFourHour: (regB & REG_B_24_HOUR_BIT) !== 0 };
  }

  #regC(): number {
    const s = this.#state;
    const enabled = s.ram[REG_B] & (REG_B_PIE_BIT | REG_B_AIE_BIT | REG_B_UIE_BIT);
    // PF, AF, UF share their bit positions (6, 5, 4) with PIE, AIE, UIE.
    return s.flags | (s.flags & enabled ? REG_C_IRQF_BIT : 0);
  }

  /** Sets PF, UF and AF for what happened between the last check and now. */
  #updateFlags(): void {
    const s = this.#state;
    const now = this.#hostMs();
    const last = s.checkedMs;
    if (!(now > last)) {
      s.checkedMs = Math.max(last, now);
      return;
    }
    s.checkedMs = now;
    const period = this.periodicIntervalMs();
    if (period !== undefined && Math.floor(now / period) > Math.floor(last / period)) s.flags |= REG_C_PF_BIT;
    if (s.frozen !== null) return; // SET: no update cycles
    const firstSecond = Math.floor((last + s.offsetMs) / MS_PER_SECOND) + 1;
    const lastSecond = Math.floor((now + s.offsetMs) / MS_PER_SECOND);
    if (lastSecond < firstSecond) return;
    s.flags |= REG_C_UF_BIT;
    if (!(s.flags & REG_C_AF_BIT)) {
      const from = Math.max(firstSecond, lastSecond - SECONDS_PER_DAY + 1);
      for (let second = from; second <= lastSecond; second++) {
        if (this.#alarmMatches(new Date(second * MS_PER_SECOND))) {
          s.flags |= REG_C_AF_BIT;
          break;
        }
      }
    }
  }

  #alarmMatches(date: Date): boolean {
    const ram = this.#state.ram;
    const format = this.#format();
    const matches = (alarm: number, current: number) => (alarm & ALARM_DONT_CARE) === ALARM_DONT_CARE || alarm === current;
    return (
      matches(ram[REG_SECONDS_ALARM], encodeField(date.getUTCSeconds(), format)) &&
      matches(ram[REG_MINUTES_ALARM], encodeField(date.getUTCMinutes(), format)) &&
      matches(ram[REG_HOURS_ALARM], encodeHour(date.getUTCHours(), format))
    );
  }

  #driveIrq(): void {
    const level = (this.#regC() & REG_C_IRQF_BIT) !== 0;
    if (level !== this.#irqLevel) {
      this.#irqLevel = level;
      this.#irq8?.set(level);
    }
  }
}

/** Anything with a `register(base, size, device, name)` method, such as core's Bus. */
export interface IoRegistrar {
  register(base: number, size: number, device: Device, name?: string): void;
}

/** Registers the RTC at 0x70-0x71. */
export function attachCmos(io: IoRegistrar, cmos: Cmos): void {
  io.register(CMOS_BASE, CMOS_PORT_COUNT, cmos, 'cmos');
}
