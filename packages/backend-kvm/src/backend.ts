/**
 * The KVM backend: /dev/kvm, one VM with one vCPU, guest RAM in KVM memory
 * slots, and exits translated to core's ExitReason. The vCPU starts in real
 * mode at F000:FFF0 with CS base F0000 (selector × 16, the convention every
 * tinyvm backend shares), not KVM's reset base of FFFF0000; callers normally
 * set their own entry point with setState(realModeState(...)).
 */
import {
  realModeState, type CpuState, type ExitReason, type MemoryRegion, type MemoryRegionSpec,
  type RunOptions, type VcpuBackend,
} from '@tinyvm/core';
import { DEFAULT_KVM_DEVICE, openKvmDevice } from './device.js';
import { KVM_GET_VCPU_MMAP_SIZE } from './kvm-abi.js';
import { close, ioctlWithValue } from './libc.js';
import { KvmVcpu } from './vcpu.js';
import { KvmVm, checkedIoctl } from './vm.js';

export interface KvmOptions {
  /** The KVM device; default '/dev/kvm'. */
  devicePath?: string;
}

/** Where a new vCPU starts: the x86 reset vector, in real mode. */
const RESET_ENTRY = { cs: 0xf000, ip: 0xfff0 } as const;

export class KvmBackend implements VcpuBackend {
  readonly name = 'kvm' as const;
  readonly #kvmFd: number;
  readonly #vm: KvmVm;
  readonly #vcpu: KvmVcpu;
  #disposed = false;

  /** Use createKvmBackend(): it opens and checks the device first. Takes ownership of `kvmFd`. */
  constructor(kvmFd: number) {
    this.#kvmFd = kvmFd;
    let vm: KvmVm | undefined;
    let vcpu: KvmVcpu | undefined;
    try {
      const runSize = checkedIoctl('KVM_GET_VCPU_MMAP_SIZE', () => ioctlWithValue(kvmFd, KVM_GET_VCPU_MMAP_SIZE, 0));
      vm = new KvmVm(kvmFd);
      vcpu = new KvmVcpu(vm.createVcpuFd(0), runSize);
      vcpu.setState(realModeState(RESET_ENTRY));
    } catch (error) {
      // Release in reverse order of creation: vCPU, VM, device.
      vcpu?.close();
      vm?.close();
      close(kvmFd);
      throw error;
    }
    this.#vm = vm;
    this.#vcpu = vcpu;
  }

  createRegion(spec: MemoryRegionSpec): MemoryRegion {
    return this.#vm.addRegion(spec);
  }

  run(options?: RunOptions): ExitReason {
    const deadline = options?.deadline;
    // Anything but a finite number (undefined, Infinity, NaN) means no deadline.
    return this.#vcpu.run(deadline !== undefined && deadline < Infinity ? deadline : Infinity);
  }

  /**
   * Queues an external interrupt (a vector from a userspace PIC), injected with
   * KVM_INTERRUPT when the guest can take it (interrupts.ts; run on nested KVM only).
   */
  raiseInterrupt(vector: number): void {
    this.#vcpu.interrupts.raise(vector);
  }

  /** The A20 gate (the PC's 8042 and port 92h): closed, the HMA wraps to low memory (KvmVm.setA20). */
  setA20(enabled: boolean): void {
    this.#vm.setA20(enabled);
  }

  getState(): CpuState {
    return this.#vcpu.getState();
  }

  setState(state: CpuState): void {
    this.#vcpu.setState(state);
  }

  /** Closes the vCPU, VM and device fds and releases kvm_run and guest RAM; idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#vcpu.close();
    this.#vm.close();
    close(this.#kvmFd);
  }
}

/**
 * Opens the KVM device and creates a VM with one vCPU. Throws BackendError
 * 'kvm-unavailable' (no device, no permission, not KVM) or 'kvm-failed' (an
 * ioctl failed; errno in the message), having released whatever it opened.
 */
export function createKvmBackend(options: KvmOptions = {}): KvmBackend {
  const kvmFd = openKvmDevice(options.devicePath ?? DEFAULT_KVM_DEVICE);
  return new KvmBackend(kvmFd);
}
