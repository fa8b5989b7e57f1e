/**
 * Runs guest/counter.bin on a machine with the counter device at port 0x510,
 * using the library API directly (no CLI): the whole VMM in a page.
 *
 *   pnpm --filter @tinyvm/example-custom-device start
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadBootSector, Machine, realModeState, type VcpuBackend } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createKvmBackend, kvmAvailability } from '@tinyvm/backend-kvm';
import { attachVgaText } from '@tinyvm/device-vga';
import { CounterDevice } from './counter-device.js';

export const COUNTER_PORT = 0x510;
export const COUNTER_PORT_COUNT = 2;
export const GUEST_IMAGE = fileURLToPath(new URL('../guest/counter.bin', import.meta.url));

export interface DemoResult {
  backend: string;
  stop: string;
  screen: string[];
  counter: CounterDevice;
}

/** KVM when /dev/kvm opens, else the interpreter. */
function chooseBackend(preferred: 'auto' | 'interp' | 'kvm'): VcpuBackend {
  if (preferred === 'interp') return createInterpBackend();
  if (preferred === 'kvm' || kvmAvailability().available) return createKvmBackend();
  return createInterpBackend();
}

export function runCounterDemo(preferred: 'auto' | 'interp' | 'kvm' = 'auto'): DemoResult {
  const machine = new Machine({ backend: chooseBackend(preferred) });
  try {
    machine.addRam({ base: 0, size: 0xa0000, name: 'ram' });
    const vga = attachVgaText(machine);
    const counter = new CounterDevice();
    machine.addIoDevice(COUNTER_PORT, COUNTER_PORT_COUNT, counter); // <- your device goes here

    const entry = loadBootSector(machine.memory, readFileSync(GUEST_IMAGE));
    machine.backend.setState(realModeState(entry));
    const result = machine.run({ timeoutMs: 5000 });
    return { backend: machine.backend.name, stop: result.stop, screen: vga.text({ trimEnd: true }), counter };
  } finally {
    machine.dispose();
  }
}

// Run directly: print the screen down to its last non-blank row.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { backend, stop, screen } = runCounterDemo();
  const rows = [...screen];
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  console.log(rows.join('\n'));
  console.log(`(${backend} backend, stopped on ${stop})`);
}
