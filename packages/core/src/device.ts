/**
 * What a device looks like to the bus. A device knows nothing of where it is
 * mapped: it answers reads and writes at offsets from its own base. Guest input
 * never throws: a device counts or logs what it does not understand.
 */
export type AccessSize = 1 | 2 | 4;

export interface Device {
  /** Shown in errors, traces and stats. */
  readonly name?: string;
  /** Value of a `size`-byte read at `offset` from the device's base (little-endian). */
  read(offset: number, size: AccessSize): number;
  /** A `size`-byte write of `value` at `offset` from the device's base. */
  write(offset: number, size: AccessSize, value: number): void;
  /** Back to power-on state. */
  reset?(): void;
}

/** A device whose state is a plain object that can be saved and restored. */
export interface StatefulDevice<State> extends Device {
  saveState(): State;
  restoreState(state: State): void;
}
