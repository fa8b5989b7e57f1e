// Test helper (not built): a Machine over a scripted backend that plays a fixed
// list of exits, so device tests drive the real bus and exit dispatch.
import { Machine, realModeState, validateRegionSpec, type CpuState, type ExitReason, type MemoryRegion, type MemoryRegionSpec, type VcpuBackend } from '@tinyvm/core';

export function scriptedBackend(exits: ExitReason[]): VcpuBackend {
  let state: CpuState = realModeState({ cs: 0, ip: 0 });
  let next = 0;
  return {
    name: 'scripted',
    createRegion(spec: MemoryRegionSpec): MemoryRegion {
      validateRegionSpec(spec);
      return { ...spec, readOnly: spec.readOnly ?? false, bytes: new Uint8Array(spec.size) };
    },
    run: () => exits[next++] ?? { kind: 'hlt' },
    getState: () => state,
    setState: (s) => {
      state = s;
    },
    dispose: () => {},
  };
}

export function mmioWrite(address: number, bytes: number[]): ExitReason {
  return { kind: 'mmio', address, size: bytes.length, write: true, data: Uint8Array.from(bytes) };
}

export function ioOut(port: number, size: 1 | 2, value: number): ExitReason {
  const data = new Uint8Array(size);
  data[0] = value & 0xff;
  if (size === 2) data[1] = value >> 8;
  return { kind: 'io', direction: 'out', port, size, count: 1, data };
}

export function testMachine(exits: ExitReason[] = []): Machine {
  return new Machine({ backend: scriptedBackend(exits) });
}
