/**
 * The PC/AT's two cascaded 8259A PICs: the master at ports 0x20-0x21 handles
 * IRQ 0-7, the slave at 0xA0-0xA1 handles IRQ 8-15 and drives the master's
 * input 2. The CPU side is `pendingVector()` (is INTR asserted, and with which
 * vector) and `acknowledge()` (the INTA cycle), plus an optional `intr` line
 * that follows the INTR pin so a machine can kick its vCPU.
 *
 * Datasheet: Intel 8259A (order 231468-003), "Cascade Mode"; the PC/AT wiring
 * (slave on IR2, bus IRQ2 redirected to IRQ9) from the IBM PC AT Technical
 * Reference, "Interrupts"; ELCR from the Intel 82371AB (PIIX4) datasheet 4.1.
 *
 * Not emulated: the 8259A's need to hold an edge request until INTA (a request
 * stays latched once seen), and the IMCR/APIC path (there is no APIC here).
 */
import { byteWideDevice, TinyvmError, type Device } from '@tinyvm/core';
import { PicChip, type PicChipState, PIC_COMMAND_OFFSET, PIC_DATA_OFFSET } from './pic-chip.js';

/** A wire into or out of the PIC: high or low. */
export interface IrqLine {
  set(level: boolean): void;
}

export const PIC_MASTER_BASE = 0x20;
export const PIC_SLAVE_BASE = 0xa0;
export const PIC_PORT_COUNT = 2;
export const ELCR_BASE = 0x4d0;
export const ELCR_PORT_COUNT = 2;

/** The master's input wired to the slave's output. */
export const CASCADE_IRQ = 2;
/** The ISA bus IRQ2 pin is wired to the slave's input 1 on an AT (IRQ 9). */
export const REDIRECTED_IRQ2 = 9;
/** The level an 8259A answers INTA with when the request went away. */
export const SPURIOUS_IRQ = 7;

/**
 * ELCR bits that may be set: IRQ 0, 1, 2, 8 and 13 are always edge-triggered
 * (PIIX4 datasheet, ELCR1/ELCR2 reserved bits).
 */
export const ELCR_MASTER_WRITABLE = 0b1111_1000;
export const ELCR_SLAVE_WRITABLE = 0b1101_1110;

/** A host asked for an IRQ line that does not exist (not guest input: guests cannot reach this). */
export class InvalidIrqError extends TinyvmError {
  constructor(irq: number) {
    super('invalid-irq', `IRQ ${irq} does not exist on the 8259A pair (0-15)`);
  }
}

export interface PicPairState {
  master: PicChipState;
  slave: PicChipState;
}

export interface PicPairOptions {
  /** Follows the CPU's INTR pin: high while `pendingVector()` is defined. */
  intr?: IrqLine;
}

export class PicPair {
  readonly name = 'pic';
  readonly #master: PicChip;
  readonly #slave: PicChip;
  readonly #intr: IrqLine | undefined;
  #intrLevel = false;
  readonly #lines: IrqLine[] = [];

  /** Ports 0x20-0x21. */
  readonly master: Device;
  /** Ports 0xA0-0xA1. */
  readonly slave: Device;
  /** Ports 0x4D0-0x4D1: edge/level control, one bit per IRQ. */
  readonly elcr: Device;

  constructor(options: PicPairOptions = {}) {
    this.#intr = options.intr;
    const update = () => this.#update();
    this.#master = new PicChip(true, update);
    this.#slave = new PicChip(false, update);
    this.master = picPorts('pic-master', this.#master);
    this.slave = picPorts('pic-slave', this.#slave);
    this.elcr = elcrPorts(this.#master, this.#slave, update);
    for (let irq = 0; irq < 16; irq++) {
      const line = irq === CASCADE_IRQ ? REDIRECTED_IRQ2 : irq;
      const chip = line < 8 ? this.#master : this.#slave;
      const input = line & 7;
      this.#lines.push({ set: (level: boolean) => chip.setInput(input, level) });
    }
  }

  /** The line for ISA IRQ `irq` (0-15). IRQ 2 is the AT's redirect to IRQ 9. */
  irqLine(irq: number): IrqLine {
    const line = this.#lines[irq];
    if (line === undefined) throw new InvalidIrqError(irq);
    return line;
  }

  /** The vector the next INTA would return, or undefined while INTR is low. */
  pendingVector(): number | undefined {
    const irq = this.#master.pendingIrq();
    if (irq < 0) return undefined;
    if (irq !== CASCADE_IRQ) return this.#master.state.vectorBase + irq;
    const slaveIrq = this.#slave.pendingIrq();
    return this.#slave.state.vectorBase + (slaveIrq < 0 ? SPURIOUS_IRQ : slaveIrq);
  }

  /**
   * The INTA cycle: marks the interrupt in service and returns its vector.
   * With nothing pending the 8259A answers with IR7 of the master without
   * setting ISR (a spurious interrupt), and so does this.
   */
  acknowledge(): number {
    const irq = this.#master.pendingIrq();
    if (irq < 0) return this.#master.state.vectorBase + SPURIOUS_IRQ;
    let vector: number;
    if (irq === CASCADE_IRQ) {
      const slaveIrq = this.#slave.pendingIrq();
      if (slaveIrq < 0) {
        vector = this.#slave.state.vectorBase + SPURIOUS_IRQ;
      } else {
        vector = this.#slave.state.vectorBase + slaveIrq;
        this.#slave.acknowledge(slaveIrq);
      }
    } else {
      vector = this.#master.state.vectorBase + irq;
    }
    this.#master.acknowledge(irq);
    return vector;
  }

  saveState(): PicPairState {
    return { master: { ...this.#master.state }, slave: { ...this.#slave.state } };
  }

  restoreState(state: PicPairState): void {
    this.#master.state = { ...state.master };
    this.#slave.state = { ...state.slave };
    this.#update();
  }

  reset(): void {
    this.restoreState({ master: new PicChip(true, noop).state, slave: new PicChip(false, noop).state });
  }

  /** Counters of guest actions that were ignored (LTIM, EOI with nothing in service). */
  get counters(): { master: PicChip['counters']; slave: PicChip['counters'] } {
    return { master: this.#master.counters, slave: this.#slave.counters };
  }

  /** Feeds the slave's output into master IR2 and follows INTR. */
  #update(): void {
    const slaveOutput = this.#slave.pendingIrq() >= 0;
    const cascadeMask = 1 << CASCADE_IRQ;
    const masterSees = (this.#master.state.inputLevels & cascadeMask) !== 0;
    // Only on a change, or the master's update would call back here forever.
    if (slaveOutput !== masterSees) {
      // The slave's INT is a level that the master samples at INTA; when it
      // drops (the slave's request was masked or served) the cascade request
      // is gone too, rather than becoming a spurious IRQ 15.
      if (!slaveOutput) this.#master.state.irr &= ~cascadeMask;
      this.#master.setInput(CASCADE_IRQ, slaveOutput);
      return; // setInput called #update again, which followed INTR.
    }
    const intr = this.#master.pendingIrq() >= 0;
    if (intr !== this.#intrLevel) {
      this.#intrLevel = intr;
      this.#intr?.set(intr);
    }
  }
}

const noop = () => {};

/** One chip's two ports as a bus device (wider accesses: core's ByteWideDevice rule). */
function picPorts(name: string, chip: PicChip): Device {
  return byteWideDevice({
    name,
    readByte(offset) {
      switch (offset) {
        case PIC_COMMAND_OFFSET:
          return chip.readCommand();
        case PIC_DATA_OFFSET:
          return chip.readData();
        default:
          // Past the chip's two ports: nothing drives the bus.
          return 0xff;
      }
    },
    writeByte(offset, value) {
      switch (offset) {
        case PIC_COMMAND_OFFSET:
          chip.writeCommand(value);
          break;
        case PIC_DATA_OFFSET:
          chip.writeData(value);
          break;
        default:
          // Past the chip's two ports: dropped.
          break;
      }
    },
  });
}

/** ELCR1 (0x4D0, IRQ 0-7) and ELCR2 (0x4D1, IRQ 8-15): 1 = level-triggered. */
function elcrPorts(master: PicChip, slave: PicChip, onChange: () => void): Device {
  return byteWideDevice({
    name: 'elcr',
    readByte(offset) {
      switch (offset) {
        case 0:
          return master.state.levelTriggered;
        case 1:
          return slave.state.levelTriggered;
        default:
          // Past the two registers: nothing drives the bus.
          return 0xff;
      }
    },
    writeByte(offset, value) {
      switch (offset) {
        case 0:
          master.state.levelTriggered = value & ELCR_MASTER_WRITABLE;
          onChange();
          break;
        case 1:
          slave.state.levelTriggered = value & ELCR_SLAVE_WRITABLE;
          onChange();
          break;
        default:
          // Past the two registers: dropped.
          break;
      }
    },
  });
}

/** Anything with a `register(base, size, device, name)` method, such as core's Bus. */
export interface IoRegistrar {
  register(base: number, size: number, device: Device, name?: string): void;
}

/** Registers the pair at the PC's ports: 0x20, 0xA0 and the ELCR at 0x4D0. */
export function attachPicPair(io: IoRegistrar, pic: PicPair): void {
  io.register(PIC_MASTER_BASE, PIC_PORT_COUNT, pic.master, 'pic-master');
  io.register(PIC_SLAVE_BASE, PIC_PORT_COUNT, pic.slave, 'pic-slave');
  io.register(ELCR_BASE, ELCR_PORT_COUNT, pic.elcr, 'elcr');
}
