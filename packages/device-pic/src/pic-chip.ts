/**
 * One Intel 8259A programmable interrupt controller, as seen through its two
 * ports (offset 0: command/status, offset 1: data/mask).
 *
 * Datasheet: Intel 8259A Programmable Interrupt Controller (order 231468-003),
 * https://pdos.csail.mit.edu/6.828/2018/readings/hardware/8259A.pdf
 *
 * Emulated: the initialisation sequence ICW1-ICW4 (single/cascade, ICW4 needed,
 * vector base, auto-EOI, special fully nested mode); OCW1 (interrupt mask);
 * OCW2 (non-specific and specific EOI, rotate on EOI, rotate in auto-EOI, set
 * priority); OCW3 (read IRR or ISR, poll command, special mask mode); edge- and
 * level-triggered inputs (level per input through the PC's ELCR, see elcr.ts);
 * fully nested and rotating priorities; INTA (acknowledge) and spurious IRQ 7.
 *
 * Not emulated: 8080/8085 call-address mode (ICW1 ADI/ICW2 address bits, the
 * 8086 vector form is always used), buffered mode and master/slave selection
 * through ICW4 BUF/M-S (the pair wiring in pic-pair.ts decides who is master),
 * and the ICW1 LTIM bit (level triggering is chosen per input by the ELCR as on
 * PCs with an EISA/PCI chipset; LTIM is recorded and counted only).
 */

/** Port offsets from the chip's base (0x20 master, 0xA0 slave). */
export const PIC_COMMAND_OFFSET = 0;
export const PIC_DATA_OFFSET = 1;

// ICW1 (command port, bit 4 set). 8259A datasheet, "Initialization Command Words".
export const ICW1_IC4_BIT = 0b0000_0001; // ICW4 will follow
export const ICW1_SNGL_BIT = 0b0000_0010; // single chip: no ICW3
export const ICW1_LTIM_BIT = 0b0000_1000; // level-triggered mode
export const ICW1_INIT_BIT = 0b0001_0000; // this write is ICW1

// ICW4.
export const ICW4_AEOI_BIT = 0b0000_0010; // automatic end of interrupt
export const ICW4_SFNM_BIT = 0b0001_0000; // special fully nested mode

// OCW3 (command port, bit 4 clear, bit 3 set).
export const OCW3_SELECT_BIT = 0b0000_1000;
export const OCW3_READ_ISR_BIT = 0b0000_0001; // RIS: 1 = ISR, 0 = IRR
export const OCW3_READ_REGISTER_BIT = 0b0000_0010; // RR: act on RIS
export const OCW3_POLL_BIT = 0b0000_0100;
export const OCW3_SPECIAL_MASK_BIT = 0b0010_0000; // SMM: value of special mask mode
export const OCW3_SET_SPECIAL_MASK_BIT = 0b0100_0000; // ESMM: act on SMM

// OCW2 command field (bits 7-5: R, SL, EOI).
export const OCW2_ROTATE_AEOI_CLEAR = 0b000;
export const OCW2_NON_SPECIFIC_EOI = 0b001;
export const OCW2_NO_OPERATION = 0b010;
export const OCW2_SPECIFIC_EOI = 0b011;
export const OCW2_ROTATE_AEOI_SET = 0b100;
export const OCW2_ROTATE_NON_SPECIFIC_EOI = 0b101;
export const OCW2_SET_PRIORITY = 0b110;
export const OCW2_ROTATE_SPECIFIC_EOI = 0b111;

/** Poll command answer: bit 7 set when an interrupt was pending, bits 2-0 its level. */
export const POLL_INTERRUPT_BIT = 0b1000_0000;

/** Where the chip is in the ICW1..ICW4 sequence. */
export const INIT_READY = 0;
export const INIT_EXPECT_ICW2 = 1;
export const INIT_EXPECT_ICW3 = 2;
export const INIT_EXPECT_ICW4 = 3;

/** The lowest priority level when no interrupt is pending: the 8 inputs are 0-7. */
const NO_PRIORITY = 8;

export interface PicChipState {
  /** Interrupt request register: inputs waiting for service. */
  irr: number;
  /** In-service register: interrupts acknowledged and not yet ended. */
  isr: number;
  /** Interrupt mask register (OCW1). */
  imr: number;
  /** Current level of each input, to detect rising edges. */
  inputLevels: number;
  /** Inputs that are level-triggered (the PC's ELCR). */
  levelTriggered: number;
  /** ICW2 with the low three bits cleared: vector of input 0. */
  vectorBase: number;
  /** ICW3 as written (slave bits on the master, the slave's id on the slave). */
  icw3: number;
  initStep: number;
  icw4Needed: boolean;
  singleMode: boolean;
  autoEoi: boolean;
  rotateOnAutoEoi: boolean;
  specialFullyNested: boolean;
  specialMask: boolean;
  /** OCW3 RIS: a status read on the command port returns ISR (else IRR). */
  readIsr: boolean;
  /** The next command-port read is a poll. */
  poll: boolean;
  /** Input that has the lowest priority is (lowestPriority); input (lowestPriority+1)&7 the highest. */
  lowestPriority: number;
}

export const DEFAULT_VECTOR_BASE = 0;
/** After ICW1, IR7 has the lowest priority (datasheet, ICW1 effects). */
export const DEFAULT_LOWEST_PRIORITY = 7;

export function defaultPicChipState(): PicChipState {
  return {
    irr: 0,
    isr: 0,
    imr: 0,
    inputLevels: 0,
    levelTriggered: 0,
    vectorBase: DEFAULT_VECTOR_BASE,
    icw3: 0,
    initStep: INIT_READY,
    icw4Needed: false,
    singleMode: false,
    autoEoi: false,
    rotateOnAutoEoi: false,
    specialFullyNested: false,
    specialMask: false,
    readIsr: false,
    poll: false,
    lowestPriority: DEFAULT_LOWEST_PRIORITY,
  };
}

export interface PicChipCounters {
  /** ICW1 with LTIM set (the ELCR decides triggering instead). */
  ltimIgnored: number;
  /** Non-specific EOI with nothing in service. */
  spuriousEoi: number;
}

/**
 * The logic of one chip. It does not know whether it is master or slave: the
 * pair feeds the slave's output into the master's input 2 and calls
 * `acknowledge` on both during INTA.
 */
export class PicChip {
  state: PicChipState = defaultPicChipState();
  readonly counters: PicChipCounters = { ltimIgnored: 0, spuriousEoi: 0 };

  /**
   * @param isMaster  the special fully nested mode only changes the master's
   *                  view of its cascade input.
   * @param onChange  called after anything that may change the chip's output.
   */
  constructor(
    readonly isMaster: boolean,
    private readonly onChange: () => void,
  ) {}

  /** Drives input `irq` (0-7) to `level`. Edge inputs latch a request on a rising edge. */
  setInput(irq: number, level: boolean): void {
    const mask = 1 << irq;
    const s = this.state;
    if (s.levelTriggered & mask) {
      // Level-triggered: the request follows the line.
      if (level) s.irr |= mask;
      else s.irr &= ~mask;
    } else if (level && !(s.inputLevels & mask)) {
      s.irr |= mask;
    }
    // (A falling edge on an edge input leaves IRR alone: the request stays latched.)
    if (level) s.inputLevels |= mask;
    else s.inputLevels &= ~mask;
    this.onChange();
  }

  /**
   * The input that would be delivered now, or -1: the highest-priority
   * unmasked request with a higher priority than anything in service.
   */
  pendingIrq(): number {
    const s = this.state;
    const requestPriority = this.#priority(s.irr & ~s.imr);
    if (requestPriority === NO_PRIORITY) return -1;
    let inService = s.isr;
    // Special mask mode: masked in-service levels do not block lower ones.
    if (s.specialMask) inService &= ~s.imr;
    // Special fully nested mode: the master lets the slave interrupt while a
    // slave interrupt is in service (the slave arbitrates its own inputs).
    if (s.specialFullyNested && this.isMaster) inService &= ~(1 << 2);
    const servicePriority = this.#priority(inService);
    return requestPriority < servicePriority ? (requestPriority + s.lowestPriority + 1) & 7 : -1;
  }

  /** INTA for input `irq`: mark it in service (unless auto-EOI) and clear an edge request. */
  acknowledge(irq: number): void {
    const s = this.state;
    const mask = 1 << irq;
    if (s.autoEoi) {
      if (s.rotateOnAutoEoi) s.lowestPriority = irq;
    } else {
      s.isr |= mask;
    }
    if (!(s.levelTriggered & mask)) s.irr &= ~mask;
    this.onChange();
  }

  readCommand(): number {
    const s = this.state;
    if (s.poll) {
      // Poll command: the next read acknowledges the highest request itself.
      s.poll = false;
      const irq = this.pendingIrq();
      if (irq < 0) return 0;
      this.acknowledge(irq);
      return POLL_INTERRUPT_BIT | irq;
    }
    return s.readIsr ? s.isr : s.irr;
  }

  readData(): number {
    return this.state.imr;
  }

  writeCommand(value: number): void {
    const s = this.state;
    if (value & ICW1_INIT_BIT) {
      this.#initialise(value);
    } else if (value & OCW3_SELECT_BIT) {
      if (value & OCW3_POLL_BIT) s.poll = true;
      if (value & OCW3_READ_REGISTER_BIT) s.readIsr = (value & OCW3_READ_ISR_BIT) !== 0;
      if (value & OCW3_SET_SPECIAL_MASK_BIT) s.specialMask = (value & OCW3_SPECIAL_MASK_BIT) !== 0;
      this.onChange();
    } else {
      this.#operation2(value >> 5, value & 7);
    }
  }

  writeData(value: number): void {
    const s = this.state;
    switch (s.initStep) {
      case INIT_EXPECT_ICW2:
        s.vectorBase = value & 0xf8;
        s.initStep = !s.singleMode ? INIT_EXPECT_ICW3 : s.icw4Needed ? INIT_EXPECT_ICW4 : INIT_READY;
        break;
      case INIT_EXPECT_ICW3:
        s.icw3 = value;
        s.initStep = s.icw4Needed ? INIT_EXPECT_ICW4 : INIT_READY;
        break;
      case INIT_EXPECT_ICW4:
        s.autoEoi = (value & ICW4_AEOI_BIT) !== 0;
        s.specialFullyNested = (value & ICW4_SFNM_BIT) !== 0;
        s.initStep = INIT_READY;
        break;
      default:
        // OCW1: the mask.
        s.imr = value;
        break;
    }
    this.onChange();
  }

  /** ICW1 starts the sequence and resets what the datasheet lists under "ICW1". */
  #initialise(icw1: number): void {
    const s = this.state;
    if (icw1 & ICW1_LTIM_BIT) this.counters.ltimIgnored++;
    s.initStep = INIT_EXPECT_ICW2;
    s.icw4Needed = (icw1 & ICW1_IC4_BIT) !== 0;
    s.singleMode = (icw1 & ICW1_SNGL_BIT) !== 0;
    // "The edge sense circuit is reset": an edge input needs a new low-to-high
    // transition (inputLevels keeps lines that are high now, so they must drop first).
    s.irr &= s.levelTriggered;
    s.imr = 0; // "The Interrupt Mask Register is cleared"
    s.isr = 0;
    s.lowestPriority = DEFAULT_LOWEST_PRIORITY; // "IR7 input is assigned priority 7"
    s.specialMask = false; // "The special mask mode is cleared"
    s.readIsr = false; // "Status read is set to IRR"
    s.poll = false;
    // If IC4 = 0, all ICW4 functions are cleared.
    s.autoEoi = false;
    s.rotateOnAutoEoi = false;
    s.specialFullyNested = false;
    this.onChange();
  }

  #operation2(command: number, level: number): void {
    const s = this.state;
    switch (command) {
      case OCW2_ROTATE_AEOI_CLEAR:
      case OCW2_ROTATE_AEOI_SET:
        s.rotateOnAutoEoi = command === OCW2_ROTATE_AEOI_SET;
        break;
      case OCW2_NON_SPECIFIC_EOI:
      case OCW2_ROTATE_NON_SPECIFIC_EOI: {
        // Ends the highest-priority level in service.
        const priority = this.#priority(s.isr);
        if (priority === NO_PRIORITY) {
          this.counters.spuriousEoi++;
          break;
        }
        const irq = (priority + s.lowestPriority + 1) & 7;
        s.isr &= ~(1 << irq);
        if (command === OCW2_ROTATE_NON_SPECIFIC_EOI) s.lowestPriority = irq;
        break;
      }
      case OCW2_SPECIFIC_EOI:
        s.isr &= ~(1 << level);
        break;
      case OCW2_SET_PRIORITY:
        s.lowestPriority = level;
        break;
      case OCW2_ROTATE_SPECIFIC_EOI:
        s.isr &= ~(1 << level);
        s.lowestPriority = level;
        break;
      default:
        // OCW2_NO_OPERATION.
        break;
    }
    this.onChange();
  }

  /** Priority (0 = highest) of the highest-priority bit set in `mask`, or NO_PRIORITY. */
  #priority(mask: number): number {
    if ((mask & 0xff) === 0) return NO_PRIORITY;
    const highest = (this.state.lowestPriority + 1) & 7;
    let priority = 0;
    while (!(mask & (1 << ((priority + highest) & 7)))) priority++;
    return priority;
  }
}
