/**
 * Watching a bus: every read (with the value the device answered) and every
 * write, whoever makes it. Used for tracing and stats only (a call per access):
 *
 * - The interpreter serves MMIO to devices inside run() instead of returning
 *   an exit (BackendStats.inlineExits), where KVM makes MMIO exits; handing
 *   each access on as the exit KVM would have made lets --trace exits and the
 *   --stats histogram see the same events on both backends.
 * - --trace io shows each port access with its value, the value read included
 *   (an exit is traced before it is answered, so it cannot show that).
 */
import type { Bus, ExitReason, MmioExit } from '@tinyvm/core';

export type BusAccess = (write: boolean, address: number, size: number, value: number) => void;

/** Calls `observe` for every access on `bus` (reads after the device answered); returns a function that stops it. */
export function observeBus(bus: Bus, observe: BusAccess): () => void {
  const read = bus.read;
  const write = bus.write;
  bus.read = function (this: Bus, address, size) {
    const value = read.call(this, address, size);
    observe(false, address, size, value);
    return value;
  };
  bus.write = function (this: Bus, address, size, value) {
    observe(true, address, size, value);
    write.call(this, address, size, value);
  };
  return () => {
    bus.read = read;
    bus.write = write;
  };
}

/** Hands each access the backend makes on its MMIO bus to `observe` as an MMIO exit (one object, reused). */
export function observeInlineMmio(bus: Bus, observe: (exit: ExitReason) => void): () => void {
  const exit = { kind: 'mmio' as const, address: 0, size: 1, write: false, data: new Uint8Array(8) };
  return observeBus(bus, (write, address, size, value) => {
    exit.address = address;
    exit.size = size;
    exit.write = write;
    for (let i = 0; i < size; i++) exit.data[i] = Math.floor(value / 256 ** i) & 0xff;
    observe(exit as MmioExit);
  });
}
