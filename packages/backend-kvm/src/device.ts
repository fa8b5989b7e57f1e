/**
 * Opening /dev/kvm and checking that it is the KVM API this backend speaks.
 * Every failure here is one human line for the user (wrong path, no
 * permission, not a KVM device, wrong API version), as BackendError
 * 'kvm-unavailable'; nothing stays open after a failure.
 */
import { BackendError } from '@tinyvm/core';
import {
  KVM_API_VERSION, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_SET_TSS_ADDR, KVM_CAP_USER_MEMORY, KVM_CHECK_EXTENSION,
  KVM_GET_API_VERSION,
} from './kvm-abi.js';
import {
  EACCES, EINTR, ENOENT, EPERM, O_CLOEXEC, O_RDWR, close, describeErrno, errno, ioctlWithValue, open,
} from './libc.js';

export const DEFAULT_KVM_DEVICE = '/dev/kvm';

/** Opens the KVM device and checks KVM_GET_API_VERSION; returns the fd or throws 'kvm-unavailable'. */
export function openKvmDevice(devicePath: string): number {
  let fd: number;
  do fd = open(devicePath, O_RDWR | O_CLOEXEC);
  while (fd < 0 && errno() === EINTR);
  if (fd < 0) {
    const code = errno();
    const why = code === ENOENT ? 'does not exist'
      : code === EACCES || code === EPERM ? 'cannot be opened: permission denied (is the user in the kvm group?)'
      : `cannot be opened: ${describeErrno(code)}`;
    throw new BackendError('kvm-unavailable', `${devicePath} ${why}`);
  }
  // KVM_GET_API_VERSION takes no argument; any other device fails it (ENOTTY, EINVAL, ...).
  const version = ioctlWithValue(fd, KVM_GET_API_VERSION, 0);
  if (version < 0) {
    const code = errno();
    close(fd);
    throw new BackendError('kvm-unavailable', `${devicePath} is not a KVM device (KVM_GET_API_VERSION: ${describeErrno(code)})`);
  }
  if (version !== KVM_API_VERSION) {
    close(fd);
    throw new BackendError('kvm-unavailable', `${devicePath} speaks KVM API version ${version}, not ${KVM_API_VERSION}`);
  }
  const missing = missingCapability(fd);
  if (missing !== undefined) {
    close(fd);
    throw new BackendError('kvm-unavailable', `${devicePath}: this kernel's KVM lacks ${missing}`);
  }
  return fd;
}

/**
 * What the backend cannot work without: user-memory slots, the real-mode TSS
 * (Intel), and immediate_exit for the deadline watchdog (Linux 4.11+).
 */
const REQUIRED_CAPABILITIES: readonly (readonly [number, string])[] = [
  [KVM_CAP_USER_MEMORY, 'KVM_CAP_USER_MEMORY'],
  [KVM_CAP_SET_TSS_ADDR, 'KVM_CAP_SET_TSS_ADDR'],
  [KVM_CAP_IMMEDIATE_EXIT, 'KVM_CAP_IMMEDIATE_EXIT'],
];

function missingCapability(fd: number): string | undefined {
  return REQUIRED_CAPABILITIES.find(([capability]) => checkExtension(fd, capability) === 0)?.[1];
}

/** KVM_CHECK_EXTENSION: 0 when absent, else a capability-specific positive value. */
export function checkExtension(fd: number, capability: number): number {
  const result = ioctlWithValue(fd, KVM_CHECK_EXTENSION, capability);
  return result < 0 ? 0 : result;
}

/** Whether `devicePath` is a usable KVM device: for a CLI choosing a backend ('auto'). */
export function kvmAvailability(devicePath: string = DEFAULT_KVM_DEVICE): { available: true } | { available: false; reason: string } {
  try {
    close(openKvmDevice(devicePath));
    return { available: true };
  } catch (error) {
    if (error instanceof BackendError) return { available: false, reason: error.message };
    throw error;
  }
}
