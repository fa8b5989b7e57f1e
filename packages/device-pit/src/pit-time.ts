/**
 * Time for the 8254: the PC feeds every channel's CLK input with the
 * 14.31818 MHz crystal divided by 12, i.e. 1.193182 MHz (IBM PC AT Technical
 * Reference, "System Timers"). The device reads time from a `Clock` passed in,
 * so tests (and a machine that wants guest time to stop while it is paused)
 * can drive it.
 */

/** A monotonic time source in nanoseconds. */
export interface Clock {
  nowNs(): number;
}

export const PIT_FREQUENCY_HZ = 1_193_182;
const NS_PER_SECOND = 1_000_000_000;

/**
 * Whole input clock ticks in `ns` nanoseconds (ns >= 0). Split into seconds
 * and the rest so the products stay exact in a double (< 2^53) for any
 * realistic uptime.
 */
export function ticksFromNs(ns: number): number {
  if (!(ns > 0)) return 0;
  const seconds = Math.floor(ns / NS_PER_SECOND);
  const rest = ns - seconds * NS_PER_SECOND;
  return seconds * PIT_FREQUENCY_HZ + Math.floor((rest * PIT_FREQUENCY_HZ) / NS_PER_SECOND);
}

/** The fewest nanoseconds after which `ticksFromNs` reaches `ticks`. */
export function nsFromTicks(ticks: number): number {
  if (!(ticks > 0)) return 0;
  const seconds = Math.floor(ticks / PIT_FREQUENCY_HZ);
  const rest = ticks - seconds * PIT_FREQUENCY_HZ;
  return seconds * NS_PER_SECOND + Math.ceil((rest * NS_PER_SECOND) / PIT_FREQUENCY_HZ);
}
