// Running what KVM cannot emulate in the interpreter
export { InterpreterFallback, withInterpreterFallback, EMULATION_SUBERROR } from './fallback.js';
export type { FallbackStats, FallbackMachineOptions } from './fallback.js';
export { isX87Instruction } from './x87.js';

// Errors
export { FallbackError } from './errors.js';
export type { FallbackErrorCode } from './errors.js';
