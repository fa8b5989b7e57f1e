import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names (change on purpose only)', () => {
  expect(Object.keys(api).sort()).toEqual([
    'CASCADE_IRQ', 'ELCR_BASE', 'ELCR_MASTER_WRITABLE', 'ELCR_PORT_COUNT', 'ELCR_SLAVE_WRITABLE', 'InvalidIrqError',
    'PIC_MASTER_BASE', 'PIC_PORT_COUNT', 'PIC_SLAVE_BASE', 'PicChip', 'PicPair',
    'REDIRECTED_IRQ2', 'SPURIOUS_IRQ', 'attachPicPair', 'defaultPicChipState',
  ]);
});
