/**
 * Time: INT 08h (IRQ 0, 18.2 times a second from the 8254's channel 0) counts
 * ticks at 0040:006C and sets 0040:0070 at midnight; INT 1Ah reads and sets
 * the tick count (AH=00h/01h) and reads and sets the RTC's time and date through
 * the CMOS ports 70h/71h (AH=02h-05h), in BCD at the interface whatever the RTC's
 * data mode (register B bit 2). Setting holds the RTC's update with register B's
 * SET bit while the fields are written, as the IBM AT BIOS does, and AH=03h puts
 * DL bit 0 into register B's daylight saving enable (DSE).
 * (IBM PC AT Technical Reference, "Time-of-Day"; Ralf Brown, INT 1A; Motorola
 * MC146818A datasheet, "SET" and "Data Mode".)
 *
 * Not emulated: the RTC alarm (AH=06h/07h answer CF=1), and the checks a real BIOS
 * makes that the values are valid BCD (the RTC takes what it is given, as the chip).
 */
import type { BiosCall } from './call.js';
import type { BiosDataArea } from './bda.js';
import { BDA, TICKS_PER_DAY } from './layout.js';
import { endOfInterrupt, type PortIo } from './ports.js';

/** How long INT 1Ah waits for the RTC's update-in-progress flag to clear. */
const RTC_READY_TIMEOUT_MS = 5;

const CMOS_INDEX = 0x70;
const CMOS_DATA = 0x71;
const RTC_SECONDS = 0x00;
const RTC_MINUTES = 0x02;
const RTC_HOURS = 0x04;
const RTC_DAY = 0x07;
const RTC_MONTH = 0x08;
const RTC_YEAR = 0x09;
const RTC_STATUS_A = 0x0a;
const RTC_STATUS_B = 0x0b;
const RTC_CENTURY = 0x32;
const STATUS_A_UPDATE_IN_PROGRESS = 0x80;
const STATUS_B_BINARY = 0x04;
const STATUS_B_24_HOUR = 0x02;
const STATUS_B_DAYLIGHT_SAVING = 0x01;
/** Register B bit 7: stop updates while the time is written (MC146818A "SET"). */
const STATUS_B_SET = 0x80;
/** Keep NMIs enabled (bit 7 clear) when selecting a CMOS register. */
const NMI_ENABLED = 0x00;

export class TimeServices {
  constructor(
    private readonly bda: BiosDataArea,
    private readonly io: PortIo,
  ) {}

  /** INT 08h: count one tick; the stub then calls INT 1Ch. */
  tick(): void {
    let ticks = this.bda.read32(BDA.TICKS) + 1;
    if (ticks >= TICKS_PER_DAY) {
      ticks = 0;
      this.bda.write8(BDA.MIDNIGHT, 1);
    }
    this.bda.write32(BDA.TICKS, ticks);
    endOfInterrupt(this.io, 0);
  }

  /** The tick count to start from: the RTC's time of day. */
  install(): void {
    const [hours, minutes, seconds] = [this.#rtc(RTC_HOURS), this.#rtc(RTC_MINUTES), this.#rtc(RTC_SECONDS)];
    const secondsToday = hours * 3600 + minutes * 60 + seconds;
    this.bda.write32(BDA.TICKS, Math.floor((secondsToday * TICKS_PER_DAY) / 86_400));
    this.bda.write8(BDA.MIDNIGHT, 0);
  }

  handle(call: BiosCall): void {
    switch (call.ah) {
      case 0x00: {
        const ticks = this.bda.read32(BDA.TICKS);
        call.cx = ticks >>> 16;
        call.dx = ticks & 0xffff;
        call.al = this.bda.read8(BDA.MIDNIGHT);
        this.bda.write8(BDA.MIDNIGHT, 0);
        return;
      }
      case 0x01:
        this.bda.write32(BDA.TICKS, ((call.cx << 16) | call.dx) >>> 0);
        this.bda.write8(BDA.MIDNIGHT, 0);
        return;
      case 0x02: {
        if (!this.#rtcReady()) return call.status(call.ah);
        call.ch = this.#rtcBcd(RTC_HOURS);
        call.cl = this.#rtcBcd(RTC_MINUTES);
        call.dh = this.#rtcBcd(RTC_SECONDS);
        call.dl = this.#register(RTC_STATUS_B) & STATUS_B_DAYLIGHT_SAVING;
        call.carry = false;
        return;
      }
      case 0x03:
        this.#setRtc([[RTC_HOURS, call.ch], [RTC_MINUTES, call.cl], [RTC_SECONDS, call.dh]], call.dl & STATUS_B_DAYLIGHT_SAVING);
        call.carry = false;
        return;
      case 0x05:
        this.#setRtc([[RTC_CENTURY, call.ch], [RTC_YEAR, call.cl], [RTC_MONTH, call.dh], [RTC_DAY, call.dl]]);
        call.carry = false;
        return;
      case 0x04: {
        if (!this.#rtcReady()) return call.status(call.ah);
        call.ch = this.#rtcBcd(RTC_CENTURY);
        call.cl = this.#rtcBcd(RTC_YEAR);
        call.dh = this.#rtcBcd(RTC_MONTH);
        call.dl = this.#rtcBcd(RTC_DAY);
        call.carry = false;
        return;
      }
      default:
        call.carry = true;
    }
  }

  #register(index: number): number {
    this.io.write(CMOS_INDEX, 1, NMI_ENABLED | index);
    return this.io.read(CMOS_DATA, 1);
  }

  #writeRegister(index: number, value: number): void {
    this.io.write(CMOS_INDEX, 1, NMI_ENABLED | index);
    this.io.write(CMOS_DATA, 1, value & 0xff);
  }

  /**
   * Writes BCD fields into the RTC, converted to its data mode and hour format, with
   * SET held so no update runs between them; `dse` (0 or 1), when given, becomes
   * register B's daylight saving bit.
   */
  #setRtc(fields: readonly (readonly [index: number, bcd: number])[], dse?: number): void {
    const status = this.#register(RTC_STATUS_B);
    this.#writeRegister(RTC_STATUS_B, status | STATUS_B_SET);
    for (const [index, bcd] of fields) this.#writeRegister(index, this.#toRtcFormat(index, bcd, status));
    const dseBit = dse === undefined ? status & STATUS_B_DAYLIGHT_SAVING : dse;
    this.#writeRegister(RTC_STATUS_B, (status & ~(STATUS_B_SET | STATUS_B_DAYLIGHT_SAVING)) | dseBit);
  }

  /** A BCD value from the guest in the RTC's format (status B): binary or BCD; hours in 12-hour form with bit 7 = PM. */
  #toRtcFormat(index: number, bcd: number, status: number): number {
    const binary = (status & STATUS_B_BINARY) !== 0;
    if (index !== RTC_HOURS || (status & STATUS_B_24_HOUR)) return binary ? fromBcd(bcd) : bcd;
    const hours = fromBcd(bcd) % 24;
    const hour12 = hours % 12 === 0 ? 12 : hours % 12;
    return (binary ? hour12 : toBcd(hour12)) | (hours >= 12 ? 0x80 : 0);
  }

  /**
   * The IBM BIOS waits out an update in progress (UIP warns 244 µs ahead of an update
   * on the MC146818; tinyvm's RTC raises it for the last millisecond of each second).
   * Wait by the clock, not by a count of reads, so a fast host cannot give up early;
   * report failure only if UIP is stuck past RTC_READY_TIMEOUT_MS.
   */
  #rtcReady(): boolean {
    const giveUpAt = performance.now() + RTC_READY_TIMEOUT_MS;
    do {
      if ((this.#register(RTC_STATUS_A) & STATUS_A_UPDATE_IN_PROGRESS) === 0) return true;
    } while (performance.now() < giveUpAt);
    return false;
  }

  /** A field in BCD whatever the RTC's data mode (status B bit 2), hours in 24-hour form. */
  #rtcBcd(index: number): number {
    const value = this.#register(index);
    const status = this.#register(RTC_STATUS_B);
    let binary = value;
    if (index === RTC_HOURS) {
      const pm = (value & 0x80) !== 0;
      binary = (status & STATUS_B_BINARY) ? value & 0x7f : fromBcd(value & 0x7f);
      if (!(status & STATUS_B_24_HOUR)) binary = (binary % 12) + (pm ? 12 : 0);
    } else if (!(status & STATUS_B_BINARY)) {
      return value;
    }
    return toBcd(binary);
  }

  /** A field as a number. */
  #rtc(index: number): number {
    return fromBcd(this.#rtcBcd(index));
  }
}

function toBcd(value: number): number {
  return ((Math.floor(value / 10) % 10) << 4) | (value % 10);
}

function fromBcd(value: number): number {
  return (value >> 4) * 10 + (value & 0x0f);
}
