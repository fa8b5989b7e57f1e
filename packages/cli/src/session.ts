/**
 * The library face of tinyvm run, for tests and scripts: start a guest, then
 * drive it the way a person would, with promises.
 *
 *   const vm = await startMachine({ image: 'hello.bin', load: 0 });
 *   await vm.waitForScreen(/Hello/);
 *   await vm.keyboard.type('dir{Enter}');
 *   vm.screen.text();
 *   vm.dispose();
 *
 * The guest runs only inside these calls, in short slices with the event loop
 * free between them (so timers, I/O and other promises go on).
 */
import { TinyvmError } from '@tinyvm/core';
import type { BackendChoice } from './args.js';
import { openBackend } from './backends.js';
import { UsageError } from './errors.js';
import { planLoad, ramLayout } from './guest-layout.js';
import { buildFlatMachine, type GuestMachine } from './guest-machine.js';
import { readImage } from './image-file.js';
import { sendStroke, TYPE_INTERVAL_MS } from './keyboard/keyboard-sink.js';
import type { KeyStroke } from './keyboard/key-stroke.js';
import { parseTypeNotation } from './keyboard/type-notation.js';
import { bootsThroughBios, buildPcMachine, type PcRunOptions } from './pc.js';
import { frameText, type ScreenFrame } from './screen/frame.js';
import { writeScreenshot } from './screenshot/png.js';
import { runSliced, type SessionRunResult, type SessionStop } from './sliced-run.js';

export const DEFAULT_WAIT_MS = 10_000;

/** waitForScreen / waitForSerial gave up. */
export class WaitTimeoutError extends TinyvmError {
  constructor(message: string) {
    super('wait-timeout', message);
  }
}

/** The guest stopped (halted, faulted, ...) before what was waited for happened. */
export class GuestStoppedError extends TinyvmError {
  constructor(
    message: string,
    readonly stop: SessionStop,
  ) {
    super('guest-stopped', message);
  }
}

export interface StartOptions {
  /** A file path or the image's bytes. */
  image: string | Uint8Array;
  /** Default 'auto' (KVM when /dev/kvm opens, else the interpreter). */
  backend?: BackendChoice;
  kvmDevice?: string;
  /** Guest RAM in bytes (default 1 MiB). */
  memBytes?: number;
  /**
   * Load the raw image here and run it without the BIOS (a flat image); without
   * load and entry the image is a disk (one boot sector or more) booted through
   * the BIOS on the PC platform.
   */
  load?: number;
  entry?: { cs: number; ip: number };
  vgaTrap?: boolean;
  /** The PC platform's options (as the CLI's --bios, --floppy/--hd, --serial, --debugcon). */
  pc?: PcRunOptions;
}

export interface WaitOptions {
  /** Wall-clock milliseconds (default 10 s). */
  timeoutMs?: number;
}

/**
 * Opens a backend, builds the machine (a PC booting the image through the BIOS, or with
 * load/entry a flat machine) and returns it ready to run (not yet running).
 */
export async function startMachine(options: StartOptions): Promise<LiveMachine> {
  if ((options.load !== undefined || options.entry !== undefined) && (options.pc?.bios || options.pc?.diskKind)) {
    throw new UsageError('pc.bios/pc.diskKind boot a disk through the BIOS; load/entry run a flat image without it: choose one');
  }
  const name = typeof options.image === 'string' ? options.image : '<bytes>';
  const image = typeof options.image === 'string' ? readImage(options.image) : options.image;
  const memBytes = options.memBytes ?? 0x100000;
  const layout = ramLayout(memBytes);
  const viaBios = bootsThroughBios(options);
  const plan = viaBios ? undefined : planLoad({ image: name, memBytes, load: options.load, entry: options.entry }, image, layout);
  const { backend } = await openBackend(options.backend ?? 'auto', options.kvmDevice);
  try {
    return new LiveMachine(viaBios
      ? buildPcMachine(backend, name, image, memBytes, options.pc)
      : buildFlatMachine(backend, { layout, image, plan: plan!, vgaTrap: options.vgaTrap ?? false }));
  } catch (error) {
    backend.dispose();
    throw error;
  }
}

export class LiveMachine {
  /** Why the guest stopped for good (hlt, shutdown, error), once it has. */
  stopped: SessionStop | undefined;
  /** Every run so far, added up. */
  readonly totals = { exits: 0, guestMs: 0, hostMs: 0 };

  readonly screen = {
    /** The text page as 25 rows joined by newlines, the blanks at the end of each row dropped. */
    text: (): string => frameText(this.guest.screen.frame(), { trimEnd: true }).join('\n'),
    rows: (): string[] => frameText(this.guest.screen.frame(), { trimEnd: true }),
    frame: (): ScreenFrame => this.guest.screen.frame(),
    /** A PNG of the screen (text: 720×400, mode 13h: 320×200). */
    screenshot: (path: string): void => writeScreenshot(path, this.guest.screen.frame()),
  };

  readonly keyboard = {
    /** Types the --type notation ('dir{Enter}', '{Ctrl-C}'), running the guest between strokes. */
    type: async (notation: string): Promise<void> => this.#typeStrokes(parseTypeNotation(notation)),
    /** One stroke: a key name with modifiers. */
    press: async (stroke: KeyStroke): Promise<void> => this.#typeStrokes([stroke]),
  };

  readonly serial = {
    text: (): string => this.guest.serial?.text() ?? '',
  };

  constructor(readonly guest: GuestMachine) {}

  /** Runs the guest until it stops or `timeoutMs` passes (default: until it stops). */
  async run(options: { timeoutMs?: number } = {}): Promise<SessionRunResult> {
    return this.#run({ timeoutMs: options.timeoutMs });
  }

  /** Runs until the screen text matches; returns the match. */
  async waitForScreen(pattern: RegExp, options: WaitOptions = {}): Promise<RegExpExecArray> {
    return this.#waitFor('screen', pattern, () => this.screen.text(), options);
  }

  /** Runs until the serial output matches; returns the match. */
  async waitForSerial(pattern: RegExp, options: WaitOptions = {}): Promise<RegExpExecArray> {
    return this.#waitFor('serial output', pattern, () => this.serial.text(), options);
  }

  dispose(): void {
    this.guest.machine.dispose();
  }

  async #waitFor(what: string, pattern: RegExp, read: () => string, options: WaitOptions): Promise<RegExpExecArray> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    let match = pattern.exec(read());
    if (match) return match;
    if (this.stopped === undefined) {
      const result = await this.#run({
        timeoutMs,
        check: () => ((match = pattern.exec(read())) ? 'screen-match' : undefined),
      });
      match ??= pattern.exec(read());
      if (match) return match;
      if (result.stop === 'timeout') {
        throw new WaitTimeoutError(`the ${what} did not match ${pattern} within ${timeoutMs} ms; it shows:\n${read()}`);
      }
    }
    throw new GuestStoppedError(`the guest stopped (${this.stopped}) before the ${what} matched ${pattern}; it shows:\n${read()}`, this.stopped!);
  }

  async #typeStrokes(strokes: readonly KeyStroke[]): Promise<void> {
    const keyboard = this.guest.keyboard;
    if (!keyboard) throw new TinyvmError('no-keyboard', 'this machine has no keyboard');
    for (const stroke of strokes) {
      sendStroke(keyboard, stroke);
      if (this.stopped === undefined) await this.#run({ timeoutMs: TYPE_INTERVAL_MS });
    }
  }

  async #run(limits: Parameters<typeof runSliced>[1]): Promise<SessionRunResult> {
    const result = await runSliced(this.guest, limits);
    this.totals.exits += result.exits.total;
    this.totals.guestMs += result.guestMs;
    this.totals.hostMs += result.hostMs;
    const ongoing: readonly SessionStop[] = ['timeout', 'screen-match', 'serial-match', 'predicate', 'exit-budget', 'quit'];
    if (!ongoing.includes(result.stop)) this.stopped = result.stop;
    return result;
  }
}
