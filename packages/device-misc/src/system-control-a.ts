/**
 * Port 0x92, "System Control Port A" (PS/2 and every chipset since): the fast
 * A20 gate (bit 1) and a fast CPU reset (bit 0, a 0 -> 1 transition), without
 * going through the slow keyboard controller.
 *
 * Reference: IBM PS/2 Hardware Interface Technical Reference, "System Control
 * Port A"; Intel 82371AB (PIIX4) datasheet 4.1.10 "PORT92 - Port 92 Register".
 *
 * Emulated: bit 1 (A20) to an `a20` callback, bit 0 (fast reset) to a `reset`
 * callback on its rising edge, bit 3 (power-on password lock, write-once until
 * reset: stored and kept) and the other bits stored as written; bit 0 reads
 * back as written until reset clears it. A wider access is byte accesses at
 * 0x92, 0x93, ... (core's ByteWideDevice). Not emulated: the activity lights
 * (bits 6-7) do nothing.
 */
import { ByteWideDevice } from '@tinyvm/core';

export const SYSTEM_CONTROL_A_PORT = 0x92;

export const PORT_A_FAST_RESET_BIT = 0b0000_0001;
export const PORT_A_A20_BIT = 0b0000_0010;
export const PORT_A_PASSWORD_LOCK_BIT = 0b0000_1000;

/** A20 off, no reset: the PIIX4 default. */
export const DEFAULT_PORT_A = 0x00;

export interface SystemControlAState {
  value: number;
}

export interface SystemControlAOptions {
  /** The fast A20 gate changed. */
  a20?: (enabled: boolean) => void;
  /** The guest asked for a CPU reset (bit 0 went from 0 to 1). */
  reset?: () => void;
}

export class SystemControlA extends ByteWideDevice {
  readonly name = 'port92';
  #state: SystemControlAState = { value: DEFAULT_PORT_A };

  constructor(private readonly options: SystemControlAOptions = {}) {
    super();
  }

  get a20Enabled(): boolean {
    return (this.#state.value & PORT_A_A20_BIT) !== 0;
  }

  protected readByte(offset: number): number {
    switch (offset) {
      case 0:
        return this.#state.value;
      default:
        // Not this port: a floating bus.
        return 0xff;
    }
  }

  protected writeByte(offset: number, value: number): void {
    switch (offset) {
      case 0:
        this.#writePort(value);
        break;
      default:
        // Not this port: dropped.
        break;
    }
  }

  #writePort(value: number): void {
    const s = this.#state;
    const before = s.value;
    // The password lock bit, once set, stays set until reset (PIIX4 4.1.10).
    const next = value | (before & PORT_A_PASSWORD_LOCK_BIT);
    s.value = next;
    const changed = before ^ next;
    if (changed & PORT_A_A20_BIT) this.options.a20?.((next & PORT_A_A20_BIT) !== 0);
    if (changed & next & PORT_A_FAST_RESET_BIT) this.options.reset?.();
  }

  saveState(): SystemControlAState {
    return { ...this.#state };
  }

  restoreState(state: SystemControlAState): void {
    this.#state = { ...state };
  }

  reset(): void {
    const a20Was = this.a20Enabled;
    this.#state = { value: DEFAULT_PORT_A };
    if (a20Was) this.options.a20?.(false);
  }
}
