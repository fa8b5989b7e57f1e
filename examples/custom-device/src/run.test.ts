import { describe, expect, it } from 'vitest';
import { kvmAvailability } from '@tinyvm/backend-kvm';
import { CounterDevice, COUNTER_NEXT_OFFSET, COUNTER_STEP_OFFSET } from './counter-device.js';
import { runCounterDemo } from './run.js';

// The guest sets the step to 2 and reads the counter four times: 2, 4, 6, 8.
const STEP = 2;
const READINGS = 4;
const expectedRow = `Counter: ${Array.from({ length: READINGS }, (_, i) => (i + 1) * STEP).join(' ')}`;

describe('CounterDevice', () => {
  it('counts up by the step and restarts when the step is written', () => {
    const device = new CounterDevice();
    expect(device.read(COUNTER_NEXT_OFFSET, 1)).toBe(1);
    device.write(COUNTER_STEP_OFFSET, 1, 5);
    expect([device.read(COUNTER_NEXT_OFFSET, 1), device.read(COUNTER_NEXT_OFFSET, 1)]).toEqual([5, 10]);
    expect(device.read(COUNTER_STEP_OFFSET, 1)).toBe(5);
    expect(device.read(7, 1)).toBe(0xff);
  });
});

describe('the counter demo', () => {
  it('runs the guest on the interpreter and shows the counter on screen', () => {
    const result = runCounterDemo('interp');
    expect(result.stop).toBe('hlt');
    expect(result.backend).toBe('interp');
    expect(result.screen[0]).toBe(expectedRow);
    expect(result.counter.value).toBe(STEP * READINGS);
  });

  const kvm = kvmAvailability();
  if (!kvm.available) console.log(`skipping the KVM run of the counter demo: ${kvm.reason}`);
  it.skipIf(!kvm.available)('runs the same guest on KVM with the same screen', () => {
    const result = runCounterDemo('kvm');
    expect(result.stop).toBe('hlt');
    expect(result.screen[0]).toBe(expectedRow);
  });
});
