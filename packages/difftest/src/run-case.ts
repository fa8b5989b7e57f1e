/**
 * Runs a test case on a backend: one Machine per backend, reused for every case
 * (KVM creates a VM once), memory rewritten and state set before each case.
 */
import { Machine, realModeSegment, realModeState, type CpuState, type InternalErrorExit, type RunResult, type VcpuBackend } from '@tinyvm/core';
import type { TestCase } from './generator.js';
import { CODE_OFFSET, CODE_SEGMENT, HLT, IVT_ADDRESS, RAM_SIZE, SCRATCH_ADDRESS, SCRATCH_SEGMENT, SCRATCH_SIZE, VECTOR_STUBS } from './layout.js';

export interface CaseOutcome {
  stop: RunResult['stop'];
  /** Set when the backend stopped with an internal error (KVM could not emulate). */
  internalError?: InternalErrorExit;
  state: CpuState;
  /** The scratch segment after the case (a copy). */
  scratch: Uint8Array;
}

/** Wall-clock limit per case: no case loops (branches only go forward), so this only catches bugs. */
const CASE_TIMEOUT_MS = 2000;

export class CaseRunner {
  readonly machine: Machine;
  readonly #ram: Uint8Array;

  constructor(backend: VcpuBackend) {
    this.machine = new Machine({ backend });
    this.#ram = this.machine.addRam({ base: 0, size: RAM_SIZE, name: 'difftest' }).bytes;
  }

  run(testCase: TestCase): CaseOutcome {
    const ram = this.#ram;
    ram.fill(0, 0, SCRATCH_ADDRESS);
    // IVT: vector v -> CODE_SEGMENT:(VECTOR_STUBS + v), each a HLT.
    for (let v = 0; v < 256; v++) {
      const at = IVT_ADDRESS + v * 4;
      const offset = VECTOR_STUBS + v;
      ram[at] = offset & 0xff;
      ram[at + 1] = offset >>> 8;
      ram[at + 2] = CODE_SEGMENT & 0xff;
      ram[at + 3] = CODE_SEGMENT >>> 8;
    }
    const codeBase = CODE_SEGMENT << 4;
    ram.fill(HLT, codeBase + VECTOR_STUBS, codeBase + VECTOR_STUBS + 256);
    ram.set(testCase.code, codeBase + CODE_OFFSET);
    ram.set(testCase.scratch, SCRATCH_ADDRESS);

    const { eflags, ...registers } = testCase.registers;
    const state = realModeState({ cs: CODE_SEGMENT, ip: CODE_OFFSET, ss: SCRATCH_SEGMENT, registers });
    state.eflags = eflags;
    for (const key of ['ds', 'es', 'fs', 'gs'] as const) state[key] = realModeSegment(SCRATCH_SEGMENT);
    this.machine.backend.setState(state);

    const result = this.machine.run({ timeoutMs: CASE_TIMEOUT_MS });
    const outcome: CaseOutcome = {
      stop: result.stop,
      state: this.machine.backend.getState(),
      scratch: ram.slice(SCRATCH_ADDRESS, SCRATCH_ADDRESS + SCRATCH_SIZE),
    };
    if (result.exit?.kind === 'internal-error') outcome.internalError = result.exit;
    return outcome;
  }

  dispose(): void {
    this.machine.dispose();
  }
}
