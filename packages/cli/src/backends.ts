/**
 * Choosing and opening the vCPU backend. The backend packages are imported
 * lazily: the KVM backend loads a native FFI library (koffi) that an
 * interpreter-only run should not pay for, and a missing KVM must not stop the
 * interpreter from working.
 */
import { BackendError, type VcpuBackend } from '@tinyvm/core';
import type { BackendChoice } from './args.js';

type KvmModule = typeof import('@tinyvm/backend-kvm');
type InterpModule = typeof import('@tinyvm/backend-interp');

export const DEFAULT_KVM_DEVICE = '/dev/kvm';

export interface OpenedBackend {
  backend: VcpuBackend;
  /** A line for stderr when auto picked for the user (e.g. why not KVM). */
  notice?: string;
}

async function loadKvm(): Promise<KvmModule> {
  try {
    return await import('@tinyvm/backend-kvm');
  } catch (error) {
    // E.g. koffi has no prebuilt library for this platform.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new BackendError('kvm-unavailable', `cannot load the KVM backend: ${reason}`, { cause: error });
  }
}

async function loadInterp(): Promise<InterpModule> {
  return import('@tinyvm/backend-interp');
}

export async function openBackend(choice: BackendChoice, kvmDevice?: string): Promise<OpenedBackend> {
  const devicePath = kvmDevice ?? DEFAULT_KVM_DEVICE;
  if (choice === 'interp') return { backend: (await loadInterp()).createInterpBackend() };
  if (choice === 'kvm') {
    const kvm = await loadKvm();
    // Ask first so the message names the cause (absent, permission) rather than a failed ioctl.
    const availability = kvm.kvmAvailability(devicePath);
    if (!availability.available) throw new BackendError('kvm-unavailable', `cannot use KVM: ${availability.reason}`);
    return { backend: kvm.createKvmBackend({ devicePath }) };
  }
  // auto: KVM when the device opens, else the interpreter, saying so.
  let reason: string;
  try {
    const kvm = await loadKvm();
    const availability = kvm.kvmAvailability(devicePath);
    if (availability.available) return { backend: kvm.createKvmBackend({ devicePath }) };
    reason = availability.reason;
  } catch (error) {
    // Auto never fails for want of KVM: whatever went wrong, say it and fall back.
    reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  return { backend: (await loadInterp()).createInterpBackend(), notice: `${reason}; using the interpreter` };
}
