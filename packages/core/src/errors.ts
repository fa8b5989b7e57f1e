/**
 * Errors raised by tinyvm. Each condition is its own class with a stable `code`
 * string (for scripts and tests) and a `name`; the underlying `cause` is kept.
 * A CLI prints `message` as one line; a stack trace only with --debug.
 */
export class TinyvmError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Bus range registration or lookup failed. */
export type BusErrorCode = 'overlap' | 'invalid-range' | 'device-not-found' | 'invalid-access-length';

export class BusError extends TinyvmError {
  constructor(code: BusErrorCode, message: string) {
    super(code, message);
  }
}

/** Guest memory layout was rejected (overlap, misalignment, out of range). */
export class MemoryLayoutError extends TinyvmError {
  constructor(message: string) {
    super('memory-layout', message);
  }
}

/** An image could not be loaded (empty, too large, no boot signature, ...). */
export class ImageError extends TinyvmError {
  constructor(code: 'image-empty' | 'image-too-large' | 'image-no-signature' | 'image-bad-size', message: string) {
    super(code, message);
  }
}

/** The backend returned an exit that the machine does not know how to handle. */
export class UnhandledExitError extends TinyvmError {
  constructor(message: string) {
    super('unhandled-exit', message);
  }
}

/** The backend could not be created or failed underneath (ioctl error, missing device). */
export class BackendError extends TinyvmError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
