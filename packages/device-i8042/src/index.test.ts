import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'BREAK_BIT', 'COMMAND_BYTE_KBD_DISABLED_BIT', 'COMMAND_BYTE_KBD_INTERRUPT_BIT', 'COMMAND_BYTE_TRANSLATE_BIT',
    'DEFAULT_COMMAND_BYTE', 'DEFAULT_OUTPUT_PORT', 'EXTENDED_PREFIX', 'I8042', 'I8042_COMMAND_PORT', 'I8042_DATA_PORT',
    'KBD_REPLY_ACK', 'KBD_REPLY_BAT_OK', 'KBD_REPLY_ECHO', 'KBD_REPLY_RESEND',
    'MOUSE_ID_FIVE_BUTTONS', 'MOUSE_ID_STANDARD', 'MOUSE_ID_WHEEL', 'OUTPUT_PORT_A20_BIT', 'OUTPUT_PORT_RESET_BIT',
    'Ps2Keyboard', 'Ps2Mouse', 'SET2_BREAK_PREFIX', 'STATUS_LAST_WAS_COMMAND_BIT', 'STATUS_NOT_INHIBITED_BIT', 'STATUS_OUTPUT_FULL_BIT', 'STATUS_SYSTEM_FLAG_BIT',
    'UnknownKeyError', 'attachI8042', 'keyNames', 'scancodesFor', 'set1ToSet2', 'textToScancodes', 'translateSet2Byte',
  ]);
});
