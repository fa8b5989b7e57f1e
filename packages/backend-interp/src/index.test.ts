import { describe, expect, it } from 'vitest';
import * as api from '@tinyvm/backend-interp';

describe('@tinyvm/backend-interp exports', () => {
  it('exports exactly the documented names', () => {
    expect(Object.keys(api).sort()).toEqual(['InterpBackend', 'createInterpBackend']);
  });

  it('creates a backend named "interp" for each model, rejecting unknown ones', () => {
    for (const model of ['8086', '286', '386'] as const) expect(api.createInterpBackend({ model }).name).toBe('interp');
    expect(() => api.createInterpBackend({ model: '486' as never })).toThrow(
      expect.objectContaining({ code: 'interp-unknown-model', name: 'BackendError' }),
    );
  });
});

describe('dispose', () => {
  it('is idempotent and refuses to run afterwards with a typed error', () => {
    const backend = api.createInterpBackend();
    backend.createRegion({ base: 0, size: 0x1000, name: 'ram' });
    backend.dispose();
    backend.dispose();
    expect(() => backend.run()).toThrow(expect.objectContaining({ code: 'interp-disposed' }));
  });
});
