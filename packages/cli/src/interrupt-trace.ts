/**
 * --trace int: the external interrupts the machine injects into the vCPU. A
 * machine with interrupt controllers (the PC platform) delivers each one by
 * calling the backend's raiseInterrupt(vector) (the interpreter's; KVM's would
 * be KVM_INTERRUPT); watching that call sees every delivery, whoever wired
 * the controllers. A guest's own INT n never leaves the CPU and is not seen.
 */
import type { VcpuBackend } from '@tinyvm/core';

interface InjectingBackend extends VcpuBackend {
  raiseInterrupt(vector: number): void;
}

function canInject(backend: VcpuBackend): backend is InjectingBackend {
  return typeof (backend as Partial<InjectingBackend>).raiseInterrupt === 'function';
}

/**
 * Calls `observe(vector)` for each interrupt raised on `backend`. Returns false
 * when the backend has no interrupt injection (then nothing can be traced).
 */
export function observeInterrupts(backend: VcpuBackend, observe: (vector: number) => void): boolean {
  if (!canInject(backend)) return false;
  const raise = backend.raiseInterrupt;
  backend.raiseInterrupt = function (this: InjectingBackend, vector: number) {
    observe(vector);
    raise.call(this, vector);
  };
  return true;
}

/** PC/AT vectors of the two 8259As as the BIOS programs them (08h-0Fh, 70h-77h): the IRQ they carry. */
export function describeVector(vector: number): string {
  const hex = `0x${vector.toString(16).padStart(2, '0')}`;
  if (vector >= 0x08 && vector <= 0x0f) return `int ${hex} (IRQ ${vector - 0x08})`;
  if (vector >= 0x70 && vector <= 0x77) return `int ${hex} (IRQ ${vector - 0x70 + 8})`;
  return `int ${hex}`;
}
