/**
 * Real guests on real KVM, through core's Machine. Skipped (with the reason
 * printed) where /dev/kvm cannot be used, e.g. inside a VM without nested
 * virtualisation; backend.fake.test.ts runs the same guests on a fake KVM.
 */
import { describe } from 'vitest';
import { createKvmBackend, kvmAvailability } from './index.js';
import { guestSuite } from './test-guest-suite.js';

const availability = kvmAvailability();
if (!availability.available) console.log(`backend-kvm: skipping the real-KVM guest tests: ${availability.reason}`);

describe.skipIf(!availability.available)('KVM backend running real-mode guests on /dev/kvm', () => {
  guestSuite(() => createKvmBackend());
});
