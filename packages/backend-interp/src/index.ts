// The backend
export { InterpBackend, createInterpBackend } from './backend.js';
export type { CpuModel, InterpOptions } from './backend.js';
