/**
 * One KVM virtual machine: the VM fd, its real-mode helper pages and its
 * guest-memory slots (KVM_SET_USER_MEMORY_REGION), each backed by an anonymous
 * host mapping that the rest of tinyvm sees as a Uint8Array.
 */
import { BackendError, MemoryLayoutError, validateRegionSpec, type MemoryRegion, type MemoryRegionSpec } from '@tinyvm/core';
import { checkExtension } from './device.js';
import {
  IDENTITY_MAP_ADDRESS, IDENTITY_MAP_SIZE, KVM_CAP_NR_MEMSLOTS, KVM_CAP_READONLY_MEM, KVM_CAP_SET_IDENTITY_MAP_ADDR,
  KVM_CREATE_VCPU, KVM_CREATE_VM, KVM_MEM_READONLY, KVM_SET_IDENTITY_MAP_ADDR, KVM_SET_TSS_ADDR,
  KVM_SET_USER_MEMORY_REGION, MEMORY_REGION, TSS_ADDRESS, TSS_SIZE,
} from './kvm-abi.js';
import { EINTR, close, describeErrno, errno, ioctlWithPointer, ioctlWithValue } from './libc.js';
import { mapAnonymous, retireMapping, unmap, type Mapping } from './mapping.js';

const SCRATCH_SIZE = 0x1000;

/** Throws 'kvm-failed' naming the ioctl and errno when `result` is negative; retries EINTR. */
export function checkedIoctl(what: string, call: () => number): number {
  for (;;) {
    const result = call();
    if (result >= 0) return result;
    const code = errno();
    if (code === EINTR) continue;
    throw new BackendError('kvm-failed', `${what} failed: ${describeErrno(code)}`);
  }
}

/** Guest-physical ranges KVM itself uses in real mode; guest RAM must stay clear of them. */
const RESERVED_RANGES = [
  { base: IDENTITY_MAP_ADDRESS, size: IDENTITY_MAP_SIZE, name: 'KVM identity-map page' },
  { base: TSS_ADDRESS, size: TSS_SIZE, name: 'KVM real-mode TSS' },
] as const;

interface Slot {
  readonly region: MemoryRegion;
  readonly mapping: Mapping;
}

/**
 * The high memory area: with the A20 gate closed, the CPU's 21st address line is
 * held low, so real-mode addresses 100000h-10FFEFh (FFFF:0010 and up) reach
 * 000000h-00FFEFh again (IBM PC AT Technical Reference, "Address Line 20").
 */
const HMA_BASE = 0x100000;
const HMA_SIZE = 0x10000;

export class KvmVm {
  readonly fd: number;
  readonly #kvmFd: number;
  readonly #slots: Slot[] = [];
  readonly #maxSlots: number;
  /** A 4 KiB scratch page for the structs this VM passes to ioctls (kvm_userspace_memory_region, __u64). */
  readonly #scratch: Mapping;
  readonly #scratchView: DataView;
  #closed = false;
  /** A20 is closed: the HMA shows low memory through the alias slot (setA20). */
  #a20Masked = false;

  constructor(kvmFd: number) {
    this.#kvmFd = kvmFd;
    this.#scratch = mapAnonymous(SCRATCH_SIZE, 'VM ioctl arguments');
    this.#scratchView = new DataView(this.#scratch.buffer);
    let fd = -1;
    try {
      // Machine type 0: the default x86 VM (api.rst, KVM_CREATE_VM).
      fd = checkedIoctl('KVM_CREATE_VM', () => ioctlWithValue(kvmFd, KVM_CREATE_VM, 0));
      this.fd = fd;
      // KVM_CAP_NR_MEMSLOTS: "the maximum number of slots"; 0 on kernels too old to say (use the old minimum, 32).
      this.#maxSlots = checkExtension(kvmFd, KVM_CAP_NR_MEMSLOTS) || 32;
      this.#setUpRealModeHelpers();
    } catch (error) {
      if (fd >= 0) close(fd);
      unmap(this.#scratch);
      throw error;
    }
  }

  /**
   * On Intel CPUs without "unrestricted guest", KVM runs real mode as vm86 and needs
   * three pages for a TSS and one for an identity page table, at guest-physical
   * addresses no RAM uses. Both must be set before the first vCPU is created.
   */
  #setUpRealModeHelpers(): void {
    checkedIoctl('KVM_SET_TSS_ADDR', () => ioctlWithValue(this.fd, KVM_SET_TSS_ADDR, TSS_ADDRESS));
    if (checkExtension(this.#kvmFd, KVM_CAP_SET_IDENTITY_MAP_ADDR) !== 0) {
      // The argument is a pointer to a __u64 holding the address.
      this.#scratchView.setBigUint64(0, BigInt(IDENTITY_MAP_ADDRESS), true);
      checkedIoctl('KVM_SET_IDENTITY_MAP_ADDR', () => ioctlWithPointer(this.fd, KVM_SET_IDENTITY_MAP_ADDR, this.#scratch.address));
    }
  }

  /** KVM_CREATE_VCPU with the given id; returns the vCPU fd. */
  createVcpuFd(id: number): number {
    return checkedIoctl('KVM_CREATE_VCPU', () => ioctlWithValue(this.fd, KVM_CREATE_VCPU, id));
  }

  get regions(): readonly MemoryRegion[] {
    return this.#slots.map((slot) => slot.region);
  }

  /** Maps fresh zeroed host memory at spec.base in the guest, in the next free slot. */
  addRegion(spec: MemoryRegionSpec): MemoryRegion {
    if (this.#closed) throw new BackendError('backend-disposed', 'the KVM backend was disposed');
    validateRegionSpec(spec);
    const { base, size, name } = spec;
    const readOnly = spec.readOnly ?? false;
    for (const other of [...RESERVED_RANGES, ...this.regions]) {
      if (base < other.base + other.size && other.base < base + size) {
        throw new MemoryLayoutError(`region "${name}" overlaps ${'bytes' in other ? `region "${other.name}"` : `the ${other.name} at 0x${other.base.toString(16)}`}`);
      }
    }
    // The last slot is kept for the A20 alias (setA20).
    if (this.#slots.length >= this.#maxSlots - 1) {
      throw new BackendError('kvm-failed', `region "${name}": KVM allows only ${this.#maxSlots} memory slots (one is kept for A20)`);
    }
    if (readOnly && checkExtension(this.#kvmFd, KVM_CAP_READONLY_MEM) === 0) {
      throw new BackendError('kvm-failed', `region "${name}": this kernel's KVM cannot map read-only memory (no KVM_CAP_READONLY_MEM)`);
    }
    const mapping = mapAnonymous(size, `region "${name}"`);
    try {
      this.#setUserMemoryRegion(this.#slots.length, readOnly ? KVM_MEM_READONLY : 0, base, size, mapping.address);
    } catch (error) {
      retireMapping(mapping);
      throw error;
    }
    const region: MemoryRegion = { base, size, name, readOnly, bytes: new Uint8Array(mapping.buffer) };
    this.#slots.push({ region, mapping });
    return region;
  }

  /**
   * Opens or closes the A20 gate for the CPU. KVM has no A20 mask (QEMU, for one,
   * leaves A20 open under KVM), so this rearranges memory slots: closed, the slot
   * of RAM at 100000h starts 64 KiB higher and an alias slot maps the HMA onto the
   * host memory of the RAM at 0, so a real-mode guest reads and writes low memory
   * there, as on a PC; open, the RAM slot is whole again. The VMM's own view of
   * memory (region.bytes) is unmasked either way, as DMA is on a PC.
   *
   * Not emulated: with A20 closed, addresses above the HMA (protected or unreal
   * mode) still reach their own memory instead of the one 1 MiB below.
   */
  setA20(enabled: boolean): void {
    if (this.#closed) throw new BackendError('backend-disposed', 'the KVM backend was disposed');
    if (enabled !== this.#a20Masked) return;
    const inHma = this.#slots.filter(({ region }) => region.base < HMA_BASE + HMA_SIZE && HMA_BASE < region.base + region.size);
    if (inHma.some(({ region }) => region.base !== HMA_BASE)) {
      throw new MemoryLayoutError(`A20 on KVM: a region must start at 0x${HMA_BASE.toString(16)} if it covers the high memory area`);
    }
    const high = inHma[0] === undefined ? -1 : this.#slots.indexOf(inHma[0]);
    const low = this.#slots.find(({ region }) => region.base === 0 && region.size >= HMA_SIZE);
    const aliasSlot = this.#maxSlots - 1;
    if (!enabled) {
      if (high >= 0) this.#moveSlotStart(high, HMA_SIZE);
      if (low) this.#setUserMemoryRegion(aliasSlot, this.#flags(low), HMA_BASE, HMA_SIZE, low.mapping.address);
    } else {
      if (low) this.#setUserMemoryRegion(aliasSlot, 0, HMA_BASE, 0, 0n);
      if (high >= 0) this.#moveSlotStart(high, 0);
    }
    this.#a20Masked = !enabled;
  }

  #flags(slot: Slot): number {
    return slot.region.readOnly ? KVM_MEM_READONLY : 0;
  }

  /**
   * Re-creates slot `index` to begin `skip` bytes into its region (0: the whole
   * region). KVM cannot resize a slot in place (api.rst, KVM_SET_USER_MEMORY_REGION),
   * so it is deleted (memory_size 0) first.
   */
  #moveSlotStart(index: number, skip: number): void {
    const slot = this.#slots[index];
    const { base, size } = slot.region;
    this.#setUserMemoryRegion(index, this.#flags(slot), base, 0, 0n);
    if (size > skip) this.#setUserMemoryRegion(index, this.#flags(slot), base + skip, size - skip, slot.mapping.address + BigInt(skip));
  }

  /**
   * struct kvm_userspace_memory_region { __u32 slot, flags; __u64 guest_phys_addr,
   * memory_size, userspace_addr; }. KVM keeps using the host range until the slot
   * is deleted or the VM is destroyed, so the mapping must outlive both.
   */
  #setUserMemoryRegion(slot: number, flags: number, guestAddress: number, size: number, hostAddress: bigint): void {
    const view = this.#scratchView;
    view.setUint32(MEMORY_REGION.SLOT, slot, true);
    view.setUint32(MEMORY_REGION.FLAGS, flags, true);
    view.setBigUint64(MEMORY_REGION.GUEST_PHYS_ADDR, BigInt(guestAddress), true);
    view.setBigUint64(MEMORY_REGION.MEMORY_SIZE, BigInt(size), true);
    view.setBigUint64(MEMORY_REGION.USERSPACE_ADDR, hostAddress, true);
    checkedIoctl(`KVM_SET_USER_MEMORY_REGION (slot ${slot})`, () =>
      ioctlWithPointer(this.fd, KVM_SET_USER_MEMORY_REGION, this.#scratch.address));
  }

  /**
   * Closes the VM fd, then releases guest RAM. The kernel destroys the VM (and
   * drops its use of our memory) once the vCPU fds and mappings are gone too,
   * so the caller closes the vCPU first.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    close(this.fd);
    for (const slot of this.#slots) retireMapping(slot.mapping);
    this.#slots.length = 0;
    unmap(this.#scratch);
  }
}
