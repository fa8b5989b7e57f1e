/**
 * Compiled blocks by linear address: which exist, when to compile one, and when one
 * is stale. A block is compiled when the interpreter has reached its address
 * `threshold` times (code that runs once is not worth a `new Function`), kept in a
 * direct-mapped table, and dropped when its code changes:
 * - the guest writes over it: the CPU's writes into flat RAM look at MemoryMap's
 *   codeLines and call codeWritten, which drops the blocks the write overlaps and
 *   tells a running block to stop (Cpu.codeDirty);
 * - anything else writes guest RAM (the machine and its devices between runs, a
 *   device during an MMIO access): MemoryMap.epoch moves on, and a block compares its
 *   code bytes with memory the first time it runs in a new epoch;
 * - the CPU's view changes (setState, A20, the memory map): everything is dropped.
 * A block rewritten by the guest again and again (code and data sharing bytes) is
 * given up on: that address stays interpreted.
 */
import { type Cpu, CS } from '../cpu.js';
import { divide, multiply } from '../muldiv.js';
import { shift } from '../alu.js';
import { CODE_LINE_SHIFT } from '../memory-map.js';
import { compileBlock } from './block-compiler.js';

export interface Block {
  readonly lin: number;
  readonly csBase: number;
  readonly ip: number;
  /** The compiled code, or null for "the interpreter runs this address". */
  readonly run: ((cpu: Cpu) => void) | null;
  /** Copy of the code bytes, to revalidate in a new epoch. */
  readonly bytes: Uint8Array;
  epoch: number;
  /** Never compile here again (rewritten too often). */
  readonly permanent: boolean;
  /** Native instructions already done when the instruction at an IP faults. */
  readonly faultCounts: Map<number, number>;
}

const TABLE_BITS = 16;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/** Rewrites of one address's code after which it stays interpreted. */
const MAX_REWRITES = 8;
const HELPERS = { shift, multiply, divide };

/**
 * The block's function from its source, or null if the source does not compile (a
 * compiler bug must cost speed, not the host process: that address stays interpreted).
 */
function instantiate(source: string): ((cpu: Cpu) => void) | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point of a block compiler
    return new Function('helpers', source)(HELPERS) as (cpu: Cpu) => void;
  } catch {
    return null;
  }
}

export interface BlockStats {
  compiled: number;
  /** Blocks dropped because their code changed. */
  invalidated: number;
}

export class BlockCache {
  readonly stats: BlockStats = { compiled: 0, invalidated: 0 };
  readonly #cpu: Cpu;
  readonly #threshold: number;
  readonly #table: (Block | null)[] = new Array<Block | null>(1 << TABLE_BITS).fill(null);
  readonly #heat = new Uint16Array(1 << TABLE_BITS);
  /** Blocks by the 64-byte lines their code covers. */
  readonly #lines = new Map<number, Block[]>();
  readonly #rewrites = new Map<number, number>();
  /** Anything compiled or marked since the last flush (a flush of an empty cache costs nothing). */
  #populated = false;

  constructor(cpu: Cpu, threshold: number) {
    this.#cpu = cpu;
    this.#threshold = Math.max(1, threshold);
    cpu.mem.onCodeWrite = (address, length) => this.#codeWritten(address, length);
  }

  /**
   * Runs the compiled block at CS:IP, compiling it first if the address is hot enough.
   * Returns false when the interpreter should execute the next instruction itself.
   */
  tryRun(cpu: Cpu): boolean {
    if (cpu.codeDefault32) return false;
    const csBase = cpu.segBase[CS];
    const lin = (csBase + cpu.eip) & cpu.addressMask;
    if (lin >>> 0 >= cpu.mem.flatEnd) return false;
    const slot = lin & TABLE_MASK;
    let block = this.#table[slot];
    if (block === null || block.lin !== lin || block.csBase !== csBase || block.ip !== cpu.eip) {
      if (++this.#heat[slot] < this.#threshold) return false;
      this.#heat[slot] = 0;
      block = this.#compile(lin, slot);
    } else if (block.epoch !== cpu.mem.epoch && !this.#revalidate(block)) {
      return false;
    }
    const run = block.run;
    if (run === null) return false;
    cpu.activeBlock = block;
    run(cpu);
    cpu.activeBlock = null;
    return true;
  }

  /**
   * Executes the instruction at CS:IP as a one-instruction block compiled for the
   * occasion (not cached), if the compiler translates it; false otherwise. For tests
   * that hold the compiled forms against the interpreter and the chips.
   */
  runSingle(cpu: Cpu): boolean {
    if (cpu.codeDefault32) return false;
    const lin = (cpu.segBase[CS] + cpu.eip) & cpu.addressMask;
    if (lin >>> 0 >= cpu.mem.flatEnd) return false;
    const code = compileBlock(cpu, cpu.eip, lin, 1);
    if (code === null) return false;
    const run = instantiate(code.source);
    if (run === null) return false;
    cpu.activeBlock = { lin, csBase: cpu.segBase[CS], ip: cpu.eip, run, bytes: new Uint8Array(0), epoch: 0, permanent: false, faultCounts: code.faultCounts };
    cpu.sliceRemaining = 1;
    run(cpu);
    cpu.activeBlock = null;
    return true;
  }

  /** Drops every block (the CPU's mode, A20 or memory map changed). */
  flush(): void {
    // setState flushes: the KVM fallback sets state once per instruction it runs here.
    if (!this.#populated) return;
    this.#populated = false;
    this.#table.fill(null);
    this.#lines.clear();
    this.#cpu.mem.codeLines.fill(0);
    this.#heat.fill(0);
  }

  #compile(lin: number, slot: number): Block {
    const cpu = this.#cpu;
    const old = this.#table[slot];
    if (old !== null) this.#drop(old);
    const permanent = (this.#rewrites.get(lin) ?? 0) >= MAX_REWRITES;
    const code = permanent ? null : compileBlock(cpu, cpu.eip, lin);
    let run: ((cpu: Cpu) => void) | null = null;
    if (code !== null) {
      run = instantiate(code.source);
      if (run !== null) this.stats.compiled++;
    }
    const byteLength = code?.byteLength ?? 1;
    const block: Block = {
      lin,
      csBase: cpu.segBase[CS],
      ip: cpu.eip,
      run,
      bytes: cpu.mem.flatBytes.slice(lin, lin + byteLength),
      epoch: cpu.mem.epoch,
      permanent,
      faultCounts: code?.faultCounts ?? new Map(),
    };
    this.#table[slot] = block;
    this.#populated = true;
    if (run !== null) this.#register(block);
    return block;
  }

  #register(block: Block): void {
    const lines = this.#cpu.mem.codeLines;
    const last = (block.lin + block.bytes.length - 1) >>> CODE_LINE_SHIFT;
    for (let line = block.lin >>> CODE_LINE_SHIFT; line <= last; line++) {
      const list = this.#lines.get(line);
      if (list === undefined) this.#lines.set(line, [block]);
      else list.push(block);
      lines[line] = 1;
    }
  }

  #drop(block: Block): void {
    const slot = block.lin & TABLE_MASK;
    if (this.#table[slot] === block) this.#table[slot] = null;
    if (block.run === null) return;
    const lines = this.#cpu.mem.codeLines;
    const last = (block.lin + block.bytes.length - 1) >>> CODE_LINE_SHIFT;
    for (let line = block.lin >>> CODE_LINE_SHIFT; line <= last; line++) {
      const list = this.#lines.get(line);
      if (list === undefined) continue;
      const i = list.indexOf(block);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) {
        this.#lines.delete(line);
        lines[line] = 0;
      }
    }
  }

  /** A block's first run in a new epoch: still the same code? */
  #revalidate(block: Block): boolean {
    const mem = this.#cpu.mem;
    const bytes = mem.flatBytes;
    const code = block.bytes;
    let same = block.lin + code.length <= mem.flatEnd;
    for (let i = 0; same && i < code.length; i++) same = bytes[block.lin + i] === code[i];
    if (same || block.permanent) {
      block.epoch = mem.epoch;
      return block.run !== null;
    }
    this.#drop(block);
    this.stats.invalidated++;
    return false;
  }

  /** The guest wrote `length` bytes at `address` on a line holding compiled code. */
  #codeWritten(address: number, length: number): void {
    const end = address + length;
    const last = (end - 1) >>> CODE_LINE_SHIFT;
    for (let line = address >>> CODE_LINE_SHIFT; line <= last; line++) {
      const list = this.#lines.get(line);
      if (list === undefined) continue;
      for (const block of [...list]) {
        if (block.lin < end && address < block.lin + block.bytes.length) {
          this.#drop(block);
          this.stats.invalidated++;
          this.#rewrites.set(block.lin, (this.#rewrites.get(block.lin) ?? 0) + 1);
          this.#cpu.codeDirty = true;
        }
      }
    }
  }
}
