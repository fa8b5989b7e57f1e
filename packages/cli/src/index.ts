// Running the command in-process
export { main, version } from './main.js';
export { runGuest } from './run.js';
export type { CliOutput, RunDependencies } from './run.js';

// Command line
export { parseCommandLine, MAIN_HELP, RUN_HELP, DEFAULT_MEM, DEFAULT_TIMEOUT_MS, MAX_MEM_BYTES } from './args.js';
export type { Command, RunOptions, BackendChoice, ScreenFormat } from './args.js';

// Backends and layout
export { openBackend, DEFAULT_KVM_DEVICE } from './backends.js';
export type { OpenedBackend } from './backends.js';
export { ramLayout, planLoad, LEGACY_HOLE_START, HIGH_MEMORY_START } from './guest-layout.js';
export type { LoadPlan } from './guest-layout.js';

// Exit status and errors
export { EXIT_STATUS, UsageError, ImageFileError } from './errors.js';

// Output
export type { Outcome } from './report.js';
