/**
 * Why the interpreter could not stand in for KVM on one instruction. The guest
 * cannot continue correctly, so the machine's run stops with this error (one
 * line for the user; the KVM exit that started it is in `cause`).
 */
import { TinyvmError } from '@tinyvm/core';

export type FallbackErrorCode =
  /** An x87 instruction: CpuState carries no FPU registers, so the interpreter cannot take over the FPU. */
  | 'fallback-x87'
  /** The interpreter stopped on the instruction too (halt, shutdown, its own internal error). */
  | 'fallback-stopped';

export class FallbackError extends TinyvmError {
  constructor(code: FallbackErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
