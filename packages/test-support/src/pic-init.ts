/**
 * The initialisation a PC BIOS gives the two 8259As: ICW1-ICW4 to the master
 * at 0x20/0x21 and the slave at 0xA0/0xA1, cascaded on IR2, vectors 0x08 and
 * 0x70 (IBM PC AT Technical Reference BIOS listing; Intel 8259A datasheet,
 * "Initialization Command Words").
 */
export interface PicInitOptions {
  /** ICW2 of the master: vector of IRQ 0. */
  masterBase?: number;
  /** ICW2 of the slave: vector of IRQ 8. */
  slaveBase?: number;
  /** ICW4 of both: 0x01 is 8086 mode, normal EOI. */
  icw4?: number;
}

/** Writes the BIOS's ICW sequence through `out(port, value)`. */
export function initPicsAsBios(out: (port: number, value: number) => void, options: PicInitOptions = {}): void {
  const { masterBase = 0x08, slaveBase = 0x70, icw4 = 0x01 } = options;
  out(0x20, 0x11); // ICW1: edge, cascade, ICW4 needed
  out(0x21, masterBase); // ICW2
  out(0x21, 0x04); // ICW3: slave on IR2
  out(0x21, icw4); // ICW4
  out(0xa0, 0x11);
  out(0xa1, slaveBase);
  out(0xa1, 0x02); // ICW3: slave id 2
  out(0xa1, icw4);
}
