import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the public API (change this list on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'DEFAULT_KVM_DEVICE', 'DEFAULT_MEM', 'DEFAULT_SLICE_MS', 'DEFAULT_TIMEOUT_MS', 'DEFAULT_WAIT_MS', 'EXIT_STATUS',
    'GuestStoppedError', 'HIGH_MEMORY_START', 'ImageFileError', 'LEGACY_HOLE_START', 'LiveMachine', 'MAIN_HELP',
    'MAX_MEM_BYTES', 'RUN_HELP', 'ScreenshotError', 'TEXT_PALETTE', 'TYPE_INTERVAL_MS', 'UsageError', 'WaitTimeoutError',
    'buildFlatMachine', 'dacToRgb', 'decodeTerminalInput', 'encodePng', 'frameText', 'main', 'openBackend',
    'parseCommandLine', 'parseTypeNotation', 'planLoad', 'ramLayout', 'rasterize', 'runGuest', 'runSliced',
    'scancodeKeyboard', 'sendStroke', 'startMachine', 'textFrameOf', 'textScreenSource', 'version', 'writeScreenshot',
  ]);
});
