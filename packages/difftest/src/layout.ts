/**
 * Where a test case lives in guest memory. Every data segment (DS, ES, SS, FS,
 * GS) is the same 64 KiB scratch segment, so any 16-bit memory operand, any
 * string instruction and the stack stay inside it; the code has its own
 * segment, which also holds one HLT per interrupt vector, so a case that raises
 * an exception (or executes INT n) stops on the HLT that names the vector.
 */
export const IVT_ADDRESS = 0;
export const CODE_SEGMENT = 0x1000;
export const CODE_OFFSET = 0;
/** 256 HLT bytes; the IVT sends vector v to CODE_SEGMENT:(VECTOR_STUBS + v). */
export const VECTOR_STUBS = 0xf000;
export const SCRATCH_SEGMENT = 0x2000;
export const SCRATCH_ADDRESS = SCRATCH_SEGMENT << 4;
export const SCRATCH_SIZE = 0x10000;
/** Guest RAM: the IVT, the code segment and the scratch segment. */
export const RAM_SIZE = SCRATCH_ADDRESS + SCRATCH_SIZE;
export const HLT = 0xf4;
export const NOP = 0x90;

/** The vector whose stub a case stopped on (EIP after its HLT), or undefined when it ran to its end. */
export function vectorOfStop(eip: number): number | undefined {
  const offset = eip - 1 - VECTOR_STUBS;
  return offset >= 0 && offset < 256 ? offset : undefined;
}
