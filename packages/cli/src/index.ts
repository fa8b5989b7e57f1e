// Running the command in-process
export { main, version } from './main.js';
export { runGuest } from './run.js';
export type { CliOutput, RunDependencies } from './run.js';

// Driving a guest from a script or a test
export { startMachine, LiveMachine, WaitTimeoutError, GuestStoppedError, DEFAULT_WAIT_MS } from './session.js';
export type { StartOptions, WaitOptions } from './session.js';
export { runSliced, DEFAULT_SLICE_MS } from './sliced-run.js';
export type { SessionStop, SessionRunResult, SlicedRunLimits } from './sliced-run.js';
export { buildFlatMachine } from './guest-machine.js';
export type { GuestMachine, SerialTap, FlatMachineSpec } from './guest-machine.js';
export type { PcRunOptions } from './pc.js';

// Screens, keys and screenshots
export { textFrameOf, textScreenSource, frameText, dacToRgb, TEXT_PALETTE } from './screen/frame.js';
export type { ScreenFrame, TextFrame, GraphicsFrame, ScreenSource } from './screen/frame.js';
export { sendStroke, scancodeKeyboard, TYPE_INTERVAL_MS } from './keyboard/keyboard-sink.js';
export type { KeyboardSink } from './keyboard/keyboard-sink.js';
export type { KeyStroke } from './keyboard/key-stroke.js';
export { parseTypeNotation } from './keyboard/type-notation.js';
export { decodeTerminalInput } from './terminal/key-decoder.js';
export { writeScreenshot, encodePng, ScreenshotError } from './screenshot/png.js';
export { rasterize } from './screenshot/rasterize.js';
export type { RgbaImage } from './screenshot/rasterize.js';

// Command line
export { parseCommandLine, MAIN_HELP, RUN_HELP, DEFAULT_MEM, DEFAULT_TIMEOUT_MS, MAX_MEM_BYTES } from './args.js';
export type { Command, RunOptions, BackendChoice, ScreenFormat, DisplayChoice } from './args.js';

// Backends and layout
export { openBackend, DEFAULT_KVM_DEVICE } from './backends.js';
export type { OpenedBackend } from './backends.js';
export { ramLayout, planLoad, LEGACY_HOLE_START, HIGH_MEMORY_START } from './guest-layout.js';
export type { LoadPlan } from './guest-layout.js';

// Exit status and errors
export { EXIT_STATUS, UsageError, ImageFileError } from './errors.js';

// Output
export type { Outcome } from './report.js';
