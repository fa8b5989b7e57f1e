// The 8042 keyboard controller at 0x60/0x64
export {
  I8042, attachI8042, I8042_DATA_PORT, I8042_COMMAND_PORT,
  STATUS_OUTPUT_FULL_BIT, STATUS_SYSTEM_FLAG_BIT, STATUS_LAST_WAS_COMMAND_BIT, STATUS_NOT_INHIBITED_BIT,
  COMMAND_BYTE_KBD_INTERRUPT_BIT, COMMAND_BYTE_KBD_DISABLED_BIT, COMMAND_BYTE_TRANSLATE_BIT,
  OUTPUT_PORT_RESET_BIT, OUTPUT_PORT_A20_BIT, DEFAULT_COMMAND_BYTE, DEFAULT_OUTPUT_PORT,
} from './i8042.js';
export type { I8042State, I8042Options, I8042Counters, IrqLine, IoRegistrar } from './i8042.js';

// The AT keyboard behind it
export { Ps2Keyboard, KBD_REPLY_ACK, KBD_REPLY_BAT_OK, KBD_REPLY_ECHO, KBD_REPLY_RESEND } from './ps2-keyboard.js';
export type { KeyboardState, KeyboardCounters } from './ps2-keyboard.js';

// The PS/2 mouse on the aux port
export { Ps2Mouse, MOUSE_ID_STANDARD, MOUSE_ID_WHEEL, MOUSE_ID_FIVE_BUTTONS } from './ps2-mouse.js';
export type { MouseButtons, MouseState, MouseCounters } from './ps2-mouse.js';

// The 8042's set 2 -> set 1 translation, and the keyboard's set 1 -> set 2 encoding
export { translateSet2Byte, set1ToSet2, SET2_BREAK_PREFIX } from './translation.js';

// Key names to scan code set 1
export { scancodesFor, textToScancodes, keyNames, UnknownKeyError, EXTENDED_PREFIX, BREAK_BIT } from './scancodes.js';
export type { KeyScancodes } from './scancodes.js';
