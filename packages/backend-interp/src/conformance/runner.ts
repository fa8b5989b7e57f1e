/**
 * Runs MOO conformance tests against the interpreter (procedure in
 * shared/conformance/README.md): load INIT registers and RAM, execute one
 * instruction (8086) or until the appended HLT (80286), compare registers and
 * FINA RAM, flags under the published undefined-flag masks.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { realModeState, realModeSegment, type CpuState, type ExitReason } from '@tinyvm/core';
import { InterpBackend } from '../backend.js';
import { MOO_REGISTERS, parseMoo, type MooRegister, type MooTest } from './moo.js';

export type ConformanceCpu = '8086' | '286';

export interface TestFailure {
  file: string;
  index: number;
  name: string;
  bytes: string;
  differences: string[];
}

export interface FileResult {
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  failures: TestFailure[];
}

interface Metadata {
  opcodes: Record<string, { 'flags-mask'?: number; reg?: Record<string, { 'flags-mask'?: number }> }>;
}

/** Per-file flag masks from 8086/metadata.json (undefined flags are not compared). */
export function loadFlagMasks(dir: string): Map<string, number> {
  const masks = new Map<string, number>();
  const path = join(dir, 'metadata.json');
  if (!existsSync(path)) return masks;
  const meta = JSON.parse(readFileSync(path, 'utf8')) as Metadata;
  for (const [opcode, entry] of Object.entries(meta.opcodes)) {
    if (entry['flags-mask'] !== undefined) masks.set(opcode, entry['flags-mask']);
    for (const [reg, sub] of Object.entries(entry.reg ?? {})) {
      if (sub['flags-mask'] !== undefined) masks.set(`${opcode}.${reg}`, sub['flags-mask']);
    }
  }
  return masks;
}

export function loadRevoked(dir: string): Set<string> {
  const path = join(dir, 'revocation_list.txt');
  if (!existsSync(path)) return new Set();
  return new Set(
    readFileSync(path, 'utf8').split('\n').map((l) => l.trim().toLowerCase()).filter((l) => l !== '' && !l.startsWith('#')),
  );
}

export function listTestFiles(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.MOO.gz')).sort();
}

const REG_TO_STATE: Record<Exclude<MooRegister, 'cs' | 'ss' | 'ds' | 'es' | 'ip' | 'flags'>, keyof CpuState> = {
  ax: 'eax', bx: 'ebx', cx: 'ecx', dx: 'edx', sp: 'esp', bp: 'ebp', si: 'esi', di: 'edi',
};

export class ConformanceRunner {
  readonly backend: InterpBackend;
  readonly ram: Uint8Array;
  readonly cpu: ConformanceCpu;
  #dirtyPages = new Set<number>();

  /** Each instruction the block compiler translates runs as a compiled one-instruction block. */
  readonly blocks: boolean;

  constructor(cpu: ConformanceCpu, options: { blocks?: boolean } = {}) {
    this.cpu = cpu;
    this.blocks = options.blocks ?? false;
    this.backend = new InterpBackend({ model: cpu });
    // The 8086 tests assume 1 MiB wrapping at 0xFFFFF, the 286 tests 16 MiB.
    this.ram = this.backend.createRegion({ base: 0, size: cpu === '8086' ? 0x100000 : 0x1000000, name: 'ram' }).bytes;
  }

  /** Runs one test; returns the differences from the chip (empty when it passed). */
  run(test: MooTest, flagsMask: number, skipAddresses?: Set<number>): string[] {
    for (const page of this.#dirtyPages) this.ram.fill(0, page << 12, (page + 1) << 12);
    this.#dirtyPages.clear();
    const init = test.initial.regs;
    const state = realModeState({ cs: init.cs ?? 0, ip: init.ip ?? 0, ss: init.ss ?? 0 });
    for (const [name, key] of Object.entries(REG_TO_STATE)) (state as unknown as Record<string, number>)[key] = init[name as MooRegister] ?? 0;
    state.ds = realModeSegment(init.ds ?? 0);
    state.es = realModeSegment(init.es ?? 0);
    // 286 real mode: the top four flag bits of the recorded initial flags are not real state.
    state.eflags = this.cpu === '286' ? (init.flags ?? 2) & 0x0fff : init.flags ?? 2;
    this.backend.setState(state);
    const mask = this.ram.length - 1;
    for (const [address, value] of test.initial.ram) {
      this.ram[address & mask] = value;
      this.#dirtyPages.add((address & mask) >>> 12);
    }
    for (const [address] of test.final.ram) this.#dirtyPages.add((address & mask) >>> 12);

    const error = this.cpu === '8086' ? this.#executeOne() : this.#executeUntilHlt();
    if (error !== undefined) return [error];
    return this.#compare(test, flagsMask, skipAddresses);
  }

  /** 8086: one instruction; a REP string instruction (restarted per I/O element) runs to completion. */
  #executeOne(): string | undefined {
    for (let guard = 0; guard < 0x20000; guard++) {
      const exit = this.#step();
      if (exit?.kind === 'io') this.#answerIo(exit.direction, exit.data);
      else if (exit !== undefined && exit.kind !== 'hlt') return `unexpected exit ${exit.kind}`;
      if (!this.backend.instructionIncomplete) return undefined;
    }
    return 'instruction did not complete';
  }

  /** 80286: execute until the HLT appended after the instruction (or at the handler) has run. */
  #executeUntilHlt(): string | undefined {
    for (let guard = 0; guard < 0x20000; guard++) {
      const exit = this.#step();
      if (exit === undefined) continue;
      if (exit.kind === 'hlt') return undefined;
      if (exit.kind === 'io') this.#answerIo(exit.direction, exit.data);
      else return `unexpected exit ${exit.kind}`;
    }
    return 'no HLT reached';
  }

  #step(): ExitReason | undefined {
    return this.blocks ? this.backend.stepCompiled() : this.backend.step();
  }

  /** The recorder's bus answered port reads with all ones. */
  #answerIo(direction: 'in' | 'out', data: Uint8Array): void {
    if (direction === 'in') {
      data.fill(0xff);
      this.backend.completeIo();
    }
  }

  #compare(test: MooTest, flagsMask: number, skipAddresses?: Set<number>): string[] {
    const differences: string[] = [];
    const state = this.backend.getState();
    const actual: Record<MooRegister, number> = {
      ax: state.eax & 0xffff, bx: state.ebx & 0xffff, cx: state.ecx & 0xffff, dx: state.edx & 0xffff,
      cs: state.cs.selector, ss: state.ss.selector, ds: state.ds.selector, es: state.es.selector,
      sp: state.esp & 0xffff, bp: state.ebp & 0xffff, si: state.esi & 0xffff, di: state.edi & 0xffff,
      ip: state.eip & 0xffff, flags: state.eflags & 0xffff,
    };
    for (const name of MOO_REGISTERS) {
      let expected = test.final.regs[name] ?? test.initial.regs[name] ?? 0;
      let got = actual[name];
      if (name === 'flags') {
        if (this.cpu === '286' && test.final.regs.flags === undefined) expected &= 0x0fff;
        expected &= flagsMask;
        got &= flagsMask;
      }
      if (expected !== got) differences.push(`${name}: expected ${hex4(expected)}, got ${hex4(got)}`);
    }
    const mask = this.ram.length - 1;
    for (const [address, value] of test.final.ram) {
      if (skipAddresses?.has(address)) continue;
      const got = this.ram[address & mask];
      if (got !== value) differences.push(`[${address.toString(16)}]: expected ${hex2(value)}, got ${hex2(got)}`);
    }
    return differences;
  }
}

function hex4(v: number): string {
  return v.toString(16).padStart(4, '0');
}
function hex2(v: number): string {
  return v.toString(16).padStart(2, '0');
}

/**
 * Opcodes that are aliases on the 8086 (so its metadata has no mask for them) but
 * real instructions on the 286, mapped to the 8086 opcode with the same flag rules:
 * shifts by imm8 like shifts by CL, IMUL imm like IMUL r/m.
 */
const SAME_FLAGS_AS: Record<string, string> = { C0: 'D2', C1: 'D3', '69': 'F7.5', '6B': 'F7.5' };

/** Flag mask for a file name like "F6.4.MOO.gz" (all 16 bits when no flag is undefined). */
export function maskForFile(masks: Map<string, number>, file: string): number {
  const key = file.replace(/\.MOO\.gz$/, '');
  const [opcode, reg] = key.split('.');
  const alias = SAME_FLAGS_AS[opcode];
  const lookup = alias === undefined ? key : alias.includes('.') ? alias : reg === undefined ? alias : `${alias}.${reg}`;
  return masks.get(lookup) ?? 0xffff;
}

export interface RunFileOptions {
  /** Run only the first N tests of the file. */
  limit?: number;
  revoked?: Set<string>;
  masks: Map<string, number>;
  /** Keep at most this many failures per file. */
  keepFailures?: number;
}

export function runFile(runner: ConformanceRunner, dir: string, file: string, options: RunFileOptions): FileResult {
  const moo = parseMoo(readFileSync(join(dir, file)));
  const mask = maskForFile(options.masks, file);
  const result: FileResult = { file, passed: 0, failed: 0, skipped: 0, failures: [] };
  const tests = options.limit === undefined ? moo.tests : moo.tests.slice(0, options.limit);
  for (let position = 0; position < tests.length; position++) {
    const test = tests[position];
    if (options.revoked?.has(test.hash)) {
      result.skipped++;
      continue;
    }
    const differences = runner.run(test, mask);
    if (differences.length === 0) result.passed++;
    else {
      result.failed++;
      if (result.failures.length < (options.keepFailures ?? 5)) {
        result.failures.push({
          file, index: position, name: test.name, differences,
          bytes: Array.from(test.bytes, (b) => b.toString(16).padStart(2, '0')).join(' '),
        });
      }
    }
  }
  return result;
}
