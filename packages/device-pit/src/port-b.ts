/**
 * Port 0x61, the AT's "system control port B" (NMI status and control): the
 * PIT channel 2 gate and speaker enable, and the two status bits a BIOS polls
 * for short delays (the refresh toggle and OUT2).
 *
 * Reference: IBM PC AT Technical Reference, "System Control Port B"; Intel
 * 82371AB (PIIX4) datasheet 4.1.13 "NMISC - NMI Status and Control Register".
 *
 * Emulated: bit 0 (timer 2 gate), bit 1 (speaker data enable), bits 2-3 (parity
 * and I/O channel check enables, stored only), bit 4 (refresh request toggle,
 * flips every 15.085 us as the BIOS's channel 1 programming would make it),
 * bit 5 (OUT2). Not emulated: NMI sources (bits 6-7 always read 0).
 */
import { ByteWideDevice } from '@tinyvm/core';
import type { Pit } from './pit.js';
import type { Clock } from './pit-time.js';

export const PORT_B = 0x61;

export const PORT_B_GATE2_BIT = 0b0000_0001;
export const PORT_B_SPEAKER_DATA_BIT = 0b0000_0010;
export const PORT_B_CHECK_ENABLE_BITS = 0b0000_1100; // parity / IOCHK NMI enables (active low)
export const PORT_B_REFRESH_TOGGLE_BIT = 0b0001_0000;
export const PORT_B_OUT2_BIT = 0b0010_0000;

/** The refresh request period: channel 1 counting 18 pulses at 1.193182 MHz. */
export const REFRESH_PERIOD_NS = 15_085;

export const DEFAULT_PORT_B = 0;

export interface PortBState {
  /** Bits 1-3 as last written (bit 0 lives in the PIT's channel 2 gate). */
  written: number;
}

/** One port; a wider access is byte accesses at 0x61, 0x62, ... (core's ByteWideDevice). */
export class PortB extends ByteWideDevice {
  readonly name = 'port-b';
  state: PortBState = { written: DEFAULT_PORT_B };

  constructor(
    private readonly pit: Pit,
    private readonly clock: Clock,
  ) {
    super();
  }

  /** Speaker data enable (bit 1): with a tone on channel 2, the speaker sounds. */
  get speakerEnabled(): boolean {
    return (this.state.written & PORT_B_SPEAKER_DATA_BIT) !== 0;
  }

  protected readByte(offset: number): number {
    switch (offset) {
      case 0: {
        const refresh = Math.floor(this.clock.nowNs() / REFRESH_PERIOD_NS) & 1;
        return (
          (this.pit.gate(2) ? PORT_B_GATE2_BIT : 0) |
          this.state.written |
          (refresh ? PORT_B_REFRESH_TOGGLE_BIT : 0) |
          (this.pit.output(2) ? PORT_B_OUT2_BIT : 0)
        );
      }
      default:
        // Not this port: a floating bus.
        return 0xff;
    }
  }

  protected writeByte(offset: number, value: number): void {
    switch (offset) {
      case 0:
        this.state.written = value & (PORT_B_SPEAKER_DATA_BIT | PORT_B_CHECK_ENABLE_BITS);
        this.pit.setGate(2, (value & PORT_B_GATE2_BIT) !== 0);
        break;
      default:
        // Not this port: dropped.
        break;
    }
  }

  saveState(): PortBState {
    return { ...this.state };
  }

  restoreState(state: PortBState): void {
    this.state = { ...state };
  }

  reset(): void {
    this.state = { written: DEFAULT_PORT_B };
    this.pit.setGate(2, false);
  }
}
