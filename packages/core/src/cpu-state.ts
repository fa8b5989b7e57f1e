/**
 * The architectural state of one x86 vCPU, shared by every backend so that a
 * state taken out of one backend can be put into another over the same memory.
 *
 * tinyvm models 32-bit x86 (real mode up to the 386/486 real-mode extensions):
 * general registers are unsigned 32-bit numbers. A backend with wider registers
 * (KVM's 64-bit kvm_regs) keeps the upper halves zero.
 */

/**
 * A segment register with its hidden part (Intel SDM vol. 3A §3.4.3): the
 * selector the guest sees and the base, limit and attributes the CPU caches.
 * Fields mirror KVM's struct kvm_segment.
 */
export interface SegmentRegister {
  selector: number;
  base: number;
  limit: number;
  /** Descriptor type (4 bits): 3 = read/write accessed data, 0xB = exec/read accessed code. */
  type: number;
  present: boolean;
  dpl: number;
  /** Default operand size: false = 16-bit. */
  db: boolean;
  /** Code or data (true) vs system descriptor (false). */
  s: boolean;
  /** 64-bit code segment. */
  l: boolean;
  /** Granularity: limit in 4 KiB units. */
  g: boolean;
  avl: boolean;
  unusable: boolean;
}

export interface DescriptorTable {
  base: number;
  limit: number;
}

export type SegmentName = 'cs' | 'ds' | 'es' | 'fs' | 'gs' | 'ss';
export const SEGMENT_NAMES: readonly SegmentName[] = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'];

export type GeneralRegisterName = 'eax' | 'ecx' | 'edx' | 'ebx' | 'esp' | 'ebp' | 'esi' | 'edi';
/** In the order of the x86 register encoding (reg field 0..7). */
export const GENERAL_REGISTER_NAMES: readonly GeneralRegisterName[] = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];

export interface CpuState {
  eax: number;
  ecx: number;
  edx: number;
  ebx: number;
  esp: number;
  ebp: number;
  esi: number;
  edi: number;
  eip: number;
  eflags: number;
  cs: SegmentRegister;
  ds: SegmentRegister;
  es: SegmentRegister;
  fs: SegmentRegister;
  gs: SegmentRegister;
  ss: SegmentRegister;
  tr: SegmentRegister;
  ldtr: SegmentRegister;
  gdt: DescriptorTable;
  idt: DescriptorTable;
  cr0: number;
  cr2: number;
  cr3: number;
  cr4: number;
  efer: number;
}

/** EFLAGS bits (Intel SDM vol. 1 §3.4.3). */
export const FLAGS = {
  CF: 1 << 0,
  /** Bit 1 is reserved and always reads as 1. */
  RESERVED1: 1 << 1,
  PF: 1 << 2,
  AF: 1 << 4,
  ZF: 1 << 6,
  SF: 1 << 7,
  TF: 1 << 8,
  IF: 1 << 9,
  DF: 1 << 10,
  OF: 1 << 11,
  IOPL: 3 << 12,
  NT: 1 << 14,
  RF: 1 << 16,
  VM: 1 << 17,
  AC: 1 << 18,
  ID: 1 << 21,
} as const;

/** A real-mode segment: base = selector × 16, 64 KiB limit, present read/write data. */
export function realModeSegment(selector: number, code = false): SegmentRegister {
  return {
    selector: selector & 0xffff,
    base: (selector & 0xffff) << 4,
    limit: 0xffff,
    type: code ? 0xb : 0x3,
    present: true,
    dpl: 0,
    db: false,
    s: true,
    l: false,
    g: false,
    avl: false,
    unusable: false,
  };
}

export interface RealModeEntry {
  cs: number;
  ip: number;
  /** Optional initial register values (e.g. DL = boot drive). */
  registers?: Partial<Pick<CpuState, GeneralRegisterName>>;
  /** SS:SP; defaults to 0000:0000 (the first push wraps to 0000:FFFE). */
  ss?: number;
}

/** The state of a CPU after reset, moved to a real-mode entry point. */
export function realModeState(entry: RealModeEntry): CpuState {
  const system = (type: number): SegmentRegister => ({ ...realModeSegment(0), type, s: false });
  return {
    eax: 0, ecx: 0, edx: 0, ebx: 0, esp: 0, ebp: 0, esi: 0, edi: 0,
    ...entry.registers,
    eip: entry.ip & 0xffff,
    eflags: FLAGS.RESERVED1,
    cs: realModeSegment(entry.cs, true),
    ds: realModeSegment(0),
    es: realModeSegment(0),
    fs: realModeSegment(0),
    gs: realModeSegment(0),
    ss: realModeSegment(entry.ss ?? 0),
    // After reset TR is a busy 16-bit TSS and LDTR an LDT, both at base 0 (SDM vol. 3A §9.1.1).
    tr: system(0xb),
    ldtr: system(0x2),
    gdt: { base: 0, limit: 0xffff },
    idt: { base: 0, limit: 0x3ff },
    cr0: 0x60000010,
    cr2: 0,
    cr3: 0,
    cr4: 0,
    efer: 0,
  };
}

/** A deep copy (states are plain data and are passed between backends). */
export function cloneCpuState(state: CpuState): CpuState {
  return structuredClone(state);
}
