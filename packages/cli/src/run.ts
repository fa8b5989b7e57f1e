/**
 * `tinyvm run`: build the machine (backend, RAM, VGA, image, initial CPU state),
 * run it to a stop, report, and release everything whatever happened.
 */
import { loadBootSector, loadRaw, Machine, realModeState, TinyvmError, type VcpuBackend } from '@tinyvm/core';
import { attachVgaText } from '@tinyvm/device-vga';
import type { RunOptions } from './args.js';
import { openBackend as defaultOpenBackend } from './backends.js';
import { describeError, exitStatusForError, exitStatusForStop } from './errors.js';
import { planLoad, ramLayout } from './guest-layout.js';
import { readImage } from './image-file.js';
import { describeStop, emptyOutcome, errorJson, formatJson, formatScreen, formatStats, registersOf } from './report.js';

/** Where output goes; the real streams in bin.ts, strings in tests. */
export interface CliOutput {
  stdout(text: string): void;
  /** One line, without the trailing newline. */
  stderrLine(line: string): void;
}

export interface RunDependencies {
  /** Opens the backend; replaced in plumbing tests. */
  openBackend?: typeof defaultOpenBackend;
}

/** Runs one guest and returns the process exit status. Never throws. */
export async function runGuest(options: RunOptions, out: CliOutput, deps: RunDependencies = {}): Promise<number> {
  const openBackend = deps.openBackend ?? defaultOpenBackend;
  const outcome = emptyOutcome();
  let backend: VcpuBackend | undefined;
  let machine: Machine | undefined;
  try {
    // Everything that can be checked without a backend is checked first.
    const image = readImage(options.image);
    const layout = ramLayout(options.memBytes);
    const plan = planLoad(options, image, layout);

    const opened = await openBackend(options.backend, options.kvmDevice);
    backend = opened.backend;
    outcome.backend = backend.name;
    if (opened.notice) out.stderrLine(`tinyvm: ${opened.notice}`);

    machine = new Machine({ backend });
    for (const spec of layout) machine.addRam(spec);
    const vga = attachVgaText(machine, { trap: options.vgaTrap });
    if (plan.bootSector) loadBootSector(machine.memory, image);
    else loadRaw(machine.memory, image, plan.address);
    backend.setState(realModeState(plan.entry));

    const result = machine.run({ timeoutMs: options.timeoutMs, maxExits: options.maxExits });

    outcome.stop = result.stop;
    outcome.exits = result.exits;
    outcome.screen = vga.text({ trimEnd: true });
    outcome.cursor = vga.cursor;
    outcome.guestMs = result.guestMs;
    outcome.hostMs = result.hostMs;
    if (result.instructions !== undefined) outcome.instructions = result.instructions;
    outcome.registers = registersOf(backend.getState());
    if (result.error) outcome.error = errorJson(result.error);
    else if (result.stop !== 'hlt' && result.stop !== 'timeout' && result.stop !== 'exit-budget') {
      outcome.error = { code: 'unhandled-exit', message: describeStop(result, options) };
    }

    if (options.json) out.stdout(formatJson(outcome));
    else out.stdout(formatScreen(vga, options.screen));
    if (options.stats) for (const line of formatStats(outcome)) out.stderrLine(`tinyvm: ${line}`);
    if (result.stop !== 'hlt') {
      out.stderrLine(`tinyvm: ${describeStop(result, options)}`);
      if (options.debug && result.error?.stack) out.stderrLine(result.error.stack);
    }
    return exitStatusForStop(result.stop);
  } catch (error) {
    outcome.error = error instanceof TinyvmError ? errorJson(error) : { code: 'internal', message: describeError(error) };
    if (options.json) out.stdout(formatJson(outcome));
    out.stderrLine(`tinyvm: ${describeError(error)}`);
    if (options.debug && error instanceof Error && error.stack) out.stderrLine(error.stack);
    return exitStatusForError(error);
  } finally {
    // Machine.dispose releases the backend; the backend alone when the machine was never built.
    // Both are idempotent.
    machine?.dispose();
    backend?.dispose();
  }
}
