/**
 * CpuState <-> kvm_regs/kvm_sregs, checked both ways against the kernel's struct
 * definitions: C fills the structs by field name and TypeScript decodes them;
 * TypeScript encodes a state and C reads it back by field name.
 */
import { describe, expect, it } from 'vitest';
import { realModeState, type CpuState } from '@tinyvm/core';
import { KVM_REGS_SIZE, KVM_SREGS_SIZE, SREGS } from './kvm-abi.js';
import { decodeState, encodeRegs, encodeSregs } from './registers.js';
import { fromHex, noCompilerReason, runC, toHex } from './test-c.js';

const FILL = `
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
static void hex(const void *p, size_t n) { for (size_t i = 0; i < n; i++) printf("%02x", ((const unsigned char *)p)[i]); printf("\\n"); }
int main(void) {
  struct kvm_regs r; struct kvm_sregs s;
  memset(&r, 0, sizeof r); memset(&s, 0, sizeof s);
  r.rax = 0x11111111; r.rbx = 0x22222222; r.rcx = 0x33333333; r.rdx = 0x44444444;
  r.rsi = 0x55555555; r.rdi = 0x66666666; r.rsp = 0x7777fffe; r.rbp = 0x88888888;
  r.rip = 0x7c00; r.rflags = 0x202;
  r.r8 = 0xdeadbeef00000000ULL; /* not part of 32-bit x86: must be ignored */
  s.cs = (struct kvm_segment){ .base = 0xf0000, .limit = 0xffff, .selector = 0xf000, .type = 0xb, .present = 1, .s = 1 };
  s.ds = (struct kvm_segment){ .base = 0x12340, .limit = 0xffff, .selector = 0x1234, .type = 3, .present = 1, .s = 1 };
  s.es = (struct kvm_segment){ .base = 0x100000, .limit = 0xfffff, .selector = 0x10, .type = 3, .present = 1, .dpl = 3, .db = 1, .s = 1, .g = 1, .avl = 1 };
  s.fs = (struct kvm_segment){ .selector = 0x18, .unusable = 1 };
  s.gs = (struct kvm_segment){ .base = 0xfffff000, .limit = 0xffffffff, .selector = 0x20, .type = 3, .present = 1, .s = 1, .g = 1 };
  s.ss = (struct kvm_segment){ .base = 0x9000, .limit = 0xffff, .selector = 0x900, .type = 3, .present = 1, .s = 1 };
  s.tr = (struct kvm_segment){ .limit = 0xffff, .type = 0xb, .present = 1 };
  s.ldt = (struct kvm_segment){ .limit = 0xffff, .type = 2, .present = 1 };
  s.gdt.base = 0x800; s.gdt.limit = 0x27; s.idt.base = 0; s.idt.limit = 0x3ff;
  s.cr0 = 0x60000011; s.cr2 = 0xbadf00d; s.cr3 = 0x1000; s.cr4 = 0x10; s.efer = 0; s.cr8 = 5;
  hex(&r, sizeof r); hex(&s, sizeof s);
  return 0;
}
`;

const READ = `
#include <linux/kvm.h>
#include <stdio.h>
static int unhex(void *p, size_t n) {
  for (size_t i = 0; i < n; i++) { unsigned v; if (scanf("%2x", &v) != 1) return 0; ((unsigned char *)p)[i] = v; }
  return 1;
}
static void seg(const char *n, struct kvm_segment *g) {
  printf("%s %llx %x %x %u %u %u %u %u %u %u %u %u %u\\n", n, (unsigned long long)g->base, g->limit, g->selector, g->type,
         g->present, g->dpl, g->db, g->s, g->l, g->g, g->avl, g->unusable, g->padding);
}
int main(void) {
  struct kvm_regs r; struct kvm_sregs s;
  if (!unhex(&r, sizeof r) || !unhex(&s, sizeof s)) return 1;
  printf("regs %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx %llx\\n", r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi,
         r.rsp, r.rbp, r.rip, r.rflags, r.r15);
  seg("cs", &s.cs); seg("ds", &s.ds); seg("es", &s.es); seg("fs", &s.fs); seg("gs", &s.gs); seg("ss", &s.ss);
  seg("tr", &s.tr); seg("ldt", &s.ldt);
  printf("tables %llx %x %llx %x\\n", s.gdt.base, s.gdt.limit, s.idt.base, s.idt.limit);
  printf("control %llx %llx %llx %llx %llx %llx %llx %llx\\n", s.cr0, s.cr2, s.cr3, s.cr4, s.efer, s.cr8, s.apic_base,
         s.interrupt_bitmap[1]);
  return 0;
}
`;

if (noCompilerReason) console.log(`registers: skipping the C round trip: ${noCompilerReason}`);

describe.skipIf(noCompilerReason !== undefined)('CpuState and the kernel structs', () => {
  it('decodes kvm_regs and kvm_sregs that C filled by field name', () => {
    const [regsHex, sregsHex] = runC(FILL).trim().split('\n');
    const state = decodeState(new DataView(fromHex(regsHex).buffer), new DataView(fromHex(sregsHex).buffer));
    expect(state).toMatchObject({
      eax: 0x11111111, ebx: 0x22222222, ecx: 0x33333333, edx: 0x44444444,
      esi: 0x55555555, edi: 0x66666666, esp: 0x7777fffe, ebp: 0x88888888, eip: 0x7c00, eflags: 0x202,
      gdt: { base: 0x800, limit: 0x27 }, idt: { base: 0, limit: 0x3ff },
      cr0: 0x60000011, cr2: 0xbadf00d, cr3: 0x1000, cr4: 0x10, efer: 0,
    });
    expect(state.cs).toEqual({
      selector: 0xf000, base: 0xf0000, limit: 0xffff, type: 0xb, present: true, dpl: 0,
      db: false, s: true, l: false, g: false, avl: false, unusable: false,
    });
    expect(state.es).toEqual({
      selector: 0x10, base: 0x100000, limit: 0xfffff, type: 3, present: true, dpl: 3,
      db: true, s: true, l: false, g: true, avl: true, unusable: false,
    });
    expect(state.fs).toMatchObject({ selector: 0x18, unusable: true, present: false });
    expect(state.gs).toMatchObject({ base: 0xfffff000, limit: 0xffffffff });
    expect(state.ds).toMatchObject({ selector: 0x1234, base: 0x12340 });
    expect(state.ss).toMatchObject({ selector: 0x900, base: 0x9000 });
    expect(state.tr).toMatchObject({ type: 0xb, s: false, present: true });
    expect(state.ldtr).toMatchObject({ type: 2, s: false, present: true });
  });

  it('encodes a state that C reads back field by field, keeping cr8, apic_base and pending interrupts', () => {
    const state: CpuState = {
      ...realModeState({ cs: 0x07c0, ip: 0x0010, ss: 0x9000, registers: { eax: 0xcafe, edx: 0x80, esp: 0xfffe } }),
      ebx: 0xffffffff,
      eflags: 0x246,
      gdt: { base: 0x5000, limit: 0x17 },
      cr0: 0x60000011,
    };
    state.es = { ...state.es, base: 0x100000, limit: 0xffffffff, g: true, db: true, dpl: 3, avl: true };
    const regs = new DataView(new ArrayBuffer(KVM_REGS_SIZE));
    const sregs = new DataView(new ArrayBuffer(KVM_SREGS_SIZE));
    // What KVM_GET_SREGS would have left there: cr8 = 7, apic_base, one pending interrupt (vector 0x41).
    sregs.setBigUint64(SREGS.CR8, 7n, true);
    sregs.setBigUint64(SREGS.APIC_BASE, 0xfee00900n, true);
    sregs.setBigUint64(SREGS.INTERRUPT_BITMAP + 8, 2n, true);
    regs.setBigUint64(120, 0xffffn, true); // r15, stale: encodeRegs must clear it
    encodeRegs(state, regs);
    encodeSregs(state, sregs);

    const out = runC(READ, toHex(new Uint8Array(regs.buffer)) + toHex(new Uint8Array(sregs.buffer)));
    const lines = Object.fromEntries(out.trim().split('\n').map((line) => {
      const [name, ...rest] = line.split(' ');
      return [name, rest.join(' ')];
    }));
    expect(lines.regs).toBe('cafe ffffffff 0 80 0 0 fffe 0 10 246 0');
    // base limit selector type present dpl db s l g avl unusable padding
    expect(lines.cs).toBe('7c00 ffff 7c0 11 1 0 0 1 0 0 0 0 0');
    expect(lines.ss).toBe('90000 ffff 9000 3 1 0 0 1 0 0 0 0 0');
    expect(lines.es).toBe('100000 ffffffff 0 3 1 3 1 1 0 1 1 0 0');
    expect(lines.ds).toBe('0 ffff 0 3 1 0 0 1 0 0 0 0 0');
    expect(lines.tr).toBe('0 ffff 0 11 1 0 0 0 0 0 0 0 0');
    expect(lines.ldt).toBe('0 ffff 0 2 1 0 0 0 0 0 0 0 0');
    expect(lines.tables).toBe('5000 17 0 3ff');
    expect(lines.control).toBe('60000011 0 0 0 0 7 fee00900 2');
  });
});

describe('CpuState through the struct bytes', () => {
  it('round-trips a state through the struct bytes unchanged', () => {
    const state = realModeState({ cs: 0x1234, ip: 0x5678, ss: 0x2000, registers: { ecx: 0x87654321, edi: 1 } });
    const regs = new DataView(new ArrayBuffer(KVM_REGS_SIZE));
    const sregs = new DataView(new ArrayBuffer(KVM_SREGS_SIZE));
    encodeRegs(state, regs);
    encodeSregs(state, sregs);
    expect(decodeState(regs, sregs)).toEqual(state);
  });
});
