// The PC's interrupt controller pair (8259A master + slave) and the ELCR
export {
  PicPair, attachPicPair, InvalidIrqError,
  PIC_MASTER_BASE, PIC_SLAVE_BASE, PIC_PORT_COUNT, ELCR_BASE, ELCR_PORT_COUNT,
  CASCADE_IRQ, REDIRECTED_IRQ2, SPURIOUS_IRQ, ELCR_MASTER_WRITABLE, ELCR_SLAVE_WRITABLE,
} from './pic-pair.js';
export type { IrqLine, PicPairState, PicPairOptions, IoRegistrar } from './pic-pair.js';

// One 8259A chip: its logic, state and register bits
export { PicChip, defaultPicChipState } from './pic-chip.js';
export type { PicChipState, PicChipCounters } from './pic-chip.js';
