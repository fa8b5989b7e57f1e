/** The public API changes on purpose only: other packages code against exactly these names. */
import { expect, it } from 'vitest';
import * as api from './index.js';

it('exports exactly the documented names', () => {
  expect(Object.keys(api).sort()).toEqual(['EMULATION_SUBERROR', 'FallbackError', 'InterpreterFallback', 'isX87Instruction', 'withInterpreterFallback']);
});
