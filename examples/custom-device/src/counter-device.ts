/**
 * A device you could write yourself: a counter on two I/O ports.
 *
 *   base + 0 (read)   the next value: the counter goes up by the step, then is returned
 *   base + 1 (write)  sets the step (and restarts the count at 0)
 *   base + 1 (read)   the current step
 *
 * A Device answers reads and writes at offsets from wherever it is mapped; it
 * never throws on guest input (unknown offsets read as all-ones, writes are ignored).
 */
import type { AccessSize, Device } from '@tinyvm/core';

export const COUNTER_NEXT_OFFSET = 0;
export const COUNTER_STEP_OFFSET = 1;
export const DEFAULT_COUNTER_STEP = 1;

export class CounterDevice implements Device {
  readonly name = 'counter';
  value = 0;
  step = DEFAULT_COUNTER_STEP;

  read(offset: number, size: AccessSize): number {
    switch (offset) {
      case COUNTER_NEXT_OFFSET:
        this.value = (this.value + this.step) & 0xffff;
        return this.value;
      case COUNTER_STEP_OFFSET:
        return this.step;
      default:
        return size === 1 ? 0xff : 0xffff; // nothing here: the bus floats high
    }
  }

  write(offset: number, _size: AccessSize, value: number): void {
    switch (offset) {
      case COUNTER_STEP_OFFSET:
        this.step = value & 0xff;
        this.value = 0;
        break;
      default:
        break; // read-only register: writes are ignored
    }
  }
}
