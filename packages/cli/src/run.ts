/**
 * `tinyvm run`: build the machine (backend, RAM, VGA, keyboard, image, initial
 * CPU state), run it in slices to a stop (with the live display on a
 * terminal, typed keys, screen/serial matches, tracing), report, and release
 * everything whatever happened, the terminal first.
 */
import { TinyvmError, type VcpuBackend } from '@tinyvm/core';
import type { RunOptions } from './args.js';
import { openBackend as defaultOpenBackend } from './backends.js';
import { describeError, exitStatusForError, exitStatusForStop } from './errors.js';
import { buildFlatMachine, type GuestMachine } from './guest-machine.js';
import { bootsThroughBios, buildPcMachine } from './pc.js';
import { planLoad, ramLayout } from './guest-layout.js';
import { readImage } from './image-file.js';
import { sendStroke, TYPE_INTERVAL_MS } from './keyboard/keyboard-sink.js';
import { describeStop, emptyOutcome, errorJson, formatJson, formatScreen, formatStats, registersOf } from './report.js';
import { attachRunObservers } from './run-observers.js';
import { frameText } from './screen/frame.js';
import { writeScreenshot } from './screenshot/png.js';
import { runSliced, type SessionStop } from './sliced-run.js';
import type { LiveDisplay } from './terminal/live-display.js';
import { startLiveDisplay, type LiveTerminal } from './terminal/live-session.js';
import { openTraceWriter, type TraceWriter } from './trace.js';

/** Where output goes; the real streams in bin.ts, strings in tests. */
export interface CliOutput {
  stdout(text: string): void;
  /** One line, without the trailing newline. */
  stderrLine(line: string): void;
}

export interface RunDependencies {
  /** Opens the backend; replaced in plumbing tests. */
  openBackend?: typeof defaultOpenBackend;
  /** The terminal for the live display (bin.ts passes the process's when stdout is a TTY). */
  terminal?: LiveTerminal;
  /** For NO_COLOR / COLORTERM (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Runs one guest and returns the process exit status. Never throws. */
export async function runGuest(options: RunOptions, out: CliOutput, deps: RunDependencies = {}): Promise<number> {
  const openBackend = deps.openBackend ?? defaultOpenBackend;
  const outcome = emptyOutcome();
  let backend: VcpuBackend | undefined;
  let guest: GuestMachine | undefined;
  let display: LiveDisplay | undefined;
  let trace: TraceWriter | undefined;
  try {
    // Everything that can be checked without a backend is checked first.
    const image = readImage(options.image);
    const layout = ramLayout(options.memBytes);
    // A disk image boots through the BIOS on the PC platform (pc.ts); anything else is loaded flat.
    const viaBios = bootsThroughBios(options);
    const plan = viaBios ? undefined : planLoad(options, image, layout);
    if (options.trace) trace = openTraceWriter(options.traceFile);

    const opened = await openBackend(options.backend, options.kvmDevice);
    backend = opened.backend;
    outcome.backend = backend.name;
    if (opened.notice) out.stderrLine(`tinyvm: ${opened.notice}`);

    // The machine: a GuestMachine (guest-machine.ts). A PC platform that boots disks supplies its own here.
    guest = viaBios
      ? buildPcMachine(backend, options.image, image, options.memBytes, { ...options.pc, fallback: !options.noFallback })
      : buildFlatMachine(backend, { layout, image, plan: plan!, vgaTrap: options.vgaTrap, fallback: !options.noFallback });
    const running = guest;

    const { onExit, histogram } = attachRunObservers(running, backend, options, trace, (line) => out.stderrLine(`tinyvm: ${line}`));

    const pending = [...(options.type ?? [])];
    if (pending.length > 0 && !running.keyboard) out.stderrLine('tinyvm: --type: this machine has no keyboard; the keys are not typed');
    let lastTyped = -Infinity;
    let quit = false;

    const live = options.display !== 'off' && !options.json && deps.terminal !== undefined;
    if (live) display = startLiveDisplay(running, deps.terminal!, deps.env ?? process.env, () => (quit = true));

    const check = (): SessionStop | undefined => {
      if (options.untilScreen && options.untilScreen.test(frameText(running.screen.frame(), { trimEnd: true }).join('\n'))) return 'screen-match';
      if (options.untilSerial && running.serial && options.untilSerial.test(running.serial.text())) return 'serial-match';
      return undefined;
    };
    const runStart = performance.now();
    const result = await runSliced(running, {
      // The live display runs until the guest stops or the user quits, unless --timeout says otherwise.
      timeoutMs: live && !options.timeoutGiven ? undefined : options.timeoutMs,
      maxExits: options.maxExits,
      onExit,
      check: options.untilScreen || options.untilSerial ? check : undefined,
      between: () => {
        const now = performance.now();
        if (pending.length > 0 && running.keyboard && now - lastTyped >= TYPE_INTERVAL_MS) {
          sendStroke(running.keyboard, pending.shift()!);
          lastTyped = now;
        }
        display?.tick();
        return quit ? 'quit' : undefined;
      },
    });
    if (display) {
      display.draw();
      display.stop();
    }

    outcome.stop = result.stop;
    outcome.exits = result.exits;
    // The text page as the display shows it (40 columns in BIOS modes 00h/01h); in mode 13h, the text buffer.
    const finalFrame = guest.screen.frame();
    outcome.screen = finalFrame.kind === 'text' ? frameText(finalFrame, { trimEnd: true }) : guest.vga.text({ trimEnd: true });
    outcome.cursor = finalFrame.kind === 'text' ? finalFrame.cursor : guest.vga.cursor;
    outcome.guestMs = result.guestMs;
    outcome.hostMs = result.hostMs;
    if (result.instructions !== undefined) outcome.instructions = result.instructions;
    if (guest.fallback) outcome.fallbackInstructions = guest.fallback.stats.instructions;
    outcome.registers = registersOf(backend.getState());
    if (result.error) outcome.error = errorJson(result.error);
    else if (exitStatusForStop(result.stop) === exitStatusForStop('error')) {
      outcome.error = { code: 'unhandled-exit', message: describeStop(result, options) };
    }
    if (options.screenshot) writeScreenshot(options.screenshot, guest.screen.frame());

    if (options.json) out.stdout(formatJson(outcome));
    else out.stdout(formatScreen(guest.vga, options.screen, guest.screen.frame()));
    if (options.stats) {
      for (const line of formatStats(outcome, histogram)) out.stderrLine(`tinyvm: ${line}`);
      if (display) {
        const seconds = (performance.now() - runStart) / 1000;
        out.stderrLine(`tinyvm: stats: live display ${display.frames} frames drawn in ${seconds.toFixed(1)} s (${(display.frames / seconds).toFixed(1)} per second, unchanged frames skipped)`);
      }
    }
    if (result.stop !== 'hlt' && result.stop !== 'screen-match' && result.stop !== 'serial-match') {
      out.stderrLine(`tinyvm: ${describeStop(result, options)}`);
      if (options.debug && result.error?.stack) out.stderrLine(result.error.stack);
    }
    return exitStatusForStop(result.stop);
  } catch (error) {
    display?.stop();
    outcome.error = error instanceof TinyvmError ? errorJson(error) : { code: 'internal', message: describeError(error) };
    if (options.json) out.stdout(formatJson(outcome));
    out.stderrLine(`tinyvm: ${describeError(error)}`);
    if (options.debug && error instanceof Error && error.stack) out.stderrLine(error.stack);
    return exitStatusForError(error);
  } finally {
    // The terminal first, so that whatever happens next is readable.
    display?.stop();
    trace?.close();
    // Machine.dispose releases the backend; the backend alone when the machine was never built.
    // Both are idempotent.
    guest?.machine.dispose();
    backend?.dispose();
  }
}
