import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'A20Gate', 'DEBUG_CONSOLE_PORT', 'DEBUG_CONSOLE_READBACK', 'DEFAULT_PORT_A', 'DEFAULT_POST_CODE', 'DebugConsole',
    'PORT_A_A20_BIT', 'PORT_A_FAST_RESET_BIT', 'PORT_A_PASSWORD_LOCK_BIT', 'POST_CODE_PORT', 'POST_HISTORY_LIMIT',
    'PostCodePort', 'SYSTEM_CONTROL_A_PORT', 'SystemControlA',
  ]);
});
