/**
 * How the BIOS reaches devices: port reads and writes on the machine's I/O bus,
 * exactly as guest code would make them, so the device models stay the only
 * place device behaviour lives.
 */
export interface PortIo {
  read(port: number, size: 1 | 2 | 4): number;
  write(port: number, size: 1 | 2 | 4, value: number): void;
}

/** 8259A non-specific end of interrupt (OCW2 = 20h) to the master, and for IRQ 8-15 the slave first. */
export const PIC_MASTER_COMMAND = 0x20;
export const PIC_SLAVE_COMMAND = 0xa0;
export const OCW2_NON_SPECIFIC_EOI = 0x20;

export function endOfInterrupt(io: PortIo, irq: number): void {
  if (irq >= 8) io.write(PIC_SLAVE_COMMAND, 1, OCW2_NON_SPECIFIC_EOI);
  io.write(PIC_MASTER_COMMAND, 1, OCW2_NON_SPECIFIC_EOI);
}
