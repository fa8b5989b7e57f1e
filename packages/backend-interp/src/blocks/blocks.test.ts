/**
 * The block compiler against the interpreter it speeds up: guests that exercise the
 * translated forms, self-modifying code, a fault inside a compiled loop, code changed
 * by the host between runs and port I/O from inside a block. Each runs with blocks
 * off (the reference: the interpreter the chip tests check), compiled at once
 * (threshold 1) and compiled when hot (the default), and must end identically.
 */
import { describe, expect, it } from 'vitest';
import { type CpuState, type ExitReason, realModeState } from '@tinyvm/core';
import { type CpuModel, InterpBackend, type InterpOptions } from '../backend.js';
import { blocksFault, blocksMix, blocksSmc } from '../test-programs.js';

const LOAD = 0x7c00;
const bytesOf = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));

interface Outcome {
  exit: ExitReason['kind'];
  ram: Uint8Array;
  state: CpuState;
  instructions: number;
  blocks: { compiled: number; invalidated: number } | undefined;
}

function runGuest(hex: string, model: CpuModel, options: InterpOptions): Outcome {
  const backend = new InterpBackend({ model, ...options });
  const ram = backend.createRegion({ base: 0, size: 0x10000, name: 'ram' });
  ram.bytes.set(bytesOf(hex), LOAD);
  backend.setState(realModeState({ cs: 0, ip: LOAD }));
  const deadline = performance.now() + 10_000;
  let exit = backend.run({ deadline });
  while (exit.kind === 'interrupted' && performance.now() < deadline) exit = backend.run({ deadline });
  return { exit: exit.kind, ram: ram.bytes.slice(), state: backend.getState(), instructions: backend.stats.instructions, blocks: backend.blockStats };
}

const MODES: { name: string; options: InterpOptions }[] = [
  { name: 'compiled at once', options: { blockThreshold: 1 } },
  { name: 'compiled when hot', options: {} },
];

function expectSameAsInterpreter(hex: string, model: CpuModel): { reference: Outcome; compiled: Outcome[] } {
  const reference = runGuest(hex, model, { compileBlocks: false });
  expect(reference.exit).toBe('hlt');
  expect(reference.blocks).toBeUndefined();
  const compiled = MODES.map(({ options }) => runGuest(hex, model, options));
  for (const outcome of compiled) {
    expect(outcome.exit).toBe('hlt');
    expect(outcome.state).toEqual(reference.state);
    expect(outcome.instructions).toBe(reference.instructions);
    // Whole 64 KiB compared, so a stray write anywhere shows.
    expect(Buffer.from(outcome.ram).equals(Buffer.from(reference.ram))).toBe(true);
  }
  return { reference, compiled };
}

const word = (ram: Uint8Array, at: number): number => ram[at] | (ram[at + 1] << 8);

describe('block compiler', () => {
  it('runs a guest using every translated form exactly as the interpreter does', () => {
    const { reference, compiled } = expectSameAsInterpreter(blocksMix, '386');
    // The guest stored 6 words and a byte: not all zero (it did work).
    expect(Array.from(reference.ram.subarray(0x500, 0x50d)).some((b) => b !== 0)).toBe(true);
    expect(compiled[0].blocks!.compiled).toBeGreaterThan(10);
  });

  it('sees the guest rewrite code inside the running block and in another block', () => {
    const { reference, compiled } = expectSameAsInterpreter(blocksSmc, '386');
    expect(word(reference.ram, 0x500)).toBe(5050);
    expect(word(reference.ram, 0x502)).toBe(1);
    for (const outcome of compiled) expect(outcome.blocks!.invalidated).toBeGreaterThan(0);
  });

  it.each(['286', '386'] as const)('delivers a fault from inside a compiled loop (%s) and counts instructions as the interpreter', (model) => {
    const { reference } = expectSameAsInterpreter(blocksFault, model);
    expect(word(reference.ram, 0x502)).toBe(1); // one #GP
  });

  it('runs code the host changed between two runs', () => {
    // top: INC AX; OUT E9h,AL; JMP top
    const backend = new InterpBackend({ blockThreshold: 1 });
    const ram = backend.createRegion({ base: 0, size: 0x10000, name: 'ram' });
    ram.bytes.set([0x40, 0xe6, 0xe9, 0xeb, 0xfb], LOAD);
    backend.setState(realModeState({ cs: 0, ip: LOAD }));
    for (let i = 0; i < 3; i++) expect(backend.run().kind).toBe('io');
    expect(backend.getState().eax & 0xffff).toBe(3);
    expect(backend.blockStats!.compiled).toBeGreaterThan(0);
    ram.bytes[LOAD] = 0x43; // INC BX
    expect(backend.run().kind).toBe('io');
    const state = backend.getState();
    expect([state.eax & 0xffff, state.ebx & 0xffff]).toEqual([3, 1]);
    expect(backend.blockStats!.invalidated).toBe(1);
  });

  it('leaves a compiled loop for each OUT, with the value and IP of that OUT', () => {
    // MOV CX,5; l: MOV AL,CL; OUT E9h,AL; LOOP l; HLT
    const code = [0xb9, 0x05, 0x00, 0x88, 0xc8, 0xe6, 0xe9, 0xe2, 0xfa, 0xf4];
    const run = (options: InterpOptions): string[] => {
      const backend = new InterpBackend(options);
      backend.createRegion({ base: 0, size: 0x10000, name: 'ram' }).bytes.set(code, LOAD);
      backend.setState(realModeState({ cs: 0, ip: LOAD }));
      const seen: string[] = [];
      for (let exit = backend.run(); exit.kind !== 'hlt'; exit = backend.run()) {
        expect(exit.kind).toBe('io');
        if (exit.kind === 'io') seen.push(`${exit.data[0]}@${backend.getState().eip.toString(16)}`);
      }
      return seen;
    };
    const reference = run({ compileBlocks: false });
    expect(reference).toEqual(['5@7c07', '4@7c07', '3@7c07', '2@7c07', '1@7c07']);
    expect(run({ blockThreshold: 1 })).toEqual(reference);
  });

  it('stops a guest spinning in a compiled loop at the deadline', () => {
    // l: INC AX; JMP l
    const backend = new InterpBackend({ blockThreshold: 1 });
    backend.createRegion({ base: 0, size: 0x10000, name: 'ram' }).bytes.set([0x40, 0xeb, 0xfd], LOAD);
    backend.setState(realModeState({ cs: 0, ip: LOAD }));
    const started = performance.now();
    expect(backend.run({ deadline: started + 50 }).kind).toBe('interrupted');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(backend.stats.instructions).toBeGreaterThan(1000);
    expect(backend.blockStats!.compiled).toBeGreaterThan(0);
  });
});
