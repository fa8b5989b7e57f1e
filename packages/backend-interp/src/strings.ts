/**
 * String instructions (MOVS CMPS STOS LODS SCAS INS OUTS) with REP/REPE/REPNE
 * (SDM vol. 2 "REP/REPE/REPZ/REPNE/REPNZ"). (E)CX, (E)SI, (E)DI follow the address
 * size. A repeated instruction writes its registers back after every element, so a
 * fault in the middle restarts it where it stopped. After `cpu.repBudget` elements
 * it rewinds IP to itself and ends, so a long REP cannot hold up run()'s deadline.
 * INS/OUTS make one I/O exit per element (the Machine answers it) and restart.
 */
import { arith } from './alu.js';
import {
  type Cpu, EAX, ECX, EDI, ES, ESI, EDX, EXIT_IO, FAULT, MODEL_286, PENDING_IN_STRING,
} from './cpu.js';
import { DF } from './flags.js';
import { repBulkForward } from './rep-bulk.js';

export const MOVS = 0;
export const CMPS = 1;
export const STOS = 2;
export const LODS = 3;
export const SCAS = 4;
export const INS = 5;
export const OUTS = 6;

function readSized(cpu: Cpu, seg: number, off: number, size: number): number {
  return size === 1 ? cpu.readMem8(seg, off) : size === 2 ? cpu.readMem16(seg, off) : cpu.readMem32(seg, off);
}

export function writeSized(cpu: Cpu, seg: number, off: number, size: number, v: number): void {
  if (size === 1) cpu.writeMem8(seg, off, v & 0xff);
  else if (size === 2) cpu.writeMem16(seg, off, v & 0xffff);
  else cpu.writeMem32(seg, off, v >>> 0);
}

function getIndex(cpu: Cpu, reg: number): number {
  return cpu.addrSize32 ? cpu.regs[reg] : cpu.regs16[reg << 1];
}

function setIndex(cpu: Cpu, reg: number, v: number): void {
  if (cpu.addrSize32) cpu.regs[reg] = v;
  else cpu.regs16[reg << 1] = v;
}

function getAcc(cpu: Cpu, size: number): number {
  return size === 1 ? cpu.regs8[0] : size === 2 ? cpu.regs16[0] : cpu.regs[EAX];
}

function setAcc(cpu: Cpu, size: number, v: number): void {
  if (size === 1) cpu.regs8[0] = v;
  else if (size === 2) cpu.regs16[0] = v;
  else cpu.regs[EAX] = v;
}

/** How far a 286 REP string element has counted (E)CX ahead at its current access: 1 for reads, 2 for the write. */
let stringPhase = 1;

/**
 * A REP string instruction on the 286 has already counted (E)CX down for the element
 * when a read faults (except CMPS's first read), and once more when the write faults.
 */
function adjustCountAfterFault286(cpu: Cpu, count: number): void {
  const ahead = stringPhase;
  setIndex(cpu, ECX, cpu.addrSize32 ? (count - ahead) >>> 0 : (count - ahead) & 0xffff);
}

/**
 * The 286 advances (E)SI/(E)DI as it issues each access, so one that faults (#GP at
 * offset FFFF) leaves the pointer already stepped (SingleStepTests 80286 data); the
 * 386 and later fault precisely.
 */
function elementSteppingFirst(cpu: Cpu, kind: number, size: number, delta: number): void {
  const bits = size << 3;
  const si = getIndex(cpu, ESI), di = getIndex(cpu, EDI);
  switch (kind) {
    case MOVS: {
      setIndex(cpu, ESI, si + delta);
      const v = readSized(cpu, cpu.dataSeg(), si, size);
      setIndex(cpu, EDI, di + delta);
      stringPhase = 2;
      writeSized(cpu, ES, di, size, v);
      return;
    }
    case CMPS: {
      // The 286 fetches the ES:DI operand first.
      setIndex(cpu, EDI, di + delta);
      stringPhase = 0;
      const b = readSized(cpu, ES, di, size);
      setIndex(cpu, ESI, si + delta);
      stringPhase = 1;
      arith(cpu, 7, readSized(cpu, cpu.dataSeg(), si, size), b, bits);
      return;
    }
    case STOS:
      setIndex(cpu, EDI, di + delta);
      stringPhase = 2;
      writeSized(cpu, ES, di, size, getAcc(cpu, size));
      return;
    case LODS:
      setIndex(cpu, ESI, si + delta);
      setAcc(cpu, size, readSized(cpu, cpu.dataSeg(), si, size));
      return;
    default:
      setIndex(cpu, EDI, di + delta);
      arith(cpu, 7, getAcc(cpu, size), readSized(cpu, ES, di, size), bits);
  }
}

/** One element of a string instruction. */
function element(cpu: Cpu, kind: number, size: number, delta: number): void {
  const bits = size << 3;
  if (cpu.model === MODEL_286) {
    elementSteppingFirst(cpu, kind, size, delta);
    return;
  }
  switch (kind) {
    case MOVS: {
      const si = getIndex(cpu, ESI), di = getIndex(cpu, EDI);
      writeSized(cpu, ES, di, size, readSized(cpu, cpu.dataSeg(), si, size));
      setIndex(cpu, ESI, si + delta);
      setIndex(cpu, EDI, di + delta);
      return;
    }
    case CMPS: {
      const si = getIndex(cpu, ESI), di = getIndex(cpu, EDI);
      const a = readSized(cpu, cpu.dataSeg(), si, size);
      const b = readSized(cpu, ES, di, size);
      setIndex(cpu, ESI, si + delta);
      setIndex(cpu, EDI, di + delta);
      arith(cpu, 7, a, b, bits);
      return;
    }
    case STOS: {
      const di = getIndex(cpu, EDI);
      writeSized(cpu, ES, di, size, getAcc(cpu, size));
      setIndex(cpu, EDI, di + delta);
      return;
    }
    case LODS: {
      const si = getIndex(cpu, ESI);
      setAcc(cpu, size, readSized(cpu, cpu.dataSeg(), si, size));
      setIndex(cpu, ESI, si + delta);
      return;
    }
    default: {
      const di = getIndex(cpu, EDI);
      const b = readSized(cpu, ES, di, size);
      setIndex(cpu, EDI, di + delta);
      arith(cpu, 7, getAcc(cpu, size), b, bits);
      return;
    }
  }
}

export function stringOp(cpu: Cpu, kind: number, size: number): void {
  const delta = cpu.flags & DF ? -size : size;
  if (kind === INS || kind === OUTS) {
    ioElement(cpu, kind, size, delta);
    return;
  }
  const rep = cpu.rep;
  if (rep === 0) {
    element(cpu, kind, size, delta);
    return;
  }
  const compares = kind === CMPS || kind === SCAS;
  let count = getIndex(cpu, ECX);
  let budget = cpu.repBudget;
  // Four elements cost run() one instruction of its time slice.
  cpu.sliceRemaining -= count < budget ? count >> 2 : budget >> 2;
  const bulk = (kind === MOVS || kind === STOS) && delta > 0 && !cpu.addrSize32;
  while (count !== 0) {
    if (bulk && budget !== 0) {
      const done = repBulkForward(cpu, kind === MOVS, size, count < budget ? count : budget, cpu.dataSeg());
      if (done !== 0) {
        budget -= done;
        count = (count - done) & 0xffff;
        setIndex(cpu, ECX, count);
        continue;
      }
    }
    if (budget-- === 0) {
      cpu.eip = cpu.instrStart;
      cpu.restarting = true;
      return;
    }
    if (cpu.model === MODEL_286) {
      stringPhase = 1;
      try {
        element(cpu, kind, size, delta);
      } catch (e) {
        if (e === FAULT) adjustCountAfterFault286(cpu, count);
        throw e;
      }
    } else element(cpu, kind, size, delta);
    count = cpu.addrSize32 ? (count - 1) >>> 0 : (count - 1) & 0xffff;
    setIndex(cpu, ECX, count);
    if (compares) {
      const zf = cpu.getZF() !== 0;
      if (rep === 0xf3 ? !zf : zf) return;
    }
  }
}

/** One INS/OUTS element as an I/O exit; a REP prefix re-runs the instruction until (E)CX is 0. */
function ioElement(cpu: Cpu, kind: number, size: number, delta: number): void {
  const count = getIndex(cpu, ECX);
  if (cpu.rep !== 0 && count === 0) return;
  if (cpu.model === MODEL_286 && cpu.rep !== 0) {
    stringPhase = kind === INS ? 2 : 1;
    try {
      ioElementAccess(cpu, kind, size, delta);
    } catch (e) {
      if (e === FAULT) adjustCountAfterFault286(cpu, count);
      throw e;
    }
    return;
  }
  ioElementAccess(cpu, kind, size, delta);
}

function ioElementAccess(cpu: Cpu, kind: number, size: number, delta: number): void {
  cpu.exitRequest = EXIT_IO;
  cpu.ioPort = cpu.regs16[EDX << 1];
  cpu.ioSize = size as 1 | 2 | 4;
  if (kind === OUTS) {
    const si = getIndex(cpu, ESI);
    if (cpu.model === MODEL_286) setIndex(cpu, ESI, si + delta);
    cpu.ioValue = readSized(cpu, cpu.dataSeg(), si, size);
    cpu.ioDirectionOut = true;
    setIndex(cpu, ESI, si + delta);
    finishRepElement(cpu);
  } else {
    // The destination is checked before the port is read (a #GP must not lose the input).
    const di = getIndex(cpu, EDI);
    if (cpu.model === MODEL_286 && di + size - 1 > cpu.segLimit[ES]) setIndex(cpu, EDI, di + delta);
    readSized(cpu, ES, di, size);
    cpu.ioDirectionOut = false;
    cpu.awaitInput(PENDING_IN_STRING);
  }
}

function finishRepElement(cpu: Cpu): void {
  if (cpu.rep === 0) return;
  const count = cpu.addrSize32 ? (getIndex(cpu, ECX) - 1) >>> 0 : (getIndex(cpu, ECX) - 1) & 0xffff;
  setIndex(cpu, ECX, count);
  if (count !== 0) {
    cpu.eip = cpu.instrStart;
    cpu.restarting = true;
  }
}

/** Stores the data of an INS once the machine has answered the exit. */
export function completeIns(cpu: Cpu, value: number): void {
  const size = cpu.ioSize;
  const delta = cpu.flags & DF ? -size : size;
  const di = getIndex(cpu, EDI);
  writeSized(cpu, ES, di, size, value);
  setIndex(cpu, EDI, di + delta);
  let more = false;
  if (cpu.rep !== 0) {
    const count = cpu.addrSize32 ? (getIndex(cpu, ECX) - 1) >>> 0 : (getIndex(cpu, ECX) - 1) & 0xffff;
    setIndex(cpu, ECX, count);
    more = count !== 0;
  }
  cpu.finishInput(more);
}

