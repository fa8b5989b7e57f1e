/**
 * Host memory mappings seen from TypeScript: guest RAM and the vCPU's kvm_run.
 *
 * A mapping is viewed without copies through koffi.view, and such an
 * ArrayBuffer cannot be detached: if the memory were simply munmap'ed, a
 * Uint8Array somebody kept (a screen reading the VGA buffer, a kept exit's data)
 * would fault and kill the process. So releasing a mapping "retires" it:
 * mmap(MAP_FIXED) puts fresh anonymous, unreserved pages over the same range in
 * one step, which drops the old pages (and the reference the kvm_run mapping
 * holds on the vCPU file) at once; stale views then read zeros. The address
 * range itself is munmap'ed when the last view is garbage-collected.
 */
import { BackendError } from '@tinyvm/core';
import {
  MAP_ANONYMOUS, MAP_FIXED, MAP_NORESERVE, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE,
  describeErrno, errno, mmap, munmap, viewMemory,
} from './libc.js';

export interface Mapping {
  readonly address: bigint;
  readonly length: number;
  /** The memory, no copy. */
  readonly buffer: ArrayBuffer;
}

/** Unmaps a retired range once nothing in JavaScript can reach its view any more. */
const unmapWhenUnreachable = new FinalizationRegistry<{ address: bigint; length: number }>(({ address, length }) => {
  munmap(address, length);
});

/** Zero-filled private memory for guest RAM or scratch structs (page-aligned, as KVM requires). */
export function mapAnonymous(length: number, what: string): Mapping {
  const address = mmap(null, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (address === undefined) {
    throw new BackendError('kvm-failed', `mmap of ${length} bytes for ${what} failed: ${describeErrno(errno())}`);
  }
  return { address, length, buffer: viewMemory(address, length) };
}

/** The vCPU's struct kvm_run: mmap(vcpu_fd, offset 0) of KVM_GET_VCPU_MMAP_SIZE bytes, shared with the kernel. */
export function mapVcpuRun(vcpuFd: number, length: number): Mapping {
  const address = mmap(null, length, PROT_READ | PROT_WRITE, MAP_SHARED, vcpuFd, 0);
  if (address === undefined) {
    throw new BackendError('kvm-failed', `mmap of the vCPU's kvm_run (${length} bytes) failed: ${describeErrno(errno())}`);
  }
  return { address, length, buffer: viewMemory(address, length) };
}

/**
 * Releases a mapping's memory now while keeping old views harmless (see the
 * header). Falls back to munmap if the replacement cannot be made, which only
 * happens when the address space is exhausted.
 */
export function retireMapping(mapping: Mapping): void {
  const { address, length, buffer } = mapping;
  const replaced = mmap(address, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  if (replaced === address) {
    unmapWhenUnreachable.register(buffer, { address, length });
  } else {
    munmap(address, length);
  }
}

/** Unmaps memory that was never handed out as a view (scratch structs). */
export function unmap(mapping: Mapping): void {
  munmap(mapping.address, mapping.length);
}
