/**
 * --trace exits|io|int: one line per event, as it happens, to a file
 * (--trace-file) or stderr. `exits` is every exit the backend returned (the
 * interpreter serves MMIO to RAM-less devices inline: those are not exits and
 * are traced as the exits KVM would make, see bus-observer.ts); `io` is every
 * port access (a REP batch access by access) with the value written or read;
 * `int` is the interrupts the machine injects
 * (interrupt-trace.ts: the flat machine has no interrupt sources; a guest's
 * own INT n never leaves the CPU).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { describeExit, type ExitReason } from '@tinyvm/core';
import { UsageError } from './errors.js';

export type TraceKind = 'exits' | 'io' | 'int';
export const TRACE_KINDS: readonly TraceKind[] = ['exits', 'io', 'int'];

export interface TraceWriter {
  /** Writes `N TIMEms what`: N numbers the lines, TIME is since the trace opened. */
  event(what: string): void;
  close(): void;
}

/**
 * Appends lines to the file synchronously (a trace must survive a crash of the
 * VMM), or to stderr through its stream (stderr may be a non-blocking pipe,
 * where a raw writeSync fails with EAGAIN; Node's stream handles that).
 */
export function openTraceWriter(path: string | undefined): TraceWriter {
  const start = performance.now();
  let lines = 0;
  const format = (what: string): string => `${++lines} ${(performance.now() - start).toFixed(3)}ms ${what}\n`;
  if (path === undefined) {
    return { event: (what) => void process.stderr.write(format(what)), close: () => {} };
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (error as Error).message;
    throw new UsageError(`--trace-file: cannot write "${path}": ${reason}`);
  }
  let open = true;
  return {
    event(what) {
      if (open) writeSync(fd, format(what));
    },
    close() {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}

/** The data of a port or MMIO exit as little-endian values of its access size. */
function dataValues(data: Uint8Array, size: number, count: number): string {
  const values: string[] = [];
  for (let i = 0; i < count && i < 8; i++) {
    let value = 0;
    for (let b = size - 1; b >= 0; b--) value = value * 256 + (data[i * size + b] ?? 0);
    values.push(`0x${hex(value, size * 2)}`);
  }
  return count > 8 ? `${values.join(' ')} …(${count})` : values.join(' ');
}

/**
 * One trace line for an exit, or undefined when `kinds` does not include it.
 * With 'io' traced, port I/O exits are left to traceIoLine (one line per access, with the value).
 */
export function traceExitLine(exit: ExitReason, kinds: ReadonlySet<TraceKind>): string | undefined {
  if (!kinds.has('exits') || (exit.kind === 'io' && kinds.has('io'))) return undefined;
  if (exit.kind === 'io') {
    // An IN exit is traced before it is answered: its data is not there yet (--trace io shows it).
    const data = exit.direction === 'out' ? ` data ${dataValues(exit.data, exit.size, exit.count)}` : '';
    return `io ${exit.direction} port 0x${hex(exit.port, 4)} size ${exit.size}${exit.count > 1 ? ` count ${exit.count}` : ''}${data}`;
  }
  if (exit.kind === 'mmio') {
    const data = exit.write ? ` data ${dataValues(exit.data, exit.size, 1)}` : '';
    return `mmio ${exit.write ? 'write' : 'read'} 0x${hex(exit.address, 8)} size ${exit.size}${data}`;
  }
  return describeExit(exit);
}

/** One --trace io line for a port access: the value written, or the value the device answered. */
export function traceIoLine(write: boolean, port: number, size: number, value: number): string {
  return `io ${write ? 'out' : 'in'} port 0x${hex(port, 4)} size ${size} data 0x${hex(value, size * 2)}`;
}
