/**
 * The interpreter's CPU: registers, segments, lazy flags, memory access through
 * segments, instruction fetch and ModR/M decoding, the stack, real-mode interrupt
 * delivery and the per-instruction loop. The instructions themselves are handler
 * functions in tables built once per model (opcodes.ts, opcodes-0f.ts).
 *
 * Hot code runs as compiled blocks (blocks/): runSlice hands each instruction boundary
 * to the block cache first, and a block runs the forms it does not translate through
 * stepFast, the same path as here.
 */
import {
  AF, ARITH_FLAGS, CF, DF, IF, LAZY_ADD, LAZY_LOGIC, LAZY_SUB, OF, PARITY, PF, SF, TF, ZF,
} from './flags.js';
import type { Block, BlockCache } from './blocks/block-cache.js';
import { lockAllowed } from './lock.js';
import { CODE_LINE_SHIFT, MemoryMap } from './memory-map.js';

export const ES = 0;
export const CS = 1;
export const SS = 2;
export const DS = 3;
export const FS = 4;
export const GS = 5;

export const MODEL_8086 = 0;
export const MODEL_286 = 1;
export const MODEL_386 = 2;

/** Register numbers (x86 encoding). */
export const EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

/** Index into the byte view of the register file for reg8 encodings AL,CL,DL,BL,AH,CH,DH,BH. */
export const REG8_INDEX = new Uint8Array([0, 4, 8, 12, 1, 5, 9, 13]);

/**
 * Thrown (one shared object, no allocation) to abandon the current instruction
 * after a fault has been delivered through the IVT.
 */
export const FAULT = Object.freeze({ fault: true });

export type Handler = (cpu: Cpu) => void;

/** Exit requests an instruction can make; the backend turns them into ExitReason objects. */
export const EXIT_NONE = 0;
export const EXIT_IO = 1;
export const EXIT_HLT = 2;
export const EXIT_SHUTDOWN = 3;
export const EXIT_ERROR = 4;

/** What to do with IN data when the machine has supplied it. */
export const PENDING_IN_NONE = 0;
export const PENDING_IN_REG = 1;
export const PENDING_IN_STRING = 2;

export class Cpu {
  readonly regs = new Uint32Array(8);
  readonly regs16 = new Uint16Array(this.regs.buffer);
  readonly regs8 = new Uint8Array(this.regs.buffer);
  readonly segSel = new Uint16Array(6);
  readonly segBase = new Uint32Array(6);
  readonly segLimit = new Uint32Array(6);
  eip = 0;
  /** Flags not currently lazy (bits in lazyMask are derived from the lazy* fields). */
  flags = 2;
  lazyMask = 0;
  lazyOp = 0;
  lazyDst = 0;
  lazySrc = 0;
  lazyRes = 0;
  lazyBits = 16;

  // Per-instruction decode state.
  instrStart = 0;
  opSize32 = false;
  addrSize32 = false;
  segOverride = -1;
  /** 0 none, 0xf2 REPNE, 0xf3 REP/REPE. */
  rep = 0;
  /** A LOCK prefix came before the opcode (the 386 checks what it precedes: lock.ts). */
  lockPrefix = false;
  modMod = 0;
  modReg = 0;
  modRm = 0;
  modIsMem = false;
  eaSeg = DS;
  eaOff = 0;

  // Mode and model.
  readonly model: number;
  /** Physical address mask: 20 bits on the 8086, 24 on the 286, 32 on the 386; bit 20 cleared with A20 off. */
  addressMask: number;
  a20 = true;
  /** CS.D / SS.B from the hidden descriptor parts (false in real mode). */
  codeDefault32 = false;
  stackBig = false;
  idtBase = 0;
  idtLimit = 0x3ff;
  gdtBase = 0;
  gdtLimit = 0xffff;
  cr0 = 0x60000010;
  cr2 = 0;
  cr3 = 0;
  cr4 = 0;

  // Events.
  halted = false;
  /** Interrupt shadow: no external interrupt before the next instruction (after MOV SS, POP SS, STI). */
  shadow = false;
  readonly irqQueue = new Uint8Array(256);
  irqHead = 0;
  irqCount = 0;

  // Exits.
  exitRequest = EXIT_NONE;
  exitMessage = '';
  ioDirectionOut = false;
  ioPort = 0;
  ioSize: 1 | 2 | 4 = 1;
  ioValue = 0;
  pendingIn = PENDING_IN_NONE;
  /** IN leaves IP on itself until the data arrives (as KVM does); these finish it. */
  pendingInRestart = 0;
  pendingInNextIp = 0;
  pendingInTrap = false;
  /** Set by decodePrefixes (and a CS.D change): runSlice must reset the decode state. */
  prefixed = true;
  /** Set when a REP string instruction rewound IP to itself to continue later. */
  restarting = false;

  /**
   * The fetch window (fetch8's fast path): for fetchIpStart <= IP < fetchIpEnd the code
   * byte is fetchBytes[fetchDelta + IP]. It covers at most one RAM page, never the CS
   * limit or the IP wrap, and is dropped (fetchIpEnd = 0) whenever CS, the A20 mask, the
   * page table or an instruction length limit changes, so the fast path needs one compare.
   */
  private fetchBytes: Uint8Array = new Uint8Array(0);
  private fetchDelta = 0;
  private fetchIpStart = 0;
  private fetchIpEnd = 0;
  /** IP at which the current instruction became too long (-1: no limit, the 8086). */
  lengthLimitIp = -1;
  /** Longest instruction in bytes (10 on the 286, 15 on the 386), 0 for no limit. */
  readonly maxLength: number;
  /** 0xFFFF with a 16-bit code segment, 0xFFFFFFFF with a 32-bit one. */
  ipMask = 0xffff;
  /** 1 for the bytes this model decodes as prefixes. */
  readonly prefixTable = new Uint8Array(256);
  /** Instructions left before run() looks at the clock; long REP string instructions use it up faster. */
  sliceRemaining = 0;
  /** Maximum iterations of one REP string instruction per execution before it restarts itself. */
  repBudget = 0x7fffffff;
  instructions = 0;
  /** Faults being delivered right now (1 inside a fault's delivery, 2 inside a double fault's). */
  faultDepth = 0;
  /** Counts interrupt deliveries (to tell whether an instruction entered a handler). */
  interruptsDelivered = 0;

  readonly mem: MemoryMap;
  table: Handler[] = [];

  /** Compiled blocks (blocks/block-cache.ts), or null with block compilation off. */
  blocks: BlockCache | null = null;
  /** The block running now: when one of its instructions faults, its count is settled from this. */
  activeBlock: Block | null = null;
  /** Set when a write dropped compiled code: the running block stops after the current instruction. */
  codeDirty = false;

  constructor(model: number, mem: MemoryMap) {
    this.model = model;
    this.mem = mem;
    this.addressMask = model === MODEL_8086 ? 0xfffff : model === MODEL_286 ? 0xffffff : 0xffffffff;
    for (let i = 0; i < 6; i++) this.segLimit[i] = 0xffff;
    this.maxLength = model === MODEL_8086 ? 0 : model === MODEL_286 ? 10 : 15;
    mem.onRemap = () => {
      this.fetchIpEnd = 0;
      this.blocks?.flush();
    };
    for (const p of [0x26, 0x2e, 0x36, 0x3e, 0xf0, 0xf2, 0xf3]) this.prefixTable[p] = 1;
    if (model === MODEL_8086) this.prefixTable[0xf1] = 1;
    if (model === MODEL_386) for (const p of [0x64, 0x65, 0x66, 0x67]) this.prefixTable[p] = 1;
  }

  /** CS.D: 32-bit default operand/address size and IP wrap. */
  setCodeDefault32(on: boolean): void {
    this.codeDefault32 = on;
    this.ipMask = on ? 0xffffffff : 0xffff;
    this.fetchIpEnd = 0;
    // runSlice resets the operand/address sizes to the new default before the next instruction.
    this.prefixed = true;
  }

  /** Drops the fetch window: call after changing CS's base or limit from outside (setState). */
  invalidateFetch(): void {
    this.fetchIpEnd = 0;
  }

  setA20(enabled: boolean): void {
    this.a20 = enabled;
    const full = this.model === MODEL_8086 ? 0xfffff : this.model === MODEL_286 ? 0xffffff : 0xffffffff;
    // With A20 masked the 21st address line is forced low (the 8086 has only 20 lines anyway).
    this.addressMask = (enabled ? full : full & ~(1 << 20)) >>> 0;
    this.fetchIpEnd = 0;
    this.blocks?.flush();
  }

  // ---- registers -------------------------------------------------------------------------

  getReg8(r: number): number {
    return this.regs8[REG8_INDEX[r]];
  }
  setReg8(r: number, v: number): void {
    this.regs8[REG8_INDEX[r]] = v;
  }
  getReg16(r: number): number {
    return this.regs16[r << 1];
  }
  setReg16(r: number, v: number): void {
    this.regs16[r << 1] = v;
  }
  getReg32(r: number): number {
    return this.regs[r];
  }
  setReg32(r: number, v: number): void {
    this.regs[r] = v;
  }

  /** Loads a segment register the real-mode way: base = selector × 16, limit kept. */
  loadSeg(seg: number, selector: number): void {
    this.segSel[seg] = selector;
    this.segBase[seg] = (selector & 0xffff) << 4;
    if (seg === CS) this.fetchIpEnd = 0;
  }

  // ---- flags -----------------------------------------------------------------------------

  setLazy(op: number, dst: number, src: number, res: number, bits: number): void {
    this.lazyOp = op;
    this.lazyDst = dst;
    this.lazySrc = src;
    this.lazyRes = res;
    this.lazyBits = bits;
    this.lazyMask = ARITH_FLAGS;
  }

  /** Like setLazy but CF keeps its value (INC, DEC). */
  setLazyKeepCarry(op: number, dst: number, src: number, res: number, bits: number): void {
    const cf = this.getCF();
    this.flags = (this.flags & ~CF) | cf;
    this.setLazy(op, dst, src, res, bits);
    this.lazyMask = ARITH_FLAGS & ~CF;
  }

  getCF(): number {
    if ((this.lazyMask & CF) === 0) return this.flags & CF;
    const d = this.lazyDst, s = this.lazySrc, r = this.lazyRes, top = this.lazyBits - 1;
    switch (this.lazyOp) {
      case LAZY_ADD:
        return (((d & s) | ((d | s) & ~r)) >>> top) & 1;
      case LAZY_SUB:
        return (((~d & s) | ((~d | s) & r)) >>> top) & 1;
      default:
        return 0;
    }
  }

  getOF(): number {
    if ((this.lazyMask & OF) === 0) return this.flags & OF;
    const d = this.lazyDst, s = this.lazySrc, r = this.lazyRes, top = this.lazyBits - 1;
    switch (this.lazyOp) {
      case LAZY_ADD:
        return (((d ^ r) & (s ^ r)) >>> top) & 1 ? OF : 0;
      case LAZY_SUB:
        return (((d ^ s) & (d ^ r)) >>> top) & 1 ? OF : 0;
      default:
        return 0;
    }
  }

  getZF(): number {
    if ((this.lazyMask & ZF) === 0) return this.flags & ZF;
    const bits = this.lazyBits;
    const r = bits === 32 ? this.lazyRes >>> 0 : this.lazyRes & ((1 << bits) - 1);
    return r === 0 ? ZF : 0;
  }

  getSF(): number {
    if ((this.lazyMask & SF) === 0) return this.flags & SF;
    return (this.lazyRes >>> (this.lazyBits - 1)) & 1 ? SF : 0;
  }

  getPF(): number {
    if ((this.lazyMask & PF) === 0) return this.flags & PF;
    return PARITY[this.lazyRes & 0xff];
  }

  getAF(): number {
    if ((this.lazyMask & AF) === 0) return this.flags & AF;
    return this.lazyOp === LAZY_LOGIC ? 0 : (this.lazyDst ^ this.lazySrc ^ this.lazyRes) & AF;
  }

  /** Folds the lazy flags into `flags` and returns it (the raw 32-bit EFLAGS image). */
  materializeFlags(): number {
    if (this.lazyMask !== 0) {
      const mask = this.lazyMask;
      let f = this.flags & ~mask;
      if (mask & CF) f |= this.getCF();
      if (mask & PF) f |= this.getPF();
      if (mask & AF) f |= this.getAF();
      if (mask & ZF) f |= this.getZF();
      if (mask & SF) f |= this.getSF();
      if (mask & OF) f |= this.getOF();
      this.flags = f;
      this.lazyMask = 0;
    }
    return this.flags;
  }

  /** FLAGS as PUSHF and interrupts store them, with the model's fixed bits (SDM vol. 1 §3.4.3; 8086 manual). */
  readFlags(): number {
    const f = this.materializeFlags();
    if (this.model === MODEL_8086) return (f & 0x0fd5) | 0xf002;
    if (this.model === MODEL_286) return (f & 0x0fd5) | 0x0002;
    return (f & 0x00247fd5) | 0x0002;
  }

  /** Loads FLAGS (POPF, IRET, SAHF-style full writes); `width32` for POPFD. Real mode: IOPL/NT writable on the 386 only. */
  writeFlags(value: number, width32: boolean): void {
    let f: number;
    if (this.model === MODEL_8086 || this.model === MODEL_286) f = (value & 0x0fd5) | 2;
    else if (width32) f = (value & 0x00247fd5) | 2 | (this.flags & 0x00030000);
    else f = (value & 0x7fd5) | 2 | (this.flags & 0xffff0000 & 0x00247fd5);
    this.flags = f >>> 0;
    this.lazyMask = 0;
  }

  /** Sets the six status flags from explicit values (non-lazy instructions). */
  setStatusFlags(value: number): void {
    // All six are replaced, so the lazy ones need not be computed first.
    this.flags = (this.flags & ~ARITH_FLAGS) | (value & ARITH_FLAGS);
    this.lazyMask = 0;
  }

  /** Jcc condition codes 0..15 (SDM vol. 2 Appendix B). */
  condition(cc: number): boolean {
    let r: boolean;
    switch (cc >> 1) {
      case 0: r = this.getOF() !== 0; break;
      case 1: r = this.getCF() !== 0; break;
      case 2: r = this.getZF() !== 0; break;
      case 3: r = this.getCF() !== 0 || this.getZF() !== 0; break;
      case 4: r = this.getSF() !== 0; break;
      case 5: r = this.getPF() !== 0; break;
      case 6: r = (this.getSF() !== 0) !== (this.getOF() !== 0); break;
      default: r = this.getZF() !== 0 || (this.getSF() !== 0) !== (this.getOF() !== 0); break;
    }
    return (cc & 1) === 0 ? r : !r;
  }

  // ---- memory ----------------------------------------------------------------------------

  /**
   * Offset beyond the segment limit. The 8086 has no limits (offsets wrap at 64 KiB,
   * handled by the callers); the 286 raises #GP (13) in real mode, the 386 #SS (12)
   * for the stack segment and #GP otherwise (SDM vol. 3A §20.1.3).
   */
  segmentFault(seg: number): never {
    return this.fault(this.model === MODEL_386 && seg === SS ? 12 : 13);
  }

  readMem8(seg: number, off: number): number {
    if (off > this.segLimit[seg]) this.segmentFault(seg);
    const lin = (this.segBase[seg] + off) & this.addressMask;
    const mem = this.mem;
    if (lin >>> 0 < mem.flatEnd) return mem.flatBytes[lin];
    return mem.read8(lin);
  }

  writeMem8(seg: number, off: number, v: number): void {
    if (off > this.segLimit[seg]) this.segmentFault(seg);
    const lin = (this.segBase[seg] + off) & this.addressMask;
    const mem = this.mem;
    if (lin >>> 0 < mem.flatEnd) {
      mem.flatBytes[lin] = v;
      if (mem.codeLines[lin >>> CODE_LINE_SHIFT] !== 0) mem.onCodeWrite(lin, 1);
      return;
    }
    mem.write8(lin, v);
  }

  readMem16(seg: number, off: number): number {
    if (off >= this.segLimit[seg]) {
      if (this.model !== MODEL_8086 || off > 0xffff) this.segmentFault(seg);
      // 8086: the second byte wraps to the start of the segment.
      return this.readMem8(seg, off) | (this.readMem8(seg, 0) << 8);
    }
    const lin = (this.segBase[seg] + off) & this.addressMask;
    const mem = this.mem;
    // Both bytes in one page (the second byte of a page's last one follows the A20 / 1 MiB wrap).
    if ((lin & 0xfff) !== 0xfff) {
      // Fastest path: flat RAM from address 0 (flatEnd is page-aligned; lin is negative above 2 GiB).
      if (lin >>> 0 < mem.flatEnd) {
        const flat = mem.flatBytes;
        return flat[lin] | (flat[lin + 1] << 8);
      }
      const page = lin >>> 12;
      const bytes = mem.pages[page];
      if (bytes !== null) {
        const i = mem.pageOffset[page] + (lin & 0xfff);
        return bytes[i] | (bytes[i + 1] << 8);
      }
    }
    return this.readLin16(this.segBase[seg] + off);
  }

  writeMem16(seg: number, off: number, v: number): void {
    if (off >= this.segLimit[seg]) {
      if (this.model !== MODEL_8086 || off > 0xffff) this.segmentFault(seg);
      this.writeMem8(seg, off, v & 0xff);
      this.writeMem8(seg, 0, (v >>> 8) & 0xff);
      return;
    }
    const lin = (this.segBase[seg] + off) & this.addressMask;
    const mem = this.mem;
    if ((lin & 0xfff) !== 0xfff) {
      if (lin >>> 0 < mem.flatEnd) {
        const flat = mem.flatBytes;
        flat[lin] = v;
        flat[lin + 1] = v >>> 8;
        const lines = mem.codeLines;
        if (lines[lin >>> CODE_LINE_SHIFT] !== 0 || ((lin & 63) === 63 && lines[(lin + 1) >>> CODE_LINE_SHIFT] !== 0)) {
          mem.onCodeWrite(lin, 2);
        }
        return;
      }
      // Fast path: both bytes in one writable RAM page.
      const page = lin >>> 12;
      const bytes = mem.pages[page];
      if (bytes !== null && mem.readOnly[page] === 0) {
        const i = mem.pageOffset[page] + (lin & 0xfff);
        bytes[i] = v;
        bytes[i + 1] = v >>> 8;
        return;
      }
    }
    this.writeLin16(this.segBase[seg] + off, v);
  }

  readMem32(seg: number, off: number): number {
    if (off + 3 > this.segLimit[seg]) this.segmentFault(seg);
    const lin = this.segBase[seg] + off;
    return (this.readLin16(lin) | (this.readLin16(lin + 2) << 16)) >>> 0;
  }

  writeMem32(seg: number, off: number, v: number): void {
    if (off + 3 > this.segLimit[seg]) this.segmentFault(seg);
    const lin = this.segBase[seg] + off;
    this.writeLin16(lin, v & 0xffff);
    this.writeLin16(lin + 2, v >>> 16);
  }

  /** A word at a linear address; the two bytes are masked separately so a 1 MiB wrap is honoured. */
  readLin16(lin: number): number {
    const mask = this.addressMask;
    if ((lin & 0xfff) === 0xfff) return this.mem.read8(lin & mask) | (this.mem.read8((lin + 1) & mask) << 8);
    return this.mem.read16(lin & mask);
  }

  writeLin16(lin: number, v: number): void {
    const mask = this.addressMask;
    if ((lin & 0xfff) === 0xfff) {
      this.mem.write8(lin & mask, v & 0xff);
      this.mem.write8((lin + 1) & mask, (v >>> 8) & 0xff);
      return;
    }
    this.mem.write16(lin & mask, v);
  }

  readLin8(lin: number): number {
    return this.mem.read8(lin & this.addressMask);
  }

  // ---- instruction fetch -----------------------------------------------------------------

  fetch8(): number {
    const ip = this.eip;
    if (ip < this.fetchIpEnd && ip >= this.fetchIpStart) {
      this.eip = ip + 1;
      return this.fetchBytes[this.fetchDelta + ip];
    }
    return this.fetchSlow(ip);
  }

  /** fetch8 outside the window: limit and length checks, MMIO code, then a new window. */
  private fetchSlow(ip: number): number {
    // The 286 refuses instructions over 10 bytes, the 386 over 15 (#GP; SDM vol. 3A §6.15).
    const limit = this.segLimit[CS];
    if (ip > limit || ip === this.lengthLimitIp) this.fault(13);
    this.eip = ((ip + 1) & this.ipMask) >>> 0;
    const lin = (this.segBase[CS] + ip) & this.addressMask;
    const page = lin >>> 12;
    const bytes = this.mem.pages[page];
    // MMIO code is never cached; nor is anything while a length limit is armed.
    if (bytes === null) return this.mem.read8(lin);
    const inPage = lin & 0xfff;
    if (this.lengthLimitIp === -1) {
      const start = ip - inPage;
      // End before the page end, the limit and the last IP of the wrap (those take this path).
      let end = start + 0x1000;
      if (end > limit) end = limit;
      if (end > this.ipMask) end = this.ipMask;
      this.fetchBytes = bytes;
      this.fetchIpStart = start < 0 ? 0 : start;
      this.fetchIpEnd = end;
      this.fetchDelta = this.mem.pageOffset[page] + inPage - ip;
    }
    return bytes[this.mem.pageOffset[page] + inPage];
  }

  fetch16(): number {
    const ip = this.eip;
    // Both bytes inside the fetch window (so neither is the IP wrap nor past the limit).
    if (ip + 1 < this.fetchIpEnd && ip >= this.fetchIpStart) {
      this.eip = ip + 2;
      const bytes = this.fetchBytes;
      const i = this.fetchDelta + ip;
      return bytes[i] | (bytes[i + 1] << 8);
    }
    const lo = this.fetch8();
    return lo | (this.fetch8() << 8);
  }

  fetch32(): number {
    const lo = this.fetch16();
    return (lo | (this.fetch16() << 16)) >>> 0;
  }

  /** An immediate of the current operand size (16 or 32 bits). */
  fetchImm(): number {
    return this.opSize32 ? this.fetch32() : this.fetch16();
  }

  fetchS8(): number {
    return (this.fetch8() << 24) >> 24;
  }

  // ---- ModR/M ----------------------------------------------------------------------------

  /** Decodes a ModR/M byte (and SIB/displacement) into modReg/modRm and, for memory operands, eaSeg:eaOff. */
  decodeModrm(): void {
    this.decodeModrmFrom(this.fetch8());
  }

  /** decodeModrm for a ModR/M byte already fetched (the fast handlers look at it first). */
  decodeModrmFrom(m: number): void {
    const mod = m >> 6;
    this.modMod = mod;
    this.modReg = (m >> 3) & 7;
    const rm = m & 7;
    this.modRm = rm;
    if (mod === 3) {
      this.modIsMem = false;
      return;
    }
    this.modIsMem = true;
    if (this.addrSize32) {
      this.decodeModrm32(mod, rm);
      return;
    }
    // 16-bit forms (SDM vol. 2 table 2-1); BP-based forms default to SS.
    const r = this.regs16;
    let off: number;
    let seg = DS;
    switch (rm) {
      case 0: off = r[EBX << 1] + r[ESI << 1]; break;
      case 1: off = r[EBX << 1] + r[EDI << 1]; break;
      case 2: off = r[EBP << 1] + r[ESI << 1]; seg = SS; break;
      case 3: off = r[EBP << 1] + r[EDI << 1]; seg = SS; break;
      case 4: off = r[ESI << 1]; break;
      case 5: off = r[EDI << 1]; break;
      case 6:
        if (mod === 0) off = this.fetch16();
        else { off = r[EBP << 1]; seg = SS; }
        break;
      default: off = r[EBX << 1]; break;
    }
    if (mod === 1) off += this.fetchS8();
    else if (mod === 2) off += this.fetch16();
    this.eaOff = off & 0xffff;
    this.eaSeg = this.segOverride >= 0 ? this.segOverride : seg;
  }

  /** 32-bit addressing with SIB (SDM vol. 2 tables 2-2 and 2-3). */
  private decodeModrm32(mod: number, rm: number): void {
    const r = this.regs;
    let off: number;
    let seg = DS;
    if (rm === 4) {
      const sib = this.fetch8();
      const scale = sib >> 6;
      const index = (sib >> 3) & 7;
      const base = sib & 7;
      if (base === 5 && mod === 0) off = this.fetch32();
      else {
        off = r[base];
        if (base === ESP || base === EBP) seg = SS;
      }
      if (index !== 4) off += r[index] << scale;
    } else if (rm === 5 && mod === 0) {
      off = this.fetch32();
    } else {
      off = r[rm];
      if (rm === EBP) seg = SS;
    }
    if (mod === 1) off += this.fetchS8();
    else if (mod === 2) off += this.fetch32();
    this.eaOff = off >>> 0;
    this.eaSeg = this.segOverride >= 0 ? this.segOverride : seg;
  }

  readRm8(): number {
    return this.modIsMem ? this.readMem8(this.eaSeg, this.eaOff) : this.regs8[REG8_INDEX[this.modRm]];
  }
  writeRm8(v: number): void {
    if (this.modIsMem) this.writeMem8(this.eaSeg, this.eaOff, v & 0xff);
    else this.regs8[REG8_INDEX[this.modRm]] = v;
  }
  readRm16(): number {
    return this.modIsMem ? this.readMem16(this.eaSeg, this.eaOff) : this.regs16[this.modRm << 1];
  }
  writeRm16(v: number): void {
    if (this.modIsMem) this.writeMem16(this.eaSeg, this.eaOff, v & 0xffff);
    else this.regs16[this.modRm << 1] = v;
  }
  readRm32(): number {
    return this.modIsMem ? this.readMem32(this.eaSeg, this.eaOff) : this.regs[this.modRm];
  }
  writeRm32(v: number): void {
    if (this.modIsMem) this.writeMem32(this.eaSeg, this.eaOff, v >>> 0);
    else this.regs[this.modRm] = v;
  }
  /** Operand-size dependent r/m access (16 or 32 bits). */
  readRmV(): number {
    return this.opSize32 ? this.readRm32() : this.readRm16();
  }
  writeRmV(v: number): void {
    if (this.opSize32) this.writeRm32(v);
    else this.writeRm16(v);
  }
  getRegV(r: number): number {
    return this.opSize32 ? this.regs[r] : this.regs16[r << 1];
  }
  setRegV(r: number, v: number): void {
    if (this.opSize32) this.regs[r] = v;
    else this.regs16[r << 1] = v;
  }

  /** The segment for a string source / an explicit memory operand without ModR/M (default DS). */
  dataSeg(): number {
    return this.segOverride >= 0 ? this.segOverride : DS;
  }

  // ---- stack -----------------------------------------------------------------------------

  get sp(): number {
    return this.stackBig ? this.regs[ESP] : this.regs16[ESP << 1];
  }

  private setSp(v: number): void {
    if (this.stackBig) this.regs[ESP] = v;
    else this.regs16[ESP << 1] = v;
  }

  push16(v: number): void {
    const sp = this.stackBig ? (this.regs[ESP] - 2) >>> 0 : (this.regs16[ESP << 1] - 2) & 0xffff;
    this.writeMem16(SS, sp, v & 0xffff);
    this.setSp(sp);
  }

  push32(v: number): void {
    const sp = this.stackBig ? (this.regs[ESP] - 4) >>> 0 : (this.regs16[ESP << 1] - 4) & 0xffff;
    this.writeMem32(SS, sp, v >>> 0);
    this.setSp(sp);
  }

  pushV(v: number): void {
    if (this.opSize32) this.push32(v);
    else this.push16(v);
  }

  pop16(): number {
    const sp = this.sp;
    const v = this.readMem16(SS, sp);
    this.setSp(this.stackBig ? (sp + 2) >>> 0 : (sp + 2) & 0xffff);
    return v;
  }

  pop32(): number {
    const sp = this.sp;
    const v = this.readMem32(SS, sp);
    this.setSp(this.stackBig ? (sp + 4) >>> 0 : (sp + 4) & 0xffff);
    return v;
  }

  popV(): number {
    return this.opSize32 ? this.pop32() : this.pop16();
  }

  /** Adds to (E)SP with the stack's width (RET imm16, LEAVE, ENTER). */
  adjustSp(delta: number): void {
    this.setSp(this.stackBig ? (this.sp + delta) >>> 0 : (this.sp + delta) & 0xffff);
  }

  // ---- control transfer ------------------------------------------------------------------

  /** Near jump target with the operand size's wrap (IP wraps at 64 KiB in 16-bit code). */
  jumpNear(target: number): void {
    this.eip = this.opSize32 ? target >>> 0 : target & 0xffff;
  }

  jumpFar(selector: number, offset: number): void {
    this.loadSeg(CS, selector);
    this.eip = offset;
  }

  // ---- interrupts ------------------------------------------------------------------------

  /**
   * Real-mode interrupt delivery (SDM vol. 3A §20.1.4): push FLAGS, CS, IP, clear
   * IF/TF (and AC), load CS:IP from the IVT entry at IDTR.base + 4 × vector.
   * An entry beyond the IDT limit would raise #GP, then #DF and shut the CPU down;
   * the interpreter goes to shutdown directly.
   */
  interrupt(vector: number): void {
    const entry = vector << 2;
    if (entry + 3 > this.idtLimit) {
      this.requestShutdown('interrupt vector beyond the IDT limit');
      return;
    }
    this.interruptsDelivered++;
    const flags = this.readFlags();
    this.push16(flags);
    this.flags &= ~(IF | TF | (1 << 18));
    this.push16(this.segSel[CS]);
    this.push16(this.eip);
    const lin = this.idtBase + entry;
    const ip = this.readLin16(lin);
    const cs = this.readLin16(lin + 2);
    this.loadSeg(CS, cs);
    this.eip = ip;
  }

  /**
   * Raises an exception: faults (divide error on 286+, #UD, #BR, #GP) return to the
   * faulting instruction, so IP goes back to its first byte (prefixes included).
   */
  fault(vector: number): never {
    if (!(vector === 0 && this.model === MODEL_8086)) this.eip = this.instrStart;
    // A fault while delivering a fault (e.g. the pushes hit the stack limit) becomes a
    // double fault (8); a fault while delivering that shuts the CPU down (SDM vol. 3A §6.15).
    if (this.faultDepth >= 2 || this.exitRequest === EXIT_SHUTDOWN) {
      this.requestShutdown('triple fault');
      throw FAULT;
    }
    this.faultDepth++;
    try {
      this.interrupt(this.faultDepth === 2 ? 8 : vector);
    } finally {
      this.faultDepth--;
    }
    throw FAULT;
  }

  /** #UD: on the 8086 there is no invalid-opcode exception; callers alias instead. */
  undefinedOpcode(): never {
    return this.fault(6);
  }

  requestShutdown(reason: string): void {
    this.exitRequest = EXIT_SHUTDOWN;
    this.exitMessage = reason;
  }

  /** Marks an IN/INS waiting for its data: IP stays on the instruction until completeIn. */
  awaitInput(kind: number): void {
    this.pendingIn = kind;
    this.pendingInRestart = this.instrStart;
    this.pendingInNextIp = this.eip;
    this.pendingInTrap = false;
    this.eip = this.instrStart;
  }

  /** Finishes an IN/INS after the data was stored: IP past it (or back on a REP INS to go on), then a deferred trap. */
  finishInput(restart: boolean): void {
    this.eip = restart ? this.pendingInRestart : this.pendingInNextIp;
    if (restart) this.restarting = true;
    if (this.pendingInTrap) {
      this.pendingInTrap = false;
      this.interrupt(1);
    }
  }

  /** Queues an external interrupt (delivered at an instruction boundary with IF=1). */
  queueInterrupt(vector: number): void {
    if (this.irqCount >= this.irqQueue.length) return;
    this.irqQueue[(this.irqHead + this.irqCount) & 0xff] = vector;
    this.irqCount++;
  }

  // ---- the instruction loop --------------------------------------------------------------

  /** Executes one instruction (with its prefixes), then a pending single-step trap. */
  executeOne(): void {
    if (this.irqCount !== 0 && (this.flags & IF) !== 0 && !this.shadow) {
      const vector = this.irqQueue[this.irqHead];
      this.irqHead = (this.irqHead + 1) & 0xff;
      this.irqCount--;
      this.halted = false;
      this.instrStart = this.eip;
      try {
        this.interrupt(vector);
      } catch (e) {
        // Delivery itself faulted (the pushes hit the stack limit): that fault was delivered instead.
        if (e !== FAULT) throw e;
      }
      if (this.exitRequest !== EXIT_NONE) return;
    }
    this.shadow = false;
    const trapBefore = this.flags & TF;
    // stepFast resets the decode state only after prefixes; this slow path always does.
    this.prefixed = true;
    try {
      if (trapBefore === 0) {
        this.stepFast();
        return;
      }
      const delivered = this.interruptsDelivered;
      this.stepFast();
      // Single-step trap (SDM vol. 3A §17.3.1.4): after an instruction that began with
      // TF=1 (so also after the POPF that clears it), unless the instruction itself
      // entered an interrupt handler (INT n clears TF and is not single-stepped).
      if (delivered === this.interruptsDelivered && this.exitRequest !== EXIT_SHUTDOWN) {
        if (this.pendingIn !== PENDING_IN_NONE) this.pendingInTrap = true;
        else this.interrupt(1);
      }
    } catch (e) {
      if (e !== FAULT) throw e;
    }
  }

  /**
   * executeOne through the block compiler: the instruction runs as a one-instruction
   * compiled block when the compiler translates it (tests compare the two paths).
   */
  executeOneCompiled(): void {
    if (this.blocks === null || this.irqCount !== 0 || (this.flags & TF) !== 0) {
      this.executeOne();
      return;
    }
    this.shadow = false;
    try {
      if (!this.blocks.runSingle(this)) this.stepFast();
    } catch (e) {
      if (e !== FAULT) throw e;
      if (this.activeBlock !== null) this.settleFaultedBlock();
    }
  }

  /**
   * Runs instructions until sliceRemaining is used up or one requests an exit: run()'s
   * inner loop. The common case (no interrupt queued, TF clear) runs a compiled block
   * or stepFast; the rest goes through executeOne. A fault is caught outside the loop,
   * which then resumes, so the per-instruction path has no try/catch.
   */
  runSlice(): void {
    for (;;) {
      try {
        while (this.sliceRemaining-- > 0) {
          if (this.irqCount !== 0 || (this.flags & TF) !== 0) {
            this.executeOne();
          } else {
            this.shadow = false;
            const blocks = this.blocks;
            if (blocks === null || !blocks.tryRun(this)) this.stepFast();
          }
          if (this.exitRequest !== EXIT_NONE) return;
        }
        return;
      } catch (e) {
        if (e !== FAULT) throw e;
        if (this.activeBlock !== null) this.settleFaultedBlock();
        if (this.exitRequest !== EXIT_NONE) return;
      }
    }
  }

  /**
   * One instruction without the interrupt and TF checks (runSlice's caller made them;
   * a compiled block runs the forms it does not translate through this).
   */
  stepFast(): void {
    this.restarting = false;
    this.instrStart = this.eip;
    // The decode state only differs from its defaults after prefixes (or a new CS.D).
    if (this.prefixed) {
      this.prefixed = false;
      this.lengthLimitIp = -1;
      this.opSize32 = this.codeDefault32;
      this.addrSize32 = this.codeDefault32;
      this.segOverride = -1;
      this.rep = 0;
      this.lockPrefix = false;
    }
    this.instructions++;
    let op = this.fetch8();
    if (this.prefixTable[op] !== 0) {
      if (this.maxLength !== 0) {
        this.lengthLimitIp = ((this.instrStart + this.maxLength) & this.ipMask) >>> 0;
        this.fetchIpEnd = 0;
      }
      op = this.decodePrefixes(op);
      if (this.lockPrefix && this.model === MODEL_386 && !lockAllowed(this, op)) this.undefinedOpcode();
    }
    this.table[op](this);
  }

  /** A compiled block's instruction faulted: count the translated instructions it had done. */
  private settleFaultedBlock(): void {
    const done = this.activeBlock?.faultCounts.get(this.instrStart) ?? 0;
    this.activeBlock = null;
    this.instructions += done;
    this.sliceRemaining -= done;
  }

  /**
   * Consumes prefixes (SDM vol. 2 §2.1.1), repeated or redundant ones included, and
   * returns the opcode after them. The 286/386 stop at 10/15 bytes (fetch8's #GP);
   * the 8086 has no limit, so a CS full of prefixes is cut off after 64 Ki of them
   * (then executed as a NOP) to keep one step finite.
   */
  private decodePrefixes(op: number): number {
    this.prefixed = true;
    for (let count = 0; count < 0x10000; count++) {
      switch (op) {
        case 0x26: this.segOverride = ES; break;
        case 0x2e: this.segOverride = CS; break;
        case 0x36: this.segOverride = SS; break;
        case 0x3e: this.segOverride = DS; break;
        case 0x64: this.segOverride = FS; break;
        case 0x65: this.segOverride = GS; break;
        case 0x66: this.opSize32 = !this.codeDefault32; break;
        case 0x67: this.addrSize32 = !this.codeDefault32; break;
        case 0xf2: case 0xf3: this.rep = op; break;
        default: this.lockPrefix = true; break; // F0 LOCK (and F1 on the 8086, which decodes it as LOCK)
      }
      op = this.fetch8();
      if (this.prefixTable[op] === 0) return op;
    }
    return 0x90;
  }
}
