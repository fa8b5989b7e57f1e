/**
 * --trace exits|io|int: one line per event, as it happens, to a file
 * (--trace-file) or stderr. `exits` is every exit the backend returned (the
 * interpreter serves MMIO to RAM-less devices inline: those are not exits and
 * are traced as the exits KVM would make, see inline-mmio.ts); `io` is port
 * I/O only, with the data; `int` is the interrupts the machine injects
 * (interrupt-trace.ts: the flat machine has no interrupt sources; a guest's
 * own INT n never leaves the CPU).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { describeExit, type ExitReason } from '@tinyvm/core';
import { UsageError } from './errors.js';

export type TraceKind = 'exits' | 'io' | 'int';
export const TRACE_KINDS: readonly TraceKind[] = ['exits', 'io', 'int'];

export interface TraceWriter {
  line(text: string): void;
  close(): void;
}

/**
 * Appends lines to the file synchronously (a trace must survive a crash of the
 * VMM), or to stderr through its stream (stderr may be a non-blocking pipe,
 * where a raw writeSync fails with EAGAIN; Node's stream handles that).
 */
export function openTraceWriter(path: string | undefined): TraceWriter {
  if (path === undefined) {
    return { line: (text) => void process.stderr.write(`${text}\n`), close: () => {} };
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
    line(text) {
      if (open) writeSync(fd, `${text}\n`);
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

/** One trace line for an exit, or undefined when `kinds` does not include it. */
export function traceExitLine(exit: ExitReason, kinds: ReadonlySet<TraceKind>, sequence: number, elapsedMs: number): string | undefined {
  const isIo = exit.kind === 'io';
  if (!kinds.has('exits') && !(isIo && kinds.has('io'))) return undefined;
  const prefix = `${sequence} ${elapsedMs.toFixed(3)}ms`;
  if (exit.kind === 'io') {
    // For IN the data is not there yet when the exit is traced (it is filled by the dispatch).
    const data = exit.direction === 'out' ? ` data ${dataValues(exit.data, exit.size, exit.count)}` : '';
    return `${prefix} io ${exit.direction} port 0x${hex(exit.port, 4)} size ${exit.size}${exit.count > 1 ? ` count ${exit.count}` : ''}${data}`;
  }
  if (exit.kind === 'mmio') {
    const data = exit.write ? ` data ${dataValues(exit.data, exit.size, 1)}` : '';
    return `${prefix} mmio ${exit.write ? 'write' : 'read'} 0x${hex(exit.address, 8)} size ${exit.size}${data}`;
  }
  return `${prefix} ${describeExit(exit)}`;
}
