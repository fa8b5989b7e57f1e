// Debug console, port 0xE9
export { DebugConsole, DEBUG_CONSOLE_PORT, DEBUG_CONSOLE_READBACK } from './debug-console.js';
export type { ByteSink, DebugConsoleState } from './debug-console.js';

// POST code port 0x80
export { PostCodePort, POST_CODE_PORT, POST_HISTORY_LIMIT, DEFAULT_POST_CODE } from './post-code.js';
export type { PostCodeState } from './post-code.js';

// System control port A, 0x92 (fast A20, fast reset)
export {
  SystemControlA, SYSTEM_CONTROL_A_PORT, PORT_A_FAST_RESET_BIT, PORT_A_A20_BIT, PORT_A_PASSWORD_LOCK_BIT, DEFAULT_PORT_A,
} from './system-control-a.js';
export type { SystemControlAState, SystemControlAOptions } from './system-control-a.js';

// The A20 gate's two sources combined
export { A20Gate } from './a20-gate.js';
