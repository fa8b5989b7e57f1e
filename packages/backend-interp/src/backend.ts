/**
 * InterpBackend: the software CPU behind the VcpuBackend interface, with exits that
 * match KVM's (core/src/exit.ts): OUT completes then exits; IN exits and stores the
 * data the machine supplied at the start of the next run; HLT exits with IP after it
 * and keeps the CPU halted until an interrupt is raised (run() answers `hlt` again
 * meanwhile); a fault the CPU cannot deliver is a `shutdown`.
 */
import {
  type Bus, type CpuState, type ExitReason, type MemoryRegion, type MemoryRegionSpec, type RunOptions,
  type SegmentRegister, type VcpuBackend, BackendError, validateRegionSpec,
} from '@tinyvm/core';
import {
  Cpu, CS, DS, ES, EXIT_ERROR, EXIT_HLT, EXIT_IO, EXIT_NONE, EXIT_SHUTDOWN, FAULT, FS, GS,
  MODEL_286, MODEL_386, MODEL_8086, PENDING_IN_NONE, PENDING_IN_REG, SS,
} from './cpu.js';
import { BlockCache } from './blocks/block-cache.js';
import { MemoryMap } from './memory-map.js';
import { buildTable } from './opcodes.js';
import { completeIns } from './strings.js';

export type CpuModel = '8086' | '286' | '386';

export interface InterpOptions {
  /** Which CPU to be (default '386': all real-mode extensions up to the 486's). */
  model?: CpuModel;
  /** Address line 20 enabled (default true). */
  a20?: boolean;
  /**
   * Compile hot code to JavaScript functions (blocks/; default true). Off, every
   * instruction is fetched and decoded by the interpreter: slower, for comparisons.
   */
  compileBlocks?: boolean;
  /** Visits of an address before its block is compiled (default 16; 1 compiles everything at once, for tests). */
  blockThreshold?: number;
}

const IF_FLAG = 1 << 9;

/** Instructions between two looks at the clock in run(). */
const SLICE = 4096;
/** Elements of a REP string instruction per execution inside run(), so deadlines hold. */
const REP_SLICE = 65536;

interface MutableIoExit {
  kind: 'io';
  direction: 'in' | 'out';
  port: number;
  size: 1 | 2 | 4;
  count: number;
  data: Uint8Array;
}

const MODEL_NUMBER: Record<CpuModel, number> = { '8086': MODEL_8086, '286': MODEL_286, '386': MODEL_386 };
const SEGMENT_ORDER = [ES, CS, SS, DS, FS, GS];
const SEGMENT_KEYS = ['es', 'cs', 'ss', 'ds', 'fs', 'gs'] as const;

export class InterpBackend implements VcpuBackend {
  readonly name = 'interp' as const;
  readonly model: CpuModel;
  readonly #stats = { instructions: 0, inlineExits: { mmio: 0 } };
  readonly #memory = new MemoryMap();
  readonly #cpu: Cpu;
  readonly #ioExit: MutableIoExit = { kind: 'io', direction: 'out', port: 0, size: 1, count: 1, data: new Uint8Array(1) };
  readonly #ioData = [new Uint8Array(0), new Uint8Array(1), new Uint8Array(2), new Uint8Array(0), new Uint8Array(4)];
  readonly #hltExit = { kind: 'hlt' } as const;
  readonly #shutdownExit = { kind: 'shutdown' } as const;
  readonly #interruptedExit = { kind: 'interrupted' } as const;
  readonly #errorExit = { kind: 'internal-error' as const, suberror: 1, reason: '', data: [] as number[] };
  /** Hidden segment attributes and system registers kept only to hand back in getState. */
  #segments: Record<(typeof SEGMENT_KEYS)[number], SegmentRegister>;
  #system: Pick<CpuState, 'tr' | 'ldtr' | 'efer'>;
  #disposed = false;
  /** An exit produced while completing I/O outside run() (a shutdown), returned by the next run(). */
  #pendingExit: ExitReason | undefined;

  constructor(options: InterpOptions = {}) {
    this.model = options.model ?? '386';
    const model = MODEL_NUMBER[this.model];
    if (model === undefined) {
      throw new BackendError('interp-unknown-model', `unknown CPU model "${String(options.model)}" (expected 8086, 286 or 386)`);
    }
    this.#cpu = new Cpu(model, this.#memory);
    // The exit budget ran out on an MMIO access: end run()'s slice after this instruction.
    this.#memory.onMmioBudget = () => {
      this.#cpu.sliceRemaining = 0;
    };
    this.#cpu.table = buildTable(model);
    if (options.compileBlocks ?? true) this.#cpu.blocks = new BlockCache(this.#cpu, options.blockThreshold ?? 16);
    this.#cpu.setA20(options.a20 ?? true);
    this.#cpu.flags = model === MODEL_8086 ? 0xf002 : 2;
    const blank = (code: boolean): SegmentRegister => ({
      selector: 0, base: 0, limit: 0xffff, type: code ? 0xb : 3, present: true, dpl: 0,
      db: false, s: true, l: false, g: false, avl: false, unusable: false,
    });
    this.#segments = { es: blank(false), cs: blank(true), ss: blank(false), ds: blank(false), fs: blank(false), gs: blank(false) };
    this.#system = { tr: { ...blank(false), type: 0xb, s: false }, ldtr: { ...blank(false), type: 2, s: false }, efer: 0 };
  }

  /** Blocks compiled and dropped because their code changed (undefined with compileBlocks off). */
  get blockStats(): { compiled: number; invalidated: number } | undefined {
    const stats = this.#cpu.blocks?.stats;
    return stats === undefined ? undefined : { ...stats };
  }

  get stats(): { instructions: number; inlineExits: { mmio: number } } {
    this.#stats.instructions = this.#cpu.instructions;
    this.#stats.inlineExits.mmio = this.#memory.mmioAccesses;
    return this.#stats;
  }

  createRegion(spec: MemoryRegionSpec): MemoryRegion {
    this.#checkUsable();
    validateRegionSpec(spec);
    const region: MemoryRegion = {
      base: spec.base,
      size: spec.size,
      name: spec.name,
      readOnly: spec.readOnly ?? false,
      bytes: new Uint8Array(spec.size),
    };
    this.#memory.map(region);
    return region;
  }

  /**
   * Maps a region another backend allocated (e.g. KVM's mmap'd RAM) into this CPU's
   * page table: its bytes are used in place, never copied, so both backends see
   * the same guest memory and a CpuState can move between them.
   */
  adoptRegion(region: MemoryRegion): void {
    this.#checkUsable();
    validateRegionSpec(region);
    if (region.bytes.length !== region.size) {
      throw new BackendError('interp-bad-region', `region "${region.name}": ${region.bytes.length} host bytes for ${region.size} guest bytes`);
    }
    this.#memory.map(region);
  }

  attachMmio(bus: Bus): void {
    this.#memory.bus = bus;
  }

  run(options?: RunOptions): ExitReason {
    this.#checkUsable();
    const cpu = this.#cpu;
    const early = this.#resume();
    if (early !== undefined) return early;
    const deadline = options?.deadline ?? Infinity;
    const memory = this.#memory;
    // The machine and its devices may have written guest RAM since the last run: compiled blocks check their code again.
    memory.epoch++;
    // Inline MMIO accesses count against the machine's exit budget: once it is spent,
    // onMmioBudget ends the slice after the current instruction (a REP string
    // instruction finishes its slice first) and we return 'interrupted'.
    const exitBudget = options?.exitBudget ?? Infinity;
    memory.mmioBudgetEnd = exitBudget === Infinity ? Infinity : memory.mmioAccesses + Math.max(0, exitBudget);
    cpu.repBudget = REP_SLICE;
    try {
      for (;;) {
        cpu.sliceRemaining = SLICE;
        for (;;) {
          cpu.runSlice();
          if (cpu.exitRequest === EXIT_NONE) break;
          // A HLT with an interrupt already deliverable (STI; HLT with a request pending) wakes at once.
          if (cpu.exitRequest === EXIT_HLT && cpu.irqCount !== 0 && (cpu.flags & IF_FLAG) !== 0) {
            cpu.exitRequest = EXIT_NONE;
            cpu.halted = false;
            continue;
          }
          return this.#takeExit();
        }
        if (memory.mmioAccesses >= memory.mmioBudgetEnd) return this.#interruptedExit;
        if (performance.now() >= deadline) return this.#interruptedExit;
      }
    } finally {
      cpu.repBudget = 0x7fffffff;
      memory.mmioBudgetEnd = Infinity;
    }
  }

  step(): ExitReason | undefined {
    this.#checkUsable();
    const early = this.#resume();
    if (early !== undefined) return early;
    this.#cpu.executeOne();
    if (this.#cpu.exitRequest !== EXIT_NONE) return this.#takeExit();
    return undefined;
  }

  /**
   * step() through the block compiler: the instruction runs as a one-instruction
   * compiled block when the compiler translates it, else as step() runs it. For tests
   * (the conformance runner's --blocks) that check the compiled forms.
   */
  stepCompiled(): ExitReason | undefined {
    this.#checkUsable();
    const early = this.#resume();
    if (early !== undefined) return early;
    this.#memory.epoch++;
    this.#cpu.executeOneCompiled();
    if (this.#cpu.exitRequest !== EXIT_NONE) return this.#takeExit();
    return undefined;
  }

  raiseInterrupt(vector: number): void {
    this.#cpu.queueInterrupt(vector & 0xff);
  }

  setA20(enabled: boolean): void {
    this.#cpu.setA20(enabled);
  }

  /**
   * Stores the data of an answered IN exit now (run() and step() do it first thing).
   * For tools that inspect the state between exits, like the conformance runner.
   */
  completeIo(): void {
    const exit = this.#completePendingIn();
    if (exit !== undefined) this.#pendingExit = exit;
  }

  /** True while a REP string instruction has rewound itself to continue (after an I/O element or a slice). */
  get instructionIncomplete(): boolean {
    return this.#cpu.restarting || this.#cpu.pendingIn !== PENDING_IN_NONE;
  }

  /** Completes a pending IN, and keeps a halted CPU halted unless an interrupt can wake it. */
  #resume(): ExitReason | undefined {
    const cpu = this.#cpu;
    if (this.#pendingExit !== undefined) {
      const exit = this.#pendingExit;
      this.#pendingExit = undefined;
      return exit;
    }
    const exit = this.#completePendingIn();
    if (exit !== undefined) return exit;
    if (cpu.halted) {
      const wakes = cpu.irqCount !== 0 && (cpu.flags & IF_FLAG) !== 0;
      if (!wakes) return this.#hltExit;
      cpu.halted = false;
    }
    return undefined;
  }

  #completePendingIn(): ExitReason | undefined {
    const cpu = this.#cpu;
    if (cpu.pendingIn !== PENDING_IN_NONE) {
      const data = this.#ioExit.data;
      const size = this.#ioExit.size;
      const value = size === 1 ? data[0] : size === 2 ? data[0] | (data[1] << 8) : (data[0] | (data[1] << 8) | (data[2] << 16) | (data[3] << 24)) >>> 0;
      const kind = cpu.pendingIn;
      cpu.pendingIn = PENDING_IN_NONE;
      try {
        if (kind === PENDING_IN_REG) {
          if (size === 1) cpu.regs8[0] = value;
          else if (size === 2) cpu.regs16[0] = value;
          else cpu.regs[0] = value;
          cpu.finishInput(false);
        } else {
          completeIns(cpu, value);
        }
      } catch (e) {
        if (e !== FAULT) throw e;
      }
      if (cpu.exitRequest !== EXIT_NONE) return this.#takeExit();
    }
    return undefined;
  }

  #takeExit(): ExitReason {
    const cpu = this.#cpu;
    const request = cpu.exitRequest;
    cpu.exitRequest = EXIT_NONE;
    switch (request) {
      case EXIT_IO: {
        const exit = this.#ioExit;
        const size = cpu.ioSize;
        exit.direction = cpu.ioDirectionOut ? 'out' : 'in';
        exit.port = cpu.ioPort;
        exit.size = size;
        exit.count = 1;
        exit.data = this.#ioData[size];
        const v = cpu.ioValue;
        if (cpu.ioDirectionOut) for (let i = 0; i < size; i++) exit.data[i] = (v >>> (i * 8)) & 0xff;
        else exit.data.fill(0);
        return exit;
      }
      case EXIT_HLT:
        return this.#hltExit;
      case EXIT_SHUTDOWN:
        return this.#shutdownExit;
      case EXIT_ERROR:
        this.#errorExit.reason = cpu.exitMessage;
        return this.#errorExit;
      default:
        return this.#interruptedExit;
    }
  }

  getState(): CpuState {
    const cpu = this.#cpu;
    const segment = (i: number): SegmentRegister => {
      const key = SEGMENT_KEYS[SEGMENT_ORDER.indexOf(i)];
      return { ...this.#segments[key], selector: cpu.segSel[i], base: cpu.segBase[i], limit: cpu.segLimit[i] };
    };
    return {
      eax: cpu.regs[0], ecx: cpu.regs[1], edx: cpu.regs[2], ebx: cpu.regs[3],
      esp: cpu.regs[4], ebp: cpu.regs[5], esi: cpu.regs[6], edi: cpu.regs[7],
      eip: cpu.eip,
      eflags: cpu.readFlags(),
      es: segment(ES), cs: segment(CS), ss: segment(SS), ds: segment(DS), fs: segment(FS), gs: segment(GS),
      tr: { ...this.#system.tr }, ldtr: { ...this.#system.ldtr },
      gdt: { base: cpu.gdtBase, limit: cpu.gdtLimit },
      idt: { base: cpu.idtBase, limit: cpu.idtLimit },
      cr0: cpu.cr0, cr2: cpu.cr2, cr3: cpu.cr3, cr4: cpu.cr4, efer: this.#system.efer,
    };
  }

  setState(state: CpuState): void {
    const cpu = this.#cpu;
    const regs = [state.eax, state.ecx, state.edx, state.ebx, state.esp, state.ebp, state.esi, state.edi];
    for (let i = 0; i < 8; i++) cpu.regs[i] = regs[i];
    cpu.eip = state.eip >>> 0;
    cpu.writeFlags(state.eflags, true);
    if (cpu.model === MODEL_8086) cpu.flags |= 0xf000;
    for (let k = 0; k < 6; k++) {
      const key = SEGMENT_KEYS[k];
      const seg = state[key];
      const i = SEGMENT_ORDER[k];
      this.#segments[key] = { ...seg };
      cpu.segSel[i] = seg.selector;
      cpu.segBase[i] = seg.base >>> 0;
      // The 8086 has no limits: every offset is a 16-bit wrap.
      cpu.segLimit[i] = cpu.model === MODEL_8086 ? 0xffff : seg.limit >>> 0;
    }
    cpu.setCodeDefault32(cpu.model === MODEL_386 && state.cs.db);
    cpu.invalidateFetch();
    cpu.blocks?.flush();
    cpu.stackBig = cpu.model === MODEL_386 && state.ss.db;
    cpu.gdtBase = state.gdt.base >>> 0;
    cpu.gdtLimit = state.gdt.limit;
    cpu.idtBase = state.idt.base >>> 0;
    cpu.idtLimit = state.idt.limit;
    cpu.cr0 = state.cr0 >>> 0;
    cpu.cr2 = state.cr2 >>> 0;
    cpu.cr3 = state.cr3 >>> 0;
    cpu.cr4 = state.cr4 >>> 0;
    this.#system = { tr: { ...state.tr }, ldtr: { ...state.ldtr }, efer: state.efer };
    cpu.halted = false;
    cpu.pendingIn = PENDING_IN_NONE;
    cpu.exitRequest = EXIT_NONE;
    cpu.shadow = false;
  }

  /** Drops the page table (the regions' bytes stay with whoever holds them). Idempotent. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#memory.unmapAll();
    this.#memory.bus = null;
  }

  #checkUsable(): void {
    if (this.#disposed) throw new BackendError('interp-disposed', 'the interpreter backend was disposed');
  }

  get disposed(): boolean {
    return this.#disposed;
  }
}

export function createInterpBackend(options?: InterpOptions): InterpBackend {
  return new InterpBackend(options);
}
