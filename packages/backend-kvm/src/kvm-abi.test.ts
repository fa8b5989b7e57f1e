/**
 * Every ioctl number, constant, struct size and field offset in kvm-abi.ts,
 * checked against the kernel headers by compiling a C program that prints them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as abi from './kvm-abi.js';
import { evaluateC, noCompilerReason } from './test-c.js';

const INCLUDES = '#include <linux/kvm.h>';

const IOCTLS = [
  'KVM_GET_API_VERSION', 'KVM_CREATE_VM', 'KVM_CHECK_EXTENSION', 'KVM_GET_VCPU_MMAP_SIZE', 'KVM_CREATE_VCPU',
  'KVM_SET_USER_MEMORY_REGION', 'KVM_SET_TSS_ADDR', 'KVM_SET_IDENTITY_MAP_ADDR', 'KVM_RUN', 'KVM_GET_REGS',
  'KVM_SET_REGS', 'KVM_GET_SREGS', 'KVM_SET_SREGS',
] as const;

const CONSTANTS = [
  'KVMIO', 'KVM_API_VERSION', 'KVM_CAP_USER_MEMORY', 'KVM_CAP_SET_TSS_ADDR', 'KVM_CAP_NR_MEMSLOTS',
  'KVM_CAP_SET_IDENTITY_MAP_ADDR', 'KVM_CAP_READONLY_MEM', 'KVM_CAP_IMMEDIATE_EXIT', 'KVM_MEM_READONLY',
  'KVM_EXIT_IO_IN', 'KVM_EXIT_IO_OUT', 'KVM_EXIT_UNKNOWN', 'KVM_EXIT_IO', 'KVM_EXIT_DEBUG', 'KVM_EXIT_HLT',
  'KVM_EXIT_MMIO', 'KVM_EXIT_SHUTDOWN', 'KVM_EXIT_FAIL_ENTRY', 'KVM_EXIT_INTR', 'KVM_EXIT_INTERNAL_ERROR',
  'KVM_EXIT_SYSTEM_EVENT', 'KVM_INTERNAL_ERROR_EMULATION', 'KVM_INTERNAL_ERROR_SIMUL_EX',
  'KVM_INTERNAL_ERROR_DELIVERY_EV', 'KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON', 'KVM_SYSTEM_EVENT_SHUTDOWN',
  'KVM_SYSTEM_EVENT_RESET',
] as const;

/** [what kvm-abi.ts says, the C expression that must equal it]. */
const LAYOUT: readonly (readonly [number, string])[] = [
  [abi.KVM_REGS_SIZE, 'sizeof(struct kvm_regs)'],
  [abi.KVM_SREGS_SIZE, 'sizeof(struct kvm_sregs)'],
  [abi.KVM_SEGMENT_SIZE, 'sizeof(struct kvm_segment)'],
  [abi.KVM_DTABLE_SIZE, 'sizeof(struct kvm_dtable)'],
  [abi.KVM_USERSPACE_MEMORY_REGION_SIZE, 'sizeof(struct kvm_userspace_memory_region)'],
  [abi.MMIO_DATA_MAX, 'sizeof(((struct kvm_run *)0)->mmio.data)'],
  [abi.INTERNAL_DATA_MAX, 'sizeof(((struct kvm_run *)0)->internal.data) / 8'],
  [abi.RUN.IMMEDIATE_EXIT, 'offsetof(struct kvm_run, immediate_exit)'],
  [abi.RUN.EXIT_REASON, 'offsetof(struct kvm_run, exit_reason)'],
  [abi.RUN.HW_EXIT_REASON, 'offsetof(struct kvm_run, hw.hardware_exit_reason)'],
  [abi.RUN.FAIL_ENTRY_REASON, 'offsetof(struct kvm_run, fail_entry.hardware_entry_failure_reason)'],
  [abi.RUN.FAIL_ENTRY_CPU, 'offsetof(struct kvm_run, fail_entry.cpu)'],
  [abi.RUN.IO_DIRECTION, 'offsetof(struct kvm_run, io.direction)'],
  [abi.RUN.IO_SIZE, 'offsetof(struct kvm_run, io.size)'],
  [abi.RUN.IO_PORT, 'offsetof(struct kvm_run, io.port)'],
  [abi.RUN.IO_COUNT, 'offsetof(struct kvm_run, io.count)'],
  [abi.RUN.IO_DATA_OFFSET, 'offsetof(struct kvm_run, io.data_offset)'],
  [abi.RUN.DEBUG_EXCEPTION, 'offsetof(struct kvm_run, debug.arch.exception)'],
  [abi.RUN.DEBUG_PC, 'offsetof(struct kvm_run, debug.arch.pc)'],
  [abi.RUN.MMIO_PHYS_ADDR, 'offsetof(struct kvm_run, mmio.phys_addr)'],
  [abi.RUN.MMIO_DATA, 'offsetof(struct kvm_run, mmio.data)'],
  [abi.RUN.MMIO_LEN, 'offsetof(struct kvm_run, mmio.len)'],
  [abi.RUN.MMIO_IS_WRITE, 'offsetof(struct kvm_run, mmio.is_write)'],
  [abi.RUN.INTERNAL_SUBERROR, 'offsetof(struct kvm_run, internal.suberror)'],
  [abi.RUN.INTERNAL_NDATA, 'offsetof(struct kvm_run, internal.ndata)'],
  [abi.RUN.INTERNAL_DATA, 'offsetof(struct kvm_run, internal.data)'],
  [abi.RUN.SYSTEM_EVENT_TYPE, 'offsetof(struct kvm_run, system_event.type)'],
  ...(['RAX', 'RBX', 'RCX', 'RDX', 'RSI', 'RDI', 'RSP', 'RBP', 'R8', 'R15', 'RIP', 'RFLAGS'] as const)
    .map((name) => [abi.REGS[name], `offsetof(struct kvm_regs, ${name.toLowerCase()})`] as const),
  ...(['BASE', 'LIMIT', 'SELECTOR', 'TYPE', 'PRESENT', 'DPL', 'DB', 'S', 'L', 'G', 'AVL', 'UNUSABLE', 'PADDING'] as const)
    .map((name) => [abi.SEGMENT[name], `offsetof(struct kvm_segment, ${name.toLowerCase()})`] as const),
  [abi.DTABLE.BASE, 'offsetof(struct kvm_dtable, base)'],
  [abi.DTABLE.LIMIT, 'offsetof(struct kvm_dtable, limit)'],
  ...(['CS', 'DS', 'ES', 'FS', 'GS', 'SS', 'TR', 'GDT', 'IDT', 'CR0', 'CR2', 'CR3', 'CR4', 'CR8', 'EFER', 'APIC_BASE', 'INTERRUPT_BITMAP'] as const)
    .map((name) => [abi.SREGS[name], `offsetof(struct kvm_sregs, ${name.toLowerCase()})`] as const),
  [abi.SREGS.LDT, 'offsetof(struct kvm_sregs, ldt)'],
  [abi.MEMORY_REGION.SLOT, 'offsetof(struct kvm_userspace_memory_region, slot)'],
  [abi.MEMORY_REGION.FLAGS, 'offsetof(struct kvm_userspace_memory_region, flags)'],
  [abi.MEMORY_REGION.GUEST_PHYS_ADDR, 'offsetof(struct kvm_userspace_memory_region, guest_phys_addr)'],
  [abi.MEMORY_REGION.MEMORY_SIZE, 'offsetof(struct kvm_userspace_memory_region, memory_size)'],
  [abi.MEMORY_REGION.USERSPACE_ADDR, 'offsetof(struct kvm_userspace_memory_region, userspace_addr)'],
];

if (noCompilerReason) console.log(`kvm-abi: skipping the header comparison: ${noCompilerReason}`);

describe.skipIf(noCompilerReason !== undefined)('the KVM ABI matches <linux/kvm.h>', () => {
  it('has the kernel ioctl numbers', () => {
    const kernel = evaluateC(INCLUDES, IOCTLS.map((name) => [name, name]));
    for (const name of IOCTLS) {
      expect({ name, value: `0x${abi[name].toString(16)}` }).toEqual({ name, value: `0x${kernel.get(name)!.toString(16)}` });
    }
  });

  it('has the kernel capability, exit and flag values', () => {
    const kernel = evaluateC(INCLUDES, CONSTANTS.map((name) => [name, name]));
    for (const name of CONSTANTS) expect({ name, value: abi[name] }).toEqual({ name, value: kernel.get(name) });
  });

  it('lays out kvm_run, kvm_regs, kvm_sregs, kvm_segment, kvm_dtable and the memory region as the kernel does', () => {
    const kernel = evaluateC(INCLUDES, LAYOUT.map(([, expression], i) => [`f${i}`, expression]));
    LAYOUT.forEach(([ours, expression], i) => {
      expect({ expression, value: ours }).toEqual({ expression, value: kernel.get(`f${i}`) });
    });
  });

  it('names every KVM_EXIT_* code the header defines, by its value', () => {
    const kernel = evaluateC(INCLUDES, abi.KVM_EXIT_NAMES.map((name) => [name, name]));
    abi.KVM_EXIT_NAMES.forEach((name, code) => expect({ name, code }).toEqual({ name, code: kernel.get(name) }));
    // Exit codes are the top-level KVM_EXIT_<NAME> defines; the IO direction and the
    // Hyper-V/Xen sub-codes share the prefix but are not exit reasons.
    const header = readFileSync('/usr/include/linux/kvm.h', 'utf8');
    const defined = [...header.matchAll(/^#define\s+(KVM_EXIT_[A-Z0-9_]+)\s+\d+/gm)]
      .map((m) => m[1])
      .filter((name) => !/^KVM_EXIT_(IO_IN|IO_OUT|HYPERV_|XEN_)/.test(name));
    expect(defined.filter((name) => !abi.KVM_EXIT_NAMES.includes(name))).toEqual([]);
  });
});

describe('ioctl number encoding', () => {
  it('encodes _IOR requests with bit 31 set as positive numbers', () => {
    // _IOR(0xAE, 0x81, 144): dir 2 (read) << 30 | 144 << 16 | 0xAE << 8 | 0x81.
    expect(abi.KVM_GET_REGS).toBe(0x8090ae81);
    expect(abi.KVM_GET_REGS).toBeGreaterThan(0);
  });

  it('names exit codes newer than these headers by number', () => {
    expect(abi.kvmExitName(2)).toBe('KVM_EXIT_IO');
    expect(abi.kvmExitName(99)).toBe('KVM_EXIT_99');
  });
});
