/**
 * The KVM user-space ABI for x86-64: ioctl numbers, capabilities, exit codes and
 * the byte layout of every struct the backend reads or writes, transcribed from
 * <linux/kvm.h> and <asm/kvm.h> (Documentation/virt/kvm/api.rst). kvm-abi.test.ts
 * compiles a C program against the installed headers and checks every number here.
 */

// --- ioctl numbers (<asm-generic/ioctl.h>: dir:2 | size:14 | type:8 | nr:8) ---

const IOC_NONE = 0;
const IOC_WRITE = 1;
const IOC_READ = 2;
/** The ioctl "type" byte of every KVM request. */
export const KVMIO = 0xae;

/** _IOC(dir, type, nr, size), computed without 32-bit bitwise overflow (dir 2 sets bit 31). */
function ioc(dir: number, nr: number, size: number): number {
  return dir * 2 ** 30 + size * 2 ** 16 + KVMIO * 2 ** 8 + nr;
}
const io = (nr: number): number => ioc(IOC_NONE, nr, 0);
const ior = (nr: number, size: number): number => ioc(IOC_READ, nr, size);
const iow = (nr: number, size: number): number => ioc(IOC_WRITE, nr, size);

// --- struct sizes ---

export const KVM_REGS_SIZE = 144;
export const KVM_SREGS_SIZE = 312;
export const KVM_SEGMENT_SIZE = 24;
export const KVM_DTABLE_SIZE = 16;
export const KVM_USERSPACE_MEMORY_REGION_SIZE = 32;
const U64_SIZE = 8;

// System ioctls (on the /dev/kvm fd).
export const KVM_GET_API_VERSION = io(0x00);
export const KVM_CREATE_VM = io(0x01);
export const KVM_CHECK_EXTENSION = io(0x03);
export const KVM_GET_VCPU_MMAP_SIZE = io(0x04);
// VM ioctls.
export const KVM_CREATE_VCPU = io(0x41);
export const KVM_SET_USER_MEMORY_REGION = iow(0x46, KVM_USERSPACE_MEMORY_REGION_SIZE);
export const KVM_SET_TSS_ADDR = io(0x47);
export const KVM_SET_IDENTITY_MAP_ADDR = iow(0x48, U64_SIZE);
// vCPU ioctls.
export const KVM_RUN = io(0x80);
export const KVM_GET_REGS = ior(0x81, KVM_REGS_SIZE);
export const KVM_SET_REGS = iow(0x82, KVM_REGS_SIZE);
export const KVM_GET_SREGS = ior(0x83, KVM_SREGS_SIZE);
export const KVM_SET_SREGS = iow(0x84, KVM_SREGS_SIZE);

/** KVM_GET_API_VERSION has returned 12 since Linux 2.6.22; anything else is not the stable API. */
export const KVM_API_VERSION = 12;

// --- capabilities (KVM_CHECK_EXTENSION) ---

export const KVM_CAP_USER_MEMORY = 3;
export const KVM_CAP_SET_TSS_ADDR = 4;
export const KVM_CAP_NR_MEMSLOTS = 10;
export const KVM_CAP_SET_IDENTITY_MAP_ADDR = 37;
export const KVM_CAP_READONLY_MEM = 81;
export const KVM_CAP_IMMEDIATE_EXIT = 136;

/** kvm_userspace_memory_region.flags: the guest cannot write the slot (writes exit as MMIO). */
export const KVM_MEM_READONLY = 1 << 1;

// --- exits ---

export const KVM_EXIT_IO_IN = 0;
export const KVM_EXIT_IO_OUT = 1;

/** KVM_EXIT_* codes by value, as named in <linux/kvm.h>. */
export const KVM_EXIT_NAMES: readonly string[] = [
  'KVM_EXIT_UNKNOWN', 'KVM_EXIT_EXCEPTION', 'KVM_EXIT_IO', 'KVM_EXIT_HYPERCALL', 'KVM_EXIT_DEBUG',
  'KVM_EXIT_HLT', 'KVM_EXIT_MMIO', 'KVM_EXIT_IRQ_WINDOW_OPEN', 'KVM_EXIT_SHUTDOWN', 'KVM_EXIT_FAIL_ENTRY',
  'KVM_EXIT_INTR', 'KVM_EXIT_SET_TPR', 'KVM_EXIT_TPR_ACCESS', 'KVM_EXIT_S390_SIEIC', 'KVM_EXIT_S390_RESET',
  'KVM_EXIT_DCR', 'KVM_EXIT_NMI', 'KVM_EXIT_INTERNAL_ERROR', 'KVM_EXIT_OSI', 'KVM_EXIT_PAPR_HCALL',
  'KVM_EXIT_S390_UCONTROL', 'KVM_EXIT_WATCHDOG', 'KVM_EXIT_S390_TSCH', 'KVM_EXIT_EPR', 'KVM_EXIT_SYSTEM_EVENT',
  'KVM_EXIT_S390_STSI', 'KVM_EXIT_IOAPIC_EOI', 'KVM_EXIT_HYPERV', 'KVM_EXIT_ARM_NISV', 'KVM_EXIT_X86_RDMSR',
  'KVM_EXIT_X86_WRMSR', 'KVM_EXIT_DIRTY_RING_FULL', 'KVM_EXIT_AP_RESET_HOLD', 'KVM_EXIT_X86_BUS_LOCK',
  'KVM_EXIT_XEN', 'KVM_EXIT_RISCV_SBI', 'KVM_EXIT_RISCV_CSR', 'KVM_EXIT_NOTIFY',
];
export const KVM_EXIT_UNKNOWN = 0;
export const KVM_EXIT_IO = 2;
export const KVM_EXIT_DEBUG = 4;
export const KVM_EXIT_HLT = 5;
export const KVM_EXIT_MMIO = 6;
export const KVM_EXIT_SHUTDOWN = 8;
export const KVM_EXIT_FAIL_ENTRY = 9;
export const KVM_EXIT_INTR = 10;
export const KVM_EXIT_INTERNAL_ERROR = 17;
export const KVM_EXIT_SYSTEM_EVENT = 24;

/** The name of a KVM_EXIT_* code, or "KVM_EXIT_<n>" for one newer than these headers. */
export function kvmExitName(code: number): string {
  return KVM_EXIT_NAMES[code] ?? `KVM_EXIT_${code}`;
}

/** KVM_INTERNAL_ERROR_* sub-reasons (kvm_run.internal.suberror). */
export const KVM_INTERNAL_ERROR_NAMES: Readonly<Record<number, string>> = {
  1: 'emulation failure',
  2: 'simultaneous exceptions',
  3: 'exception during event delivery',
  4: 'unexpected exit reason',
};
/** Values of KVM_INTERNAL_ERROR_EMULATION ... _UNEXPECTED_EXIT_REASON, checked against the header. */
export const KVM_INTERNAL_ERROR_EMULATION = 1;
export const KVM_INTERNAL_ERROR_SIMUL_EX = 2;
export const KVM_INTERNAL_ERROR_DELIVERY_EV = 3;
export const KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON = 4;

/** kvm_run.system_event.type values that mean the machine is going down or resetting. */
export const KVM_SYSTEM_EVENT_SHUTDOWN = 1;
export const KVM_SYSTEM_EVENT_RESET = 2;

// --- struct kvm_run (mmap of the vCPU fd, offset 0) ---

/** Byte offsets inside struct kvm_run; exit data are members of the union at 32. */
export const RUN = {
  /** __u8, in: non-zero makes KVM_RUN return -EINTR at once (KVM_CAP_IMMEDIATE_EXIT). */
  IMMEDIATE_EXIT: 1,
  /** __u32, out: KVM_EXIT_*. */
  EXIT_REASON: 8,
  /** KVM_EXIT_UNKNOWN: __u64 hw.hardware_exit_reason. */
  HW_EXIT_REASON: 32,
  /** KVM_EXIT_FAIL_ENTRY: __u64 hardware_entry_failure_reason, __u32 cpu. */
  FAIL_ENTRY_REASON: 32,
  FAIL_ENTRY_CPU: 40,
  /** KVM_EXIT_IO: __u8 direction, __u8 size, __u16 port, __u32 count, __u64 data_offset (from kvm_run). */
  IO_DIRECTION: 32,
  IO_SIZE: 33,
  IO_PORT: 34,
  IO_COUNT: 36,
  IO_DATA_OFFSET: 40,
  /** KVM_EXIT_DEBUG: struct kvm_debug_exit_arch { __u32 exception; __u32 pad; __u64 pc; __u64 dr6, dr7; }. */
  DEBUG_EXCEPTION: 32,
  DEBUG_PC: 40,
  /** KVM_EXIT_MMIO: __u64 phys_addr, __u8 data[8], __u32 len, __u8 is_write. */
  MMIO_PHYS_ADDR: 32,
  MMIO_DATA: 40,
  MMIO_LEN: 48,
  MMIO_IS_WRITE: 52,
  /** KVM_EXIT_INTERNAL_ERROR: __u32 suberror, __u32 ndata, __u64 data[16]. */
  INTERNAL_SUBERROR: 32,
  INTERNAL_NDATA: 36,
  INTERNAL_DATA: 40,
  /** KVM_EXIT_SYSTEM_EVENT: __u32 type, __u32 ndata, ... */
  SYSTEM_EVENT_TYPE: 32,
} as const;
/** Length of kvm_run.mmio.data and kvm_run.internal.data. */
export const MMIO_DATA_MAX = 8;
export const INTERNAL_DATA_MAX = 16;

// --- struct kvm_regs: 18 __u64 in this order ---

export const REGS = {
  RAX: 0, RBX: 8, RCX: 16, RDX: 24, RSI: 32, RDI: 40, RSP: 48, RBP: 56,
  R8: 64, R15: 120, RIP: 128, RFLAGS: 136,
} as const;

// --- struct kvm_segment ---

export const SEGMENT = {
  BASE: 0, // __u64
  LIMIT: 8, // __u32
  SELECTOR: 12, // __u16
  TYPE: 14, // __u8 each from here on
  PRESENT: 15,
  DPL: 16,
  DB: 17,
  S: 18,
  L: 19,
  G: 20,
  AVL: 21,
  UNUSABLE: 22,
  PADDING: 23,
} as const;

// --- struct kvm_dtable ---

export const DTABLE = { BASE: 0 /* __u64 */, LIMIT: 8 /* __u16, then __u16 padding[3] */ } as const;

// --- struct kvm_sregs ---

export const SREGS = {
  CS: 0, DS: 24, ES: 48, FS: 72, GS: 96, SS: 120, TR: 144, LDT: 168,
  GDT: 192, IDT: 208,
  CR0: 224, CR2: 232, CR3: 240, CR4: 248, CR8: 256, EFER: 264, APIC_BASE: 272,
  /** __u64[4]: pending external interrupts (KVM_NR_INTERRUPTS = 256 bits). */
  INTERRUPT_BITMAP: 280,
} as const;

// --- struct kvm_userspace_memory_region ---

export const MEMORY_REGION = {
  SLOT: 0, // __u32
  FLAGS: 4, // __u32
  GUEST_PHYS_ADDR: 8, // __u64
  MEMORY_SIZE: 16, // __u64
  USERSPACE_ADDR: 24, // __u64
} as const;

// --- guest-physical addresses KVM needs for real mode on Intel ---

/**
 * Three pages KVM uses for the TSS of its vm86-based real-mode emulation on VMX
 * without "unrestricted guest" (KVM_SET_TSS_ADDR; QEMU and kvmtool use a page
 * just below the BIOS alias too). Must not overlap guest RAM.
 */
export const TSS_ADDRESS = 0xfffb_d000;
export const TSS_SIZE = 3 * 0x1000;
/** One page for the identity-mapped page table of that emulation (KVM_SET_IDENTITY_MAP_ADDR); KVM's own default. */
export const IDENTITY_MAP_ADDRESS = 0xfffb_c000;
export const IDENTITY_MAP_SIZE = 0x1000;
