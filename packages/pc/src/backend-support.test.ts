import { BackendError, type VcpuBackend } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { expect, it } from 'vitest';
import { createPc } from './pc.js';
import { guestBytes } from './test-guest.js';

/** The interpreter without its raiseInterrupt: what createPc sees of a backend that cannot inject. */
function withoutInjection(): VcpuBackend {
  const inner = createInterpBackend();
  return {
    name: 'no-irq',
    createRegion: (spec) => inner.createRegion(spec),
    attachMmio: (bus) => inner.attachMmio(bus),
    run: (options) => inner.run(options),
    getState: () => inner.getState(),
    setState: (state) => inner.setState(state),
    dispose: () => inner.dispose(),
  };
}

it('refuses a backend that cannot inject interrupts, saying why', () => {
  const make = () => createPc({ backend: withoutInjection(), disk: guestBytes('boot-loader') });
  expect(make).toThrow(BackendError);
  expect(make).toThrow('the no-irq backend cannot inject interrupts yet, which a PC needs (timer, keyboard); use the interpreter');
});
