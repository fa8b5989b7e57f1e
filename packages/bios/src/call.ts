/**
 * One BIOS call as a service sees it: the guest's registers (8-, 16- and 32-bit
 * views of the CpuState taken at the trap), the FLAGS image the stub's IRET will
 * restore (CF and ZF results go there, SDM vol. 3A §20.1.4: INT pushed FLAGS, CS,
 * IP), and a way to ask for the call to be retried after the next interrupt.
 */
import { FLAGS, realModeSegment, type CpuState } from '@tinyvm/core';
import { GuestBytes, linear } from './guest-memory.js';

export class BiosCall {
  /** Set by a service that must wait (no key yet, a delay running): the stub halts until an interrupt, then calls again. */
  retry = false;

  constructor(
    readonly state: CpuState,
    readonly memory: GuestBytes,
    /** The interrupt vector the guest called. */
    readonly vector: number,
  ) {}

  get ax(): number { return this.state.eax & 0xffff; }
  set ax(v: number) { this.state.eax = ((this.state.eax & 0xffff0000) | (v & 0xffff)) >>> 0; }
  get bx(): number { return this.state.ebx & 0xffff; }
  set bx(v: number) { this.state.ebx = ((this.state.ebx & 0xffff0000) | (v & 0xffff)) >>> 0; }
  get cx(): number { return this.state.ecx & 0xffff; }
  set cx(v: number) { this.state.ecx = ((this.state.ecx & 0xffff0000) | (v & 0xffff)) >>> 0; }
  get dx(): number { return this.state.edx & 0xffff; }
  set dx(v: number) { this.state.edx = ((this.state.edx & 0xffff0000) | (v & 0xffff)) >>> 0; }
  get si(): number { return this.state.esi & 0xffff; }
  set si(v: number) { this.state.esi = ((this.state.esi & 0xffff0000) | (v & 0xffff)) >>> 0; }
  get di(): number { return this.state.edi & 0xffff; }
  set di(v: number) { this.state.edi = ((this.state.edi & 0xffff0000) | (v & 0xffff)) >>> 0; }
  get bp(): number { return this.state.ebp & 0xffff; }

  get ah(): number { return (this.state.eax >>> 8) & 0xff; }
  set ah(v: number) { this.ax = (this.ax & 0x00ff) | ((v & 0xff) << 8); }
  get al(): number { return this.state.eax & 0xff; }
  set al(v: number) { this.ax = (this.ax & 0xff00) | (v & 0xff); }
  get bh(): number { return (this.state.ebx >>> 8) & 0xff; }
  set bh(v: number) { this.bx = (this.bx & 0x00ff) | ((v & 0xff) << 8); }
  get bl(): number { return this.state.ebx & 0xff; }
  set bl(v: number) { this.bx = (this.bx & 0xff00) | (v & 0xff); }
  get ch(): number { return (this.state.ecx >>> 8) & 0xff; }
  set ch(v: number) { this.cx = (this.cx & 0x00ff) | ((v & 0xff) << 8); }
  get cl(): number { return this.state.ecx & 0xff; }
  set cl(v: number) { this.cx = (this.cx & 0xff00) | (v & 0xff); }
  get dh(): number { return (this.state.edx >>> 8) & 0xff; }
  set dh(v: number) { this.dx = (this.dx & 0x00ff) | ((v & 0xff) << 8); }
  get dl(): number { return this.state.edx & 0xff; }
  set dl(v: number) { this.dx = (this.dx & 0xff00) | (v & 0xff); }

  get es(): number { return this.state.es.selector; }
  set es(v: number) { this.state.es = realModeSegment(v); }
  get ds(): number { return this.state.ds.selector; }

  /** Linear address of ES:offset / DS:offset. */
  esPointer(offset: number): number { return linear(this.es, offset); }
  dsPointer(offset: number): number { return linear(this.ds, offset); }

  /** Where INT pushed FLAGS: SS:SP+4 (IP at +0, CS at +2). */
  get #flagsAddress(): number {
    return this.state.ss.base + ((this.state.esp + 4) & 0xffff);
  }

  /** The FLAGS image IRET will restore. */
  get returnFlags(): number {
    return this.memory.read16(this.#flagsAddress);
  }

  #setReturnFlag(bit: number, on: boolean): void {
    const flags = this.returnFlags;
    this.memory.write16(this.#flagsAddress, on ? flags | bit : flags & ~bit);
  }

  /** CF on return: set for an error (with the code in AH). */
  set carry(on: boolean) { this.#setReturnFlag(FLAGS.CF, on); }
  /** ZF on return (INT 16h AH=01h: set when no key is waiting). */
  set zero(on: boolean) { this.#setReturnFlag(FLAGS.ZF, on); }

  /** The usual error return: AH = code, CF = 1 (AH = 0, CF = 0 for success). */
  status(code: number): void {
    this.ah = code;
    this.carry = code !== 0;
  }
}
