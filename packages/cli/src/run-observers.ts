/**
 * What --trace and --stats attach to a machine before it runs: an exit hook
 * (histogram by kind, port and address; one trace line per exit), the
 * interpreter's inline MMIO seen as the exits KVM would make, every port
 * access with its value (--trace io), and the interrupts injected (--trace int).
 */
import type { ExitReason, VcpuBackend } from '@tinyvm/core';
import type { RunOptions } from './args.js';
import { observeBus, observeInlineMmio } from './bus-observer.js';
import { countExit, emptyHistogram, type ExitHistogram } from './exit-histogram.js';
import type { GuestMachine } from './guest-machine.js';
import { describeVector, observeInterrupts } from './interrupt-trace.js';
import { traceExitLine, traceIoLine, type TraceWriter } from './trace.js';

export interface RunObservers {
  /** For the machine's run loop; undefined when nothing watches exits. */
  onExit?: (exit: ExitReason) => void;
  histogram: ExitHistogram;
}

/** Hooks the machine for `options.stats` and `options.trace`; `warn` gets one-line notices. */
export function attachRunObservers(
  guest: GuestMachine,
  backend: VcpuBackend,
  options: Pick<RunOptions, 'stats' | 'trace'>,
  trace: TraceWriter | undefined,
  warn: (line: string) => void,
): RunObservers {
  const histogram = emptyHistogram();
  const kinds = new Set(options.trace ?? []);
  const onExit = options.stats || trace
    ? (exit: ExitReason): void => {
        if (options.stats) countExit(histogram, exit);
        const line = trace ? traceExitLine(exit, kinds) : undefined;
        if (line !== undefined) trace!.event(line);
      }
    : undefined;

  // The interpreter serves MMIO without exits: watch its bus so traces and stats match KVM's.
  if (onExit && backend.stats?.inlineExits !== undefined) observeInlineMmio(guest.machine.mmio, onExit);
  if (trace && kinds.has('io')) {
    observeBus(guest.machine.io, (write, port, size, value) => trace.event(traceIoLine(write, port, size, value)));
  }
  if (trace && kinds.has('int')) {
    const traced = observeInterrupts(backend, (vector) => trace.event(describeVector(vector)));
    if (!traced) warn(`--trace int: the ${backend.name} backend does not inject interrupts; none will be traced`);
  }
  return { onExit, histogram };
}
