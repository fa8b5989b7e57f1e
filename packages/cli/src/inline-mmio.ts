/**
 * The interpreter serves MMIO to devices inside run() instead of returning an
 * exit (BackendStats.inlineExits); on KVM the same accesses are MMIO exits. So
 * that --trace exits and the --stats histogram see the same events on both,
 * the MMIO bus of such a backend is watched: each access is handed on as the
 * exit KVM would have made. Only for tracing and stats: it costs a call per
 * access.
 */
import type { Bus, ExitReason, MmioExit } from '@tinyvm/core';

/** Calls `observe` for every access the backend makes on `bus` itself; returns a function that stops it. */
export function observeInlineMmio(bus: Bus, observe: (exit: ExitReason) => void): () => void {
  const read = bus.read;
  const write = bus.write;
  const exit = { kind: 'mmio' as const, address: 0, size: 1, write: false, data: new Uint8Array(8) };
  const report = (address: number, size: number, isWrite: boolean, value: number): void => {
    exit.address = address;
    exit.size = size;
    exit.write = isWrite;
    for (let i = 0; i < size; i++) exit.data[i] = Math.floor(value / 256 ** i) & 0xff;
    observe(exit as MmioExit);
  };
  bus.read = function (this: Bus, address, size) {
    const value = read.call(this, address, size);
    report(address, size, false, value);
    return value;
  };
  bus.write = function (this: Bus, address, size, value) {
    report(address, size, true, value);
    write.call(this, address, size, value);
  };
  return () => {
    bus.read = read;
    bus.write = write;
  };
}
