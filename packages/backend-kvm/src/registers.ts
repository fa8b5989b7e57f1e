/**
 * Converts core's CpuState to and from the bytes of struct kvm_regs and struct
 * kvm_sregs (<asm/kvm.h>), read and written in place through DataViews over
 * the buffers the KVM_GET_/SET_ ioctls use.
 *
 * CpuState is 32-bit: the upper halves of KVM's 64-bit registers are written
 * as zero and dropped on reading. Fields of kvm_sregs that CpuState does not
 * model (cr8, apic_base, the pending-interrupt bitmap) are left as KVM_GET_SREGS
 * returned them, so writing a state never loses an interrupt KVM had queued.
 */
import type { CpuState, DescriptorTable, SegmentRegister } from '@tinyvm/core';
import { DTABLE, REGS, SEGMENT, SREGS } from './kvm-abi.js';

const GENERAL_REGISTER_OFFSETS = [
  ['eax', REGS.RAX], ['ebx', REGS.RBX], ['ecx', REGS.RCX], ['edx', REGS.RDX],
  ['esi', REGS.RSI], ['edi', REGS.RDI], ['esp', REGS.RSP], ['ebp', REGS.RBP],
] as const;

const SEGMENT_OFFSETS = [
  ['cs', SREGS.CS], ['ds', SREGS.DS], ['es', SREGS.ES], ['fs', SREGS.FS],
  ['gs', SREGS.GS], ['ss', SREGS.SS], ['tr', SREGS.TR], ['ldtr', SREGS.LDT],
] as const;

const CONTROL_OFFSETS = [
  ['cr0', SREGS.CR0], ['cr2', SREGS.CR2], ['cr3', SREGS.CR3], ['cr4', SREGS.CR4], ['efer', SREGS.EFER],
] as const;

/** Low 32 bits of a little-endian __u64. */
function readU64Low(view: DataView, offset: number): number {
  return view.getUint32(offset, true);
}

/** A __u64 holding a 32-bit value (upper half zero). */
function writeU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, value >>> 0, true);
  view.setUint32(offset + 4, 0, true);
}

export function readSegment(view: DataView, at: number): SegmentRegister {
  const flag = (field: number): boolean => view.getUint8(at + field) !== 0;
  return {
    selector: view.getUint16(at + SEGMENT.SELECTOR, true),
    base: readU64Low(view, at + SEGMENT.BASE),
    limit: view.getUint32(at + SEGMENT.LIMIT, true),
    type: view.getUint8(at + SEGMENT.TYPE),
    present: flag(SEGMENT.PRESENT),
    dpl: view.getUint8(at + SEGMENT.DPL),
    db: flag(SEGMENT.DB),
    s: flag(SEGMENT.S),
    l: flag(SEGMENT.L),
    g: flag(SEGMENT.G),
    avl: flag(SEGMENT.AVL),
    unusable: flag(SEGMENT.UNUSABLE),
  };
}

export function writeSegment(view: DataView, at: number, segment: SegmentRegister): void {
  const flag = (field: number, value: boolean): void => view.setUint8(at + field, value ? 1 : 0);
  writeU64(view, at + SEGMENT.BASE, segment.base);
  view.setUint32(at + SEGMENT.LIMIT, segment.limit >>> 0, true);
  view.setUint16(at + SEGMENT.SELECTOR, segment.selector & 0xffff, true);
  view.setUint8(at + SEGMENT.TYPE, segment.type & 0xf);
  flag(SEGMENT.PRESENT, segment.present);
  view.setUint8(at + SEGMENT.DPL, segment.dpl & 3);
  flag(SEGMENT.DB, segment.db);
  flag(SEGMENT.S, segment.s);
  flag(SEGMENT.L, segment.l);
  flag(SEGMENT.G, segment.g);
  flag(SEGMENT.AVL, segment.avl);
  flag(SEGMENT.UNUSABLE, segment.unusable);
  view.setUint8(at + SEGMENT.PADDING, 0);
}

function readTable(view: DataView, at: number): DescriptorTable {
  return { base: readU64Low(view, at + DTABLE.BASE), limit: view.getUint16(at + DTABLE.LIMIT, true) };
}

function writeTable(view: DataView, at: number, table: DescriptorTable): void {
  writeU64(view, at + DTABLE.BASE, table.base);
  view.setUint16(at + DTABLE.LIMIT, table.limit & 0xffff, true);
  for (let i = 2; i < 8; i++) view.setUint8(at + DTABLE.LIMIT + i, 0); // __u16 padding[3]
}

/** CpuState from a kvm_regs and a kvm_sregs image. */
export function decodeState(regs: DataView, sregs: DataView): CpuState {
  const state = {} as CpuState;
  for (const [name, offset] of GENERAL_REGISTER_OFFSETS) state[name] = readU64Low(regs, offset);
  state.eip = readU64Low(regs, REGS.RIP);
  state.eflags = readU64Low(regs, REGS.RFLAGS);
  for (const [name, offset] of SEGMENT_OFFSETS) state[name] = readSegment(sregs, offset);
  state.gdt = readTable(sregs, SREGS.GDT);
  state.idt = readTable(sregs, SREGS.IDT);
  for (const [name, offset] of CONTROL_OFFSETS) state[name] = readU64Low(sregs, offset);
  return state;
}

/** Writes the whole of kvm_regs: r8..r15 (absent from 32-bit x86) become zero. */
export function encodeRegs(state: CpuState, regs: DataView): void {
  for (let offset = 0; offset < regs.byteLength; offset += 8) writeU64(regs, offset, 0);
  for (const [name, offset] of GENERAL_REGISTER_OFFSETS) writeU64(regs, offset, state[name]);
  writeU64(regs, REGS.RIP, state.eip);
  writeU64(regs, REGS.RFLAGS, state.eflags);
}

/** Overwrites what CpuState models in a kvm_sregs that KVM_GET_SREGS filled; keeps cr8, apic_base, interrupt_bitmap. */
export function encodeSregs(state: CpuState, sregs: DataView): void {
  for (const [name, offset] of SEGMENT_OFFSETS) writeSegment(sregs, offset, state[name]);
  writeTable(sregs, SREGS.GDT, state.gdt);
  writeTable(sregs, SREGS.IDT, state.idt);
  for (const [name, offset] of CONTROL_OFFSETS) writeU64(sregs, offset, state[name]);
}
