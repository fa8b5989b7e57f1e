import { FLAGS, realModeSegment } from '@tinyvm/core';
import { ROM_SEGMENT, stubOffset } from '@tinyvm/bios';
import { expect, it } from 'vitest';
import { interpPc } from './test-guest.js';

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

it('survives 5000 BIOS calls with random registers and pointers without a host error or a write outside RAM', () => {
  const disk = new Uint8Array(64 * 512);
  disk[510] = 0x55;
  disk[511] = 0xaa;
  const pc = interpPc(disk, { memBytes: 2 * 1024 * 1024 });
  try {
    const next = random(0x7e57);
    const vectors = [0x08, 0x09, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x18, 0x19, 0x1a, 0x70];
    const rom = pc.machine.memory.find(0xf0000)!.bytes;
    const romBefore = rom.slice();
    const backend = pc.machine.backend;
    for (let i = 0; i < 5000; i++) {
      const vector = vectors[next() % vectors.length];
      const state = backend.getState();
      state.eax = next();
      state.ebx = next();
      state.ecx = next() & (i % 2 ? 0xffff : 0xff); // mostly small counts, sometimes huge
      state.edx = next();
      state.esi = next();
      state.edi = next();
      state.ebp = next();
      state.es = realModeSegment(next() & 0xffff);
      state.ds = realModeSegment(next() & 0xffff);
      state.ss = realModeSegment(next() & 0xffff);
      state.esp = next() & 0xffff;
      // As if the guest had executed INT n: the vCPU is just past the stub's OUT.
      state.cs = realModeSegment(ROM_SEGMENT, true);
      state.eip = stubOffset(vector) + 2;
      state.eflags = FLAGS.RESERVED1;
      backend.setState(state);
      expect(() => pc.bios.trap()).not.toThrow();
    }
    // The ROM is read-only to the guest: no service wrote into it on a guest's behalf.
    expect(Buffer.compare(rom, romBefore)).toBe(0);
    expect(pc.bios.counters.strayTraps).toBe(0);
  } finally {
    pc.dispose();
  }
});
