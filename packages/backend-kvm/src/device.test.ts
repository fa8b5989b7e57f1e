/**
 * What a user sees when KVM cannot be used, and that failing leaves nothing open.
 * These run on any Linux machine: they need no /dev/kvm.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackendError } from '@tinyvm/core';
import { createKvmBackend, kvmAvailability } from './index.js';

function openFdCount(): number {
  return readdirSync('/proc/self/fd').length;
}

function creationError(devicePath: string): BackendError {
  try {
    createKvmBackend({ devicePath }).dispose();
  } catch (error) {
    if (error instanceof BackendError) return error;
    throw error;
  }
  throw new Error(`createKvmBackend(${devicePath}) succeeded`);
}

describe('when KVM cannot be used', () => {
  it('says a missing device does not exist', () => {
    const error = creationError('/nonexistent/kvm');
    expect(error.code).toBe('kvm-unavailable');
    expect(error.message).toBe('/nonexistent/kvm does not exist');
    expect(kvmAvailability('/nonexistent/kvm')).toEqual({ available: false, reason: '/nonexistent/kvm does not exist' });
  });

  it('says a device that is not KVM is not a KVM device', () => {
    const error = creationError('/dev/null');
    expect(error.code).toBe('kvm-unavailable');
    expect(error.message).toMatch(/^\/dev\/null is not a KVM device \(KVM_GET_API_VERSION: ENOTTY/);
    const availability = kvmAvailability('/dev/null');
    expect(availability.available).toBe(false);
    expect(!availability.available && availability.reason).toMatch(/^\/dev\/null is not a KVM device/);
  });

  it('says so when the device cannot be opened for another reason', () => {
    // A directory opens read-only but not O_RDWR: EISDIR.
    const error = creationError('/proc');
    expect(error.code).toBe('kvm-unavailable');
    expect(error.message).toMatch(/^\/proc cannot be opened: EISDIR/);
  });

  it('leaves no file descriptor open after failing', () => {
    const before = openFdCount();
    for (let i = 0; i < 50; i++) {
      creationError('/dev/null');
      creationError('/nonexistent/kvm');
      kvmAvailability('/dev/null');
    }
    expect(openFdCount()).toBe(before);
  });

  it('reports the default device path in its reason', () => {
    const availability = kvmAvailability();
    if (availability.available) {
      console.log('device.test: /dev/kvm is usable here; the default-path failure message is not exercised');
      return;
    }
    expect(availability.reason).toMatch(/^\/dev\/kvm /);
  });
});
