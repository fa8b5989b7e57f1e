// The benchmark guests: where their bytes are, how many times they repeat by
// default, how many instructions they execute (counted from each guest's loop
// structure, see the comments in guests/*.asm), and a JavaScript model of what
// each computes, so every emulator's run is checked before its speed counts.
//
// Two counts per guest:
// - `instructions(reps)`: every instruction executed from the guest's first byte
//   to its HLT inclusive, a REP-prefixed string instruction counted once per
//   execution (what tinyvm's and v86's own counters and Intel's
//   instructions-retired count). The tests check tinyvm's counter against it.
// - `work(reps)`: the same, but each element a REP instruction processes
//   counted as one instruction (as Bochs and QEMU's icount do; the SDM, vol. 2B
//   "REP", describes REP as re-executing the string instruction per element).
//   MIPS in the benchmark is work / seconds, so the strmove guest's figures are
//   on the same scale as the others. Only strmove uses REP.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const GUEST_DIR = join(dirname(fileURLToPath(import.meta.url)), 'guests');

/** Guests are loaded and entered at 0000:7C00. */
export const LOAD_ADDRESS = 0x7c00;
/** The 16-bit repetition count sits after the guest's 2-byte `jmp short` (guests/frame.inc). */
export const REPS_OFFSET = 2;
/** The port the guests write 'S' (start of timed work) and 'E' (end) to. */
export const DEBUG_PORT = 0xe9;
export const MARK_START = 0x53;
export const MARK_END = 0x45;
/** Where guests store scalar results (guests/frame.inc). */
export const RESULT = 0x0500;
/** jmp + 9 prologue instructions + mov/out/hlt epilogue (guests/frame.inc). */
export const FRAME_INSTRUCTIONS = 13;

/**
 * @typedef {{ address: number, bytes: Uint8Array, what: string }} ExpectedRegion
 * @typedef {object} Guest
 * @property {string} name
 * @property {string} description
 * @property {number} defaultReps  about 100 million instructions of work: 0.5-1 s at 100-200 MIPS
 * @property {(reps: number) => number} instructions  REP counted once per execution
 * @property {(reps: number) => number} work  REP counted once per element
 * @property {(reps: number) => ExpectedRegion[]} expected  guest memory after the run
 */

const u16 = (x) => x & 0xffff;
const s16 = (x) => (x << 16) >> 16;

/** Little-endian bytes of 16-bit words. */
function wordBytes(words) {
  const bytes = new Uint8Array(words.length * 2);
  const view = new DataView(bytes.buffer);
  words.forEach((w, i) => view.setUint16(i * 2, w, true));
  return bytes;
}

/** @type {Guest} */
const arith = {
  name: 'arith',
  description: 'register add/adc/xor/rol/inc/dec/jnz loop',
  defaultReps: 14000,
  instructions: (reps) => FRAME_INSTRUCTIONS + 5 + reps * (3 + 7 * 1000) + 4,
  work: (reps) => arith.instructions(reps),
  expected(reps) {
    let ax = 0, bx = 1, dx = 0, si = 0;
    for (let r = 0; r < reps; r++) {
      for (let i = 0; i < 1000; i++) {
        const sum = ax + bx;
        ax = u16(sum);
        si = u16(si + dx + (sum > 0xffff ? 1 : 0));
        dx ^= ax;
        dx = u16((dx << 1) | (dx >> 15));
        bx = u16(bx + 1);
      }
    }
    return [{ address: RESULT, bytes: wordBytes([ax, bx, dx, si]), what: 'ax, bx, dx, si' }];
  },
};

const STR_WORDS = 8192;
/** @type {Guest} */
const strmove = {
  name: 'strmove',
  description: `rep movsw of ${STR_WORDS * 2 / 1024} KiB between two segments`,
  defaultReps: 12000,
  instructions: (reps) => FRAME_INSTRUCTIONS + 6 + 3 * STR_WORDS + 5 + reps * 13 + 3,
  // One REP MOVSW of STR_WORDS elements per rep: STR_WORDS - 1 more than counted once.
  work: (reps) => strmove.instructions(reps) + reps * (STR_WORDS - 1),
  expected(reps) {
    const buffer = new Array(STR_WORDS);
    for (let i = 0; i < STR_WORDS; i++) buffer[i] = u16(0x1234 + i * 0x9e37);
    // Each copy carries the earlier increments, so the newest buffer has them all.
    for (let k = 0; k < reps; k++) {
      const index = ((6 * k) & 0x3ffe) >> 1;
      buffer[index] = u16(buffer[index] + 1);
    }
    const newestSegment = reps % 2 === 1 ? 0x2000 : 0x1000;
    return [
      { address: RESULT, bytes: wordBytes([newestSegment]), what: 'segment written last' },
      { address: newestSegment * 16, bytes: wordBytes(buffer), what: 'newest buffer' },
    ];
  },
};

/** @type {Guest} */
const muldiv = {
  name: 'muldiv',
  description: 'mul/div generator with a signed idiv checksum',
  defaultReps: 7500,
  instructions: (reps) => FRAME_INSTRUCTIONS + 6 + reps * (3 + 13 * 1000) + 2,
  work: (reps) => muldiv.instructions(reps),
  expected(reps) {
    const M = 65521, A = 40503, C = 12345;
    let x = 1, sum = 0;
    for (let r = 0; r < reps; r++) {
      for (let i = 0; i < 1000; i++) {
        const n = x * A + C; // < 2^32, exact in a double
        const q = Math.floor(n / M);
        x = n % M;
        sum = u16(sum + q);
        // IDIV: quotient truncated toward zero, remainder has the dividend's sign.
        const remainder = s16(x) % s16(A);
        sum = u16(sum ^ u16(remainder));
      }
    }
    return [{ address: RESULT, bytes: wordBytes([x, sum]), what: 'x, sum' }];
  },
};

const RMW_LEN = 2048;
/** @type {Guest} */
const memrmw = {
  name: 'memrmw',
  description: `read-modify-write over three ${RMW_LEN}-word arrays`,
  defaultReps: 6000,
  instructions: (reps) => FRAME_INSTRUCTIONS + 6 + 8 * RMW_LEN + 2 + reps * (4 + 8 * RMW_LEN),
  work: (reps) => memrmw.instructions(reps),
  expected(reps) {
    const a = new Uint16Array(RMW_LEN);
    const b = new Uint16Array(RMW_LEN + 1);
    const c = new Uint16Array(RMW_LEN);
    let v = 1;
    for (let i = 0; i < RMW_LEN; i++) {
      a[i] = v;
      b[i] = ~v;
      v = u16(v + 0x9e37);
    }
    for (let r = 0; r < reps; r++) {
      for (let i = 0; i < RMW_LEN; i++) {
        const t = u16(a[i] + b[i]);
        a[i] = t;
        b[i + 1] ^= t;
        c[i] += t;
      }
    }
    return [
      { address: 0x1000, bytes: new Uint8Array(a.buffer), what: 'array A' },
      { address: 0x2000, bytes: new Uint8Array(b.buffer), what: 'array B' },
      { address: 0x3100, bytes: new Uint8Array(c.buffer), what: 'array C' },
    ];
  },
};

const MIX_LIMIT = 1000;
/** Steps and instruction cost of collatz(n) in guests/mix.asm. */
function collatz(n) {
  let steps = 0;
  let cost = 1; // xor cx, cx
  for (;;) {
    const high = Math.floor(n / 0x10000);
    if (high === 0 && n === 1) return { steps, cost: cost + 5 }; // test, jnz, cmp, je, ret
    cost += high !== 0 ? 2 : 4; // test, jnz [, cmp, je]
    cost += 2; // test al, 1; jnz
    if (n % 2 === 0) {
      n /= 2;
      cost += 4;
    } else {
      n = 3 * n + 1;
      cost += 11;
    }
    if (n >= 2 ** 32) throw new Error('collatz model left 32 bits');
    steps++;
  }
}
const mixTable = Array.from({ length: MIX_LIMIT }, (_, i) => collatz(i + 1));
const mixRepCost = 4 + mixTable.reduce((total, { cost }) => total + 11 + cost, 0);
const mixRepSteps = mixTable.reduce((total, { steps }) => total + steps, 0);

/** @type {Guest} */
const mix = {
  name: 'mix',
  description: `Collatz 1..${MIX_LIMIT} in DX:AX: call/ret, push/pop, shifts, branches`,
  defaultReps: 130,
  instructions: (reps) => FRAME_INSTRUCTIONS + 2 + reps * mixRepCost,
  work: (reps) => mix.instructions(reps),
  expected(reps) {
    return [
      { address: RESULT, bytes: wordBytes([u16(mixRepSteps * reps)]), what: 'sum of steps' },
      { address: 0x1000, bytes: Uint8Array.from(mixTable, ({ steps }) => steps), what: 'steps table' },
    ];
  },
};

/** @type {readonly Guest[]} */
export const GUESTS = [arith, strmove, muldiv, memrmw, mix];

export function findGuest(name) {
  const guest = GUESTS.find((g) => g.name === name);
  if (!guest) throw new Error(`no benchmark guest named ${name}`);
  return guest;
}

/** The guest's assembled bytes with its repetition count patched in. */
export function guestImage(guest, reps) {
  if (!Number.isInteger(reps) || reps < 1 || reps > 0xffff) {
    throw new RangeError(`reps must be an integer in 1..65535, got ${reps}`);
  }
  const bytes = new Uint8Array(readFileSync(join(GUEST_DIR, `${guest.name}.bin`)));
  bytes[REPS_OFFSET] = reps & 0xff;
  bytes[REPS_OFFSET + 1] = reps >> 8;
  return bytes;
}

/** The v86 boot ROM (guests/rom.asm) with the guest placed in it. */
export function romImage(guestBytes) {
  const GUEST_OFFSET = 0x200;
  const LENGTH_OFFSET = 0x100;
  const rom = new Uint8Array(readFileSync(join(GUEST_DIR, 'rom.bin')));
  if (guestBytes.length > 0xfff0 - GUEST_OFFSET) throw new RangeError('guest too large for the ROM');
  rom.set(guestBytes, GUEST_OFFSET);
  rom[LENGTH_OFFSET] = guestBytes.length & 0xff;
  rom[LENGTH_OFFSET + 1] = guestBytes.length >> 8;
  return rom;
}

/** User + system CPU time of this process so far, in milliseconds (all threads). */
export function processCpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Compares guest memory with the model. `read(address, length)` returns guest
 * bytes. Returns one line per mismatching region (empty when all match).
 */
export function checkResult(guest, reps, read) {
  const problems = [];
  for (const { address, bytes, what } of guest.expected(reps)) {
    const actual = read(address, bytes.length);
    const at = bytes.findIndex((b, i) => actual[i] !== b);
    if (at !== -1) {
      problems.push(
        `${guest.name}: ${what} differs at ${(address + at).toString(16)}h: ` +
          `expected ${bytes[at].toString(16)}h, got ${actual[at]?.toString(16)}h`,
      );
    }
  }
  return problems;
}
