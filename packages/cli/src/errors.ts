/**
 * What can go wrong in `tinyvm run`, and the exit status each condition gives.
 * Scripts rely on these numbers: they are listed in `tinyvm run --help` and
 * change only on purpose.
 */
import { BackendError, ImageError, MemoryLayoutError, TinyvmError } from '@tinyvm/core';
import { FallbackError } from '@tinyvm/fallback';
import { ScreenshotError } from './screenshot/png.js';
import type { SessionStop } from './sliced-run.js';

export const EXIT_STATUS = {
  /** The guest halted (HLT), the screen or serial output matched (--until-screen/--until-serial), or you quit (Ctrl-A X). */
  ok: 0,
  /** A bug in tinyvm: an exception nobody expected. */
  internal: 1,
  /** Bad command line. */
  usage: 2,
  /** The image could not be read or does not fit the guest. */
  image: 3,
  /** The requested backend cannot run here (no /dev/kvm, ...). */
  backend: 4,
  /** The guest shut the CPU down (triple fault). */
  shutdown: 5,
  /** The guest was still running at --timeout (or had not matched --until-screen/--until-serial by then). */
  timeout: 6,
  /** The guest reached --max-exits. */
  exitBudget: 7,
  /** The guest made an exit the VMM does not handle (or the hypervisor gave up on it). */
  unhandledExit: 8,
} as const;

/** Lines for --help: status, meaning. */
export const EXIT_STATUS_HELP: ReadonlyArray<readonly [number, string]> = [
  [EXIT_STATUS.ok, 'the guest halted (HLT), --until-screen/--until-serial matched, or you quit (Ctrl-A X)'],
  [EXIT_STATUS.internal, 'internal error in tinyvm (rerun with --debug for a stack trace)'],
  [EXIT_STATUS.usage, 'bad command line (also: --screenshot or --trace-file cannot be written)'],
  [EXIT_STATUS.image, 'the image cannot be read or does not fit in guest memory'],
  [EXIT_STATUS.backend, 'the backend is not available (e.g. /dev/kvm missing or not openable)'],
  [EXIT_STATUS.shutdown, 'the guest shut the CPU down (triple fault)'],
  [EXIT_STATUS.timeout, 'the guest was still running at --timeout (and --until-* had not matched)'],
  [EXIT_STATUS.exitBudget, 'the guest reached --max-exits'],
  [EXIT_STATUS.unhandledExit, 'the guest made an exit the VMM does not handle'],
];

/** The command line is wrong; the message names the flag. */
export class UsageError extends TinyvmError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** The image file itself is missing, a directory or unreadable (its contents are core's ImageError). */
export class ImageFileError extends TinyvmError {
  constructor(code: 'image-not-found' | 'image-not-a-file' | 'image-unreadable', message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Exit status for a thrown error. */
export function exitStatusForError(error: unknown): number {
  if (error instanceof UsageError || error instanceof ScreenshotError) return EXIT_STATUS.usage;
  if (error instanceof ImageFileError || error instanceof ImageError || error instanceof MemoryLayoutError) return EXIT_STATUS.image;
  if (error instanceof BackendError) return EXIT_STATUS.backend;
  // KVM could not emulate an instruction and the interpreter could not stand in (x87, ...).
  if (error instanceof FallbackError) return EXIT_STATUS.unhandledExit;
  return EXIT_STATUS.internal;
}

/** Exit status for the reason the machine stopped. */
export function exitStatusForStop(stop: SessionStop): number {
  switch (stop) {
    case 'hlt':
    case 'screen-match':
    case 'serial-match':
    case 'quit':
      return EXIT_STATUS.ok;
    case 'shutdown':
      return EXIT_STATUS.shutdown;
    case 'timeout':
      return EXIT_STATUS.timeout;
    case 'exit-budget':
      return EXIT_STATUS.exitBudget;
    default:
      // 'error', 'debug' (a debug exit nobody asked for), 'predicate' (the CLI sets none).
      return EXIT_STATUS.unhandledExit;
  }
}

/** One line for the user: the message, and for unexpected errors a pointer to --debug. */
export function describeError(error: unknown): string {
  if (error instanceof TinyvmError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.split('\n')[0]} (rerun with --debug for a stack trace)`;
}
