/**
 * The MC146818's date and time registers as bytes: BCD or binary (register B
 * DM bit), 24- or 12-hour (register B 24/12 bit, PM in hour bit 7).
 * Datasheet: Motorola MC146818A, "Time, Calendar and Alarm Locations", table 3.
 */

export function toBcd(value: number): number {
  return ((Math.floor(value / 10) % 10) << 4) | (value % 10);
}

/** BCD to a number; nibbles above 9 (guest garbage) count at their binary value. */
export function fromBcd(value: number): number {
  return (value >> 4) * 10 + (value & 0x0f);
}

export const HOUR_PM_BIT = 0b1000_0000;

export interface RtcFormat {
  binary: boolean;
  twentyFourHour: boolean;
}

export function encodeField(value: number, format: RtcFormat): number {
  return format.binary ? value & 0xff : toBcd(value);
}

export function decodeField(byte: number, format: RtcFormat): number {
  return format.binary ? byte : fromBcd(byte);
}

/** Hour 0-23 as the register shows it. */
export function encodeHour(hour: number, format: RtcFormat): number {
  if (format.twentyFourHour) return encodeField(hour, format);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return encodeField(h12, format) | (hour >= 12 ? HOUR_PM_BIT : 0);
}

/** The register's hour byte as 0-23. */
export function decodeHour(byte: number, format: RtcFormat): number {
  if (format.twentyFourHour) return decodeField(byte, format);
  const h12 = decodeField(byte & ~HOUR_PM_BIT, format) % 12;
  return h12 + (byte & HOUR_PM_BIT ? 12 : 0);
}
