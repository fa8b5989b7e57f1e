/**
 * KVM + interpreter together: when KVM stops with an internal emulation error
 * (KVM_INTERNAL_ERROR_EMULATION: its instruction emulator, which runs real-mode
 * code on hosts without unrestricted guest support, does not know the
 * instruction), the machine takes the CPU state out of KVM, executes exactly
 * that one instruction in the interpreter over the same guest memory and the
 * same MMIO bus, puts the state back and resumes KVM. The guest cannot tell.
 *
 * The interpreter adopts the machine's regions (KVM's mmap'd memory) in place,
 * so nothing is copied. A port access the instruction makes comes back as the
 * interpreter's io exit and is dispatched through the machine's port bus, then
 * completed, exactly as the machine would for KVM. MMIO accesses go inline to
 * the machine's MMIO bus (counted in `stats.mmioAccesses`).
 *
 * Not covered: x87 instructions (CpuState has no FPU registers; refused with
 * FallbackError 'fallback-x87'), and an instruction whose execution halts or
 * shuts the interpreter down ('fallback-stopped').
 */
import { describeExit, type CpuState, type InternalErrorExit, type Machine, type MachineOptions, type MemoryRegion } from '@tinyvm/core';
import { createInterpBackend, type InterpBackend } from '@tinyvm/backend-interp';
import { FallbackError } from './errors.js';
import { isX87Instruction, MAX_INSTRUCTION_LENGTH } from './x87.js';

/** KVM_INTERNAL_ERROR_EMULATION (linux/kvm.h): the emulator could not handle an instruction. */
export const EMULATION_SUBERROR = 1;

export interface FallbackStats {
  /** Instructions the interpreter executed for KVM. */
  instructions: number;
  /** Port accesses those instructions made (dispatched to the port bus). */
  ioAccesses: number;
  /** MMIO accesses those instructions made (served inline by the MMIO bus). */
  mmioAccesses: number;
}

export class InterpreterFallback {
  readonly stats: FallbackStats = { instructions: 0, ioAccesses: 0, mmioAccesses: 0 };
  #interp: InterpBackend | undefined;
  #machine: Machine | undefined;
  readonly #adopted = new Set<MemoryRegion>();

  /**
   * For MachineOptions.onInternalError: true when the instruction was executed and
   * the guest resumes; false for other internal errors (the machine reports them).
   * Throws FallbackError when the instruction cannot be run correctly here.
   */
  readonly handle = (exit: InternalErrorExit, machine: Machine): boolean => {
    if (exit.suberror !== EMULATION_SUBERROR) return false;
    // getState first: on KVM it completes an access still pending from the last exit.
    const state = machine.backend.getState();
    const code = instructionBytes(machine, state);
    if (isX87Instruction(code)) {
      throw new FallbackError(
        'fallback-x87',
        `KVM could not emulate the x87 instruction at ${where(state)} (${hex(code)}), and the interpreter cannot stand in: ` +
          'the x87 registers are not part of the CPU state passed between backends',
        { cause: exit },
      );
    }
    const interp = this.#interpreterFor(machine);
    const mmioBefore = interp.stats.inlineExits.mmio;
    interp.setState(state);
    const stop = interp.step();
    if (stop !== undefined) {
      if (stop.kind !== 'io') {
        throw new FallbackError(
          'fallback-stopped',
          `KVM could not emulate the instruction at ${where(state)} (${hex(code)}), and the interpreter stopped on it too: ${describeExit(stop)}`,
          { cause: exit },
        );
      }
      // As the machine does for any io exit: OUT data go to the bus; IN data are filled in
      // and stored by the interpreter (completeIo), which also moves IP past the IN.
      machine.dispatchIo(stop);
      this.stats.ioAccesses += stop.count;
      if (stop.direction === 'in') interp.completeIo();
    }
    machine.backend.setState(interp.getState());
    this.stats.instructions++;
    this.stats.mmioAccesses += interp.stats.inlineExits.mmio - mmioBefore;
    return true;
  };

  /** The interpreter for this machine, created on first use, seeing every region the machine has now. */
  #interpreterFor(machine: Machine): InterpBackend {
    if (this.#machine !== machine) {
      this.#interp?.dispose();
      this.#adopted.clear();
      this.#interp = createInterpBackend({ model: '386' });
      this.#interp.attachMmio(machine.mmio);
      this.#machine = machine;
    }
    const interp = this.#interp!;
    for (const region of machine.memory.regions) {
      if (!this.#adopted.has(region)) {
        interp.adoptRegion(region);
        this.#adopted.add(region);
      }
    }
    return interp;
  }

  /** Drops the interpreter (its page table); the guest memory belongs to the machine. */
  dispose(): void {
    this.#interp?.dispose();
    this.#interp = undefined;
    this.#machine = undefined;
    this.#adopted.clear();
  }
}

export interface FallbackMachineOptions extends MachineOptions {
  /** The fallback behind onInternalError, for its stats. */
  readonly fallback: InterpreterFallback;
}

/**
 * Machine options whose onInternalError runs what KVM could not emulate in the
 * interpreter. A handler already in `options` is asked first about internal
 * errors that are not emulation failures.
 */
export function withInterpreterFallback(options: MachineOptions): FallbackMachineOptions {
  const fallback = new InterpreterFallback();
  const previous = options.onInternalError;
  return {
    ...options,
    fallback,
    onInternalError: (exit, machine) => fallback.handle(exit, machine) || (previous?.(exit, machine) ?? false),
  };
}

/** Up to 15 bytes at CS:EIP, stopping at the first byte that is not RAM. */
function instructionBytes(machine: Machine, state: CpuState): Uint8Array {
  const bytes: number[] = [];
  const ip = state.cs.db ? state.eip : state.eip & 0xffff;
  for (let i = 0; i < MAX_INSTRUCTION_LENGTH; i++) {
    const address = (state.cs.base + ip + i) >>> 0;
    const region = machine.memory.find(address);
    if (region === undefined) break;
    bytes.push(region.bytes[address - region.base]);
  }
  return Uint8Array.from(bytes);
}

function where(state: CpuState): string {
  const four = (n: number): string => n.toString(16).padStart(4, '0');
  return `${four(state.cs.selector)}:${four(state.eip)}`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join(' ');
}
