import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'CONVENTIONAL_BYTES', 'DAC_PORT_BASE', 'DAC_PORT_COUNT', 'DEFAULT_PC_MEMORY',
    'GRAPHICS_BASE', 'GRAPHICS_HEIGHT', 'GRAPHICS_SIZE', 'GRAPHICS_WIDTH', 'HIGH_MEMORY_BASE', 'INPUT_STATUS_PORT',
    'InterruptDelivery', 'MAX_PC_MEMORY', 'Pc', 'PcRunLoop', 'VgaGraphics', 'canInjectInterrupts', 'checkPcMemory',
    'createPc', 'defaultVgaGraphicsState',
  ].sort());
});
