// Test helper (not built): a VcpuBackend that plays a script, to test the CLI's
// plumbing (exit statuses, output, disposal) without a CPU. The end-to-end tests
// in bin.test.ts use the real interpreter.
import { realModeState, validateRegionSpec, type CpuState, type ExitReason, type MemoryRegion, type MemoryRegionSpec, type VcpuBackend } from '@tinyvm/core';

export interface FakeBackend extends VcpuBackend {
  readonly regions: Map<string, MemoryRegion>;
  disposed: number;
  runs: number;
  initialState?: CpuState;
}

/** `step` is called for every run() with the run count and the regions; it returns the exit. */
export function fakeBackend(step: (run: number, backend: FakeBackend) => ExitReason): FakeBackend {
  let state = realModeState({ cs: 0, ip: 0 });
  const backend: FakeBackend = {
    name: 'fake',
    regions: new Map(),
    disposed: 0,
    runs: 0,
    createRegion(spec: MemoryRegionSpec): MemoryRegion {
      validateRegionSpec(spec);
      const region = { ...spec, readOnly: spec.readOnly ?? false, bytes: new Uint8Array(spec.size) };
      backend.regions.set(spec.name, region);
      return region;
    },
    run: () => step(backend.runs++, backend),
    getState: () => state,
    setState(next) {
      state = next;
      backend.initialState ??= next;
    },
    dispose() {
      backend.disposed++;
    },
  };
  return backend;
}

/** Writes text (attribute 0x07) at row 0 of whatever backs B8000: the vga-text region. */
export function writeScreen(backend: FakeBackend, text: string): void {
  const vga = backend.regions.get('vga-text')!;
  for (let i = 0; i < text.length; i++) {
    vga.bytes[i * 2] = text.charCodeAt(i);
    vga.bytes[i * 2 + 1] = 0x07;
  }
}
