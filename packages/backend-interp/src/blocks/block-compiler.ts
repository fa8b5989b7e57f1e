/**
 * The block compiler: turns a straight run of guest instructions (a block, from an
 * address to the first branch) into one JavaScript function, so V8 compiles the
 * guest's hot loops to machine code. A block that ends with a branch back to its own
 * start (the inner loop of most programs) becomes a loop inside the function.
 *
 * Instructions in native-forms.ts are translated; every other one is executed by the
 * interpreter from inside the block (Cpu.stepFast), after which the block checks that
 * IP is where the compiler expected, that no exit was requested and that no compiled
 * code was overwritten, and returns otherwise. So a block is never less correct than
 * the interpreter: it only skips the fetch and decode of the forms it knows.
 *
 * What the compiled code must keep exact, as the interpreter would:
 * - registers and memory after every instruction (memory through the Cpu accessors);
 * - FLAGS wherever they can be observed: before anything that can fault (the fault
 *   pushes them), at every exit, and before every reader. An instruction whose status
 *   flags are all overwritten before any of those does not record them (a backward
 *   liveness pass over the six status flags);
 * - IP at every exit, instrStart before anything that can fault (Cpu.fault returns
 *   there), the instruction count (Cpu.instructions) and the slice budget.
 */
import { type Cpu, CS, MODEL_8086, SS } from '../cpu.js';
import { lengthFrom, type Prefixes, readPrefixes } from './instruction-length.js';
import { ALL_STATUS, type Native, translate } from './native-forms.js';

/** Longest block, in instructions. */
const MAX_INSTRUCTIONS = 48;

export interface BlockCode {
  /** The function's source (outer function of `helpers`, returning the block). */
  source: string;
  /** Bytes the block's instructions occupy from its first one. */
  byteLength: number;
  /** Instructions in the block (one pass, for a loop block). */
  instructionCount: number;
  /** For each instruction that can fault: the native instructions counted when it does. */
  faultCounts: Map<number, number>;
  /** Translated instructions (the rest run in the interpreter). */
  nativeCount: number;
}

interface Entry {
  ip: number;
  next: number;
  native: Native | null;
}

/**
 * Opcodes after which the interpreter must take over between instructions, so a block
 * ends before them: they change TF, IF's shadow, CS or the CPU's mode (POPF, STI, POP
 * SS, MOV SS/CS, IRET, INT/INTO, far transfers, HLT).
 */
function endsBlock(model: number, op: number, modrm: number): boolean {
  switch (op) {
    case 0x9d: case 0xfb: case 0x17: case 0xcf: case 0xcc: case 0xcd: case 0xce:
    case 0xca: case 0xcb: case 0x9a: case 0xea: case 0xf4:
      return true;
    case 0x8e: {
      // The 8086 decodes only two bits of the segment number.
      const seg = model === MODEL_8086 ? (modrm >> 3) & 3 : (modrm >> 3) & 7;
      return seg === CS || seg === SS;
    }
    case 0xff: {
      const reg = (modrm >> 3) & 7;
      return reg === 3 || reg === 5;
    }
    default:
      return false;
  }
}

/**
 * Compiles the block at CS:`ip`, whose linear address `lin` is in flat RAM, or returns
 * null when its first instruction is one the interpreter must run by itself.
 */
export function compileBlock(cpu: Cpu, ip: number, lin: number, maxInstructions = MAX_INSTRUCTIONS): BlockCode | null {
  const mem = cpu.mem;
  const bytes = mem.flatBytes;
  const csLimit = Math.min(cpu.segLimit[CS], 0xffff);
  const prefixes: Prefixes = { count: 0, segment: -1, operand32: false, address32: false, rep: 0, lock: false };
  const entries: Entry[] = [];
  let at = lin;
  let next = ip;
  while (entries.length < maxInstructions) {
    const here = next;
    // Stop at the end of flat RAM, at the CS limit and where IP would wrap.
    const room = Math.min(mem.flatEnd - at, csLimit - here + 1, 16);
    if (room <= 0) break;
    const opAt = readPrefixes(cpu.model, bytes, at, at + room, prefixes);
    const length = lengthFrom(cpu.model, bytes, opAt, at + room, prefixes);
    if (length === 0 || (cpu.maxLength !== 0 && length > cpu.maxLength)) break;
    if (here + length > 0xffff) break;
    if (endsBlock(cpu.model, bytes[opAt], bytes[opAt + 1])) break;
    next = here + length;
    const plain = !prefixes.operand32 && !prefixes.address32 && prefixes.rep === 0 && !prefixes.lock;
    const native = plain ? translate(cpu.model, bytes, opAt, prefixes.segment, next) : null;
    entries.push({ ip: here, next, native });
    at += length;
    if (native?.control) break;
  }
  const nativeCount = entries.reduce((n, e) => n + (e.native ? 1 : 0), 0);
  if (nativeCount === 0) return null;
  const liveOut = flagLiveness(entries);
  const { body, faultCounts } = emit(entries, liveOut, ip);
  return {
    source: `"use strict";\nconst { shift, multiply, divide } = helpers;\nreturn function block_${ip.toString(16)}(cpu) {\n${body}\n};`,
    byteLength: at - lin,
    instructionCount: entries.length,
    faultCounts,
    nativeCount,
  };
}

/** Status flags still needed after each instruction (all of them wherever the block may stop or fault). */
function flagLiveness(entries: Entry[]): number[] {
  const liveOut = new Array<number>(entries.length);
  let live = ALL_STATUS;
  for (let i = entries.length - 1; i >= 0; i--) {
    const n = entries[i].native;
    if (n === null) {
      liveOut[i] = ALL_STATUS;
      live = ALL_STATUS;
      continue;
    }
    const mayStopAfter = n.writesMemory || n.control !== null;
    liveOut[i] = mayStopAfter ? ALL_STATUS : live;
    live = n.faults ? ALL_STATUS : (liveOut[i] & ~n.writes) | n.reads;
  }
  return liveOut;
}

function count(n: number): string {
  return n === 0 ? '' : ` cpu.instructions += ${n}; cpu.sliceRemaining -= ${n};`;
}

function emit(entries: Entry[], liveOut: number[], start: number): { body: string; faultCounts: Map<number, number> } {
  const last = entries[entries.length - 1];
  const control = last.native?.control ?? null;
  const loops = control?.kind === 'jump' && control.target === start;
  const lines: string[] = ['const r32 = cpu.regs, r16 = cpu.regs16, r8 = cpu.regs8;', 'cpu.codeDirty = false;'];
  if (loops) lines.push('for (;;) {');
  const faultCounts = new Map<number, number>();
  let natives = 0;
  const leave = (ip: number | string): string => `{ cpu.eip = ${ip};${count(natives)} return; }`;
  /** Where a branch goes: around the loop again (if the slice allows) or out. */
  const goTo = (target: number): string =>
    loops && target === start
      ? `{${count(natives)} if (cpu.sliceRemaining <= 0) { cpu.eip = ${start}; return; } continue; }`
      : leave(target);
  entries.forEach((entry, i) => {
    const n = entry.native;
    if (n === null) {
      faultCounts.set(entry.ip, natives);
      lines.push(`cpu.eip = ${entry.ip}; cpu.stepFast();`);
      lines.push(`if (cpu.eip !== ${entry.next} || cpu.exitRequest !== 0 || cpu.codeDirty) {${count(natives)} return; }`);
      return;
    }
    natives++;
    if (n.faults) {
      faultCounts.set(entry.ip, natives);
      lines.push(`cpu.instrStart = ${entry.ip};`);
    }
    if (n.needsNextIp) lines.push(`cpu.eip = ${entry.next};`);
    const code = n.code((liveOut[i] & n.writes) !== 0);
    const c = n.control;
    if (c === null) {
      if (code !== '') lines.push(`{ ${code} }`);
      if (n.writesMemory) lines.push(`if (cpu.codeDirty) ${leave(entry.next)}`);
      return;
    }
    if (c.kind === 'indirect') {
      lines.push(`{ ${c.before} ${leave('target')} }`);
    } else if (c.condition === null) {
      lines.push(`{ ${c.before} ${goTo(c.target)} }`);
    } else {
      lines.push(`{ ${c.before} if (${c.condition}) ${goTo(c.target)} ${leave(entry.next)} }`);
    }
  });
  if (control === null) lines.push(leave(last.next));
  if (loops) lines.push('}');
  return { body: lines.join('\n'), faultCounts };
}
