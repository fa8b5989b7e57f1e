import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the public API (change this list on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'DEFAULT_KVM_DEVICE', 'DEFAULT_MEM', 'DEFAULT_TIMEOUT_MS', 'EXIT_STATUS', 'HIGH_MEMORY_START', 'ImageFileError',
    'LEGACY_HOLE_START', 'MAIN_HELP', 'MAX_MEM_BYTES', 'RUN_HELP', 'UsageError', 'main', 'openBackend',
    'parseCommandLine', 'planLoad', 'ramLayout', 'runGuest', 'version',
  ]);
});
