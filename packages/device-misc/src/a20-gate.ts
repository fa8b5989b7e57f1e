/**
 * The A20 gate has two sources on a PC: the keyboard controller's output port
 * bit 1 and port 0x92 bit 1. Chipsets OR them: address line 20 is enabled
 * while either source enables it (PIIX4 datasheet 4.1.10, "Fast A20 ... is
 * ORed with the A20GATE input"). This combines the two callbacks into one.
 */

export class A20Gate {
  #keyboardController: boolean;
  #port92: boolean;

  /**
   * @param onChange  called when the combined gate changes.
   * @param initial   the sources' levels at power-on (the 8042's default output port enables A20).
   */
  constructor(
    private readonly onChange: (enabled: boolean) => void,
    initial: { keyboardController?: boolean; port92?: boolean } = {},
  ) {
    this.#keyboardController = initial.keyboardController ?? true;
    this.#port92 = initial.port92 ?? false;
  }

  get enabled(): boolean {
    return this.#keyboardController || this.#port92;
  }

  /** Pass as the I8042's `a20` option. */
  readonly keyboardController = (enabled: boolean): void => {
    const before = this.enabled;
    this.#keyboardController = enabled;
    if (this.enabled !== before) this.onChange(this.enabled);
  };

  /** Pass as SystemControlA's `a20` option. */
  readonly port92 = (enabled: boolean): void => {
    const before = this.enabled;
    this.#port92 = enabled;
    if (this.enabled !== before) this.onChange(this.enabled);
  };
}
