/**
 * Puts the terminal into the state the live display needs (raw input, the
 * alternate screen, cursor hidden) and guarantees it is put back: on a normal
 * stop, on an exception thrown through the run (try/finally in the caller), on
 * process exit, on an uncaught exception and on SIGTERM/SIGHUP/SIGINT (raw
 * mode turns Ctrl-C into a key, but `kill -INT` still comes). Restoring is
 * idempotent and synchronous (TTY writes are synchronous in Node on POSIX).
 */
import type { ReadStream, WriteStream } from 'node:tty';

const ENTER = '\x1b[?1049h\x1b[H\x1b[2J\x1b[?25l';
/** Reset colours, the terminal's default cursor shape (DECSCUSR 0), show the cursor, leave the alternate screen. */
const LEAVE = '\x1b[0m\x1b[0 q\x1b[?25h\x1b[?1049l';

/** Signals that would end the process without an 'exit' event, and their numbers (for the 128+N status). */
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
const SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM'] as const;

export class TerminalMode {
  #active = false;
  readonly #onExit = (): void => this.restore();
  readonly #onUncaught = (error: unknown): void => {
    this.restore();
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tinyvm: internal error: ${message.split('\n')[0]} (rerun with --debug for a stack trace)\n`);
    process.exit(1);
  };
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    this.restore();
    process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 15));
  };

  /** Without an input terminal (stdin piped), only the screen is taken over. */
  constructor(
    readonly input: ReadStream | undefined,
    readonly output: WriteStream,
  ) {}

  get active(): boolean {
    return this.#active;
  }

  enter(): void {
    if (this.#active) return;
    this.#active = true;
    process.on('exit', this.#onExit);
    process.on('uncaughtException', this.#onUncaught);
    for (const signal of SIGNALS) process.on(signal, this.#onSignal);
    this.input?.setRawMode(true);
    this.input?.resume();
    this.output.write(ENTER);
  }

  restore(): void {
    if (!this.#active) return;
    this.#active = false;
    try {
      this.output.write(LEAVE);
      this.input?.setRawMode(false);
      this.input?.pause();
    } finally {
      process.off('exit', this.#onExit);
      process.off('uncaughtException', this.#onUncaught);
      for (const signal of SIGNALS) process.off(signal, this.#onSignal);
    }
  }
}
