/**
 * The flags a 286 pushes when DIV/IDIV raises the divide error (divide-286.ts). Each
 * expected value is worked out by hand from the rule fitted to the SingleStepTests
 * 80286 recordings (shared/conformance/80286, F6.6 F6.7 F7.6 F7.7); the ones marked
 * "recorded" are operands that also occur in those files.
 */
import { describe, expect, it } from 'vitest';
import { realModeState } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';

const CF = 0x001;
const PF = 0x004;
const AF = 0x010;
const ZF = 0x040;
const SF = 0x080;
const OF = 0x800;
const STATUS = OF | SF | ZF | AF | PF | CF;

const CODE = 0x7c00;
const HANDLER = 0x7d00;
const STACK_TOP = 0x7000;

interface Operands {
  ax: number;
  dx?: number;
  bx: number;
}

/**
 * Runs one divide instruction at 0000:7C00 on the 286 model with INT 0 pointing at a
 * HLT, the status flags preset to the opposite of `expected` (so each must be written).
 */
function divideError(bytes: number[], operands: Operands, expected: number) {
  const backend = createInterpBackend({ model: '286' });
  const ram = backend.createRegion({ base: 0, size: 0x10000, name: 'ram' }).bytes;
  ram.set([HANDLER & 0xff, HANDLER >> 8, 0, 0], 0); // IVT[0] = 0000:7D00
  ram[HANDLER] = 0xf4;
  ram.set([...bytes, 0xf4], CODE);
  const state = realModeState({ cs: 0, ip: CODE, ss: 0 });
  state.eax = operands.ax;
  state.edx = operands.dx ?? 0;
  state.ebx = operands.bx;
  state.esp = STACK_TOP;
  state.eflags = 0x0002 | (~expected & STATUS);
  backend.setState(state);
  const exit = backend.run({ deadline: performance.now() + 1000 });
  const word = (address: number) => ram[address] | (ram[address + 1] << 8);
  const after = backend.getState();
  return {
    exit: exit.kind,
    handlerReached: after.eip === HANDLER + 1,
    pushedIp: word(STACK_TOP - 6),
    pushedFlags: word(STACK_TOP - 2) & STATUS,
    ax: after.eax & 0xffff,
    dx: after.edx & 0xffff,
  };
}

const DIV_BL = [0xf6, 0xf3];
const DIV_BX = [0xf7, 0xf3];
const IDIV_BL = [0xf6, 0xfb];
const IDIV_BX = [0xf7, 0xfb];

/** [name, instruction bytes, operands, expected OF SF ZF AF PF CF] */
const CASES: [string, number[], Operands, number][] = [
  // DIV: high ≥ divisor. The first trial FF−FF leaves 0; the seven shift steps bring in
  // the ones of AL (shifted values 1, 3, 7, F, 1F, 3F, 7F, all below FF), and the seventh
  // trial 7F−FF = 80 borrows and overflows (recorded: F6.6, AX=FFFF by FF).
  ['DIV BL, AX=FFFF, BL=FF', DIV_BL, { ax: 0xffff, bx: 0xff }, OF | SF | CF],
  // DIV: DX = divisor = 8000, AX = 0. The first trial leaves 0, the fifteen shift steps
  // bring in zeros; the last trial 0000−8000 = 8000: borrow, overflow, even low byte.
  ['DIV BX, DX:AX=8000:0000, BX=8000', DIV_BX, { ax: 0, dx: 0x8000, bx: 0x8000 }, OF | SF | PF | CF],
  // DIV by zero: every trial succeeds, so the seventh leaves the dividend shifted right
  // by one: 0300>>1 = 0180, low byte 80 (sign set, odd parity), SUB x,0 clears AF/CF/OF.
  ['DIV BL, AX=0300, BL=0', DIV_BL, { ax: 0x0300, bx: 0 }, SF],
  // IDIV on magnitudes 7F:FF by 1: each step the shifted remainder loses its top bit
  // (FE, FC, F8, F0, E0, C0, 80, 00): remainder 0, below the divisor, divisor positive:
  // CF = OF = 1, ZF/PF of 0, AF set.
  ['IDIV BL, AX=7FFF, BL=01', IDIV_BL, { ax: 0x7fff, bx: 0x01 }, OF | ZF | AF | PF | CF],
  // IDIV 09AE by −1 (recorded: F6.7): magnitudes 09:AE by 1 leave the partial remainder
  // 0xAF, above the divisor; with a negative divisor CF = OF = 1; 10101111: sign, even
  // parity.
  ['IDIV BL, AX=09AE, BL=FF', IDIV_BL, { ax: 0x09ae, bx: 0xff }, OF | SF | AF | PF | CF],
  // IDIV 0100:0000 by 0100: every step shifts 0100 to 0200 and subtracts 0100, so the
  // loop ends with a remainder equal to the divisor, which reads as 0; not below the
  // divisor and a positive divisor: CF = OF = 0 (as the F7.7 "idiv dx" cases recorded).
  ['IDIV BX, DX:AX=0100:0000, BX=0100', IDIV_BX, { ax: 0, dx: 0x0100, bx: 0x0100 }, ZF | AF | PF],
  // A negative dividend is complemented, not negated: FF00:0000 becomes 00FF:FFFF and
  // every step shifts FF to 1FF and subtracts 0100, leaving FF. FF + 1 equals the
  // divisor, so the remainder reads as 0; FF is below the divisor: CF = OF = 1.
  ['IDIV BX, DX:AX=FF00:0000, BX=0100', IDIV_BX, { ax: 0, dx: 0xff00, bx: 0x0100 }, OF | ZF | AF | PF | CF],
  // 8080 (−32640) by 7F, complemented to 7F:7F: the partial remainder runs 7F, 80, 01,
  // 03, 07, 0F, 1F, 3F (the first bit shifted out of 80 is lost); remainder −(3F + 1) =
  // C0: sign, even parity; 3F is below 7F and the divisor positive: CF = OF = 1. (A
  // two's-complement negation, 7F80, would have left 0.)
  ['IDIV BL, AX=8080, BL=7F', IDIV_BL, { ax: 0x8080, bx: 0x7f }, OF | SF | AF | PF | CF],
];

describe('286 divide error: the flags pushed by INT 0', () => {
  it.each(CASES)('%s', (_name, bytes, operands, expected) => {
    const result = divideError(bytes, operands, expected);
    expect(result.exit).toBe('hlt');
    expect(result.handlerReached).toBe(true);
    expect(result.pushedIp).toBe(CODE); // a 286 fault returns to the DIV itself
    expect(result.pushedFlags).toBe(expected);
    expect(result.ax).toBe(operands.ax); // nothing written back
    expect(result.dx).toBe(operands.dx ?? 0);
  });
});
