/**
 * REP MOVS / REP STOS over plain RAM in bulk (copyWithin, fill, a tight store loop)
 * instead of one element at a time. Only the cases where the result is provably the
 * same as the element-by-element loop of strings.ts take this path:
 *
 * - 16-bit addressing and DF = 0 (forward), so SI/DI only grow;
 * - every element of the chunk lies inside the segment limit and below the 64 KiB
 *   wrap (no #GP/#SS, no offset wrap: SDM vol. 3A §20.1.3; the 8086 wraps at FFFF);
 * - the source and destination ranges stay inside one 4 KiB page each (so the A20
 *   mask and the page table apply once), both pages RAM, the destination writable;
 * - for MOVS, the destination does not start inside the source range: a forward
 *   element copy onto a later overlapping address repeats a pattern, which copyWithin
 *   (memmove semantics) would not.
 *
 * Anything else returns 0 and the caller runs one element the ordinary way, then
 * tries again (so a copy that crosses a page boundary in the middle of an element
 * continues in bulk after it). Registers are updated by the caller.
 */
import { type Cpu, ES, ESI, EDI } from './cpu.js';

/**
 * Performs up to `count` elements of a forward REP MOVS/STOS of `size` bytes from
 * `srcSeg`:SI to ES:DI in bulk. Returns the number of elements done (0 if this
 * chunk must go element by element). SI/DI are advanced here; CX is the caller's.
 */
export function repBulkForward(cpu: Cpu, movs: boolean, size: number, count: number, srcSeg: number): number {
  const regs16 = cpu.regs16;
  const mem = cpu.mem;
  const mask = cpu.addressMask;
  const di = regs16[EDI << 1];
  // Elements that fit before the destination's limit / 64 KiB wrap.
  const dstEnd = (cpu.segLimit[ES] < 0xffff ? cpu.segLimit[ES] : 0xffff) + 1;
  const dstLin = (cpu.segBase[ES] + di) & mask;
  const dstPage = dstLin >>> 12;
  const dstBytes = mem.pages[dstPage];
  if (dstBytes === null || mem.readOnly[dstPage] !== 0) return 0;
  let bytes = count * size;
  if (di + bytes > dstEnd) bytes = dstEnd - di;
  const dstRoom = 0x1000 - (dstLin & 0xfff);
  if (bytes > dstRoom) bytes = dstRoom;
  const dstIndex = mem.pageOffset[dstPage] + (dstLin & 0xfff);

  if (!movs) {
    const n = (bytes / size) | 0;
    if (n <= 0) return 0;
    const value = size === 1 ? cpu.regs8[0] : size === 2 ? regs16[0] : cpu.regs[0];
    if (size === 1) {
      dstBytes.fill(value, dstIndex, dstIndex + n);
    } else {
      const last = dstIndex + n * size;
      for (let i = dstIndex; i < last; i += size) {
        dstBytes[i] = value;
        dstBytes[i + 1] = value >>> 8;
        if (size === 4) {
          dstBytes[i + 2] = value >>> 16;
          dstBytes[i + 3] = value >>> 24;
        }
      }
    }
    mem.noteWrite(dstLin, n * size);
    regs16[EDI << 1] = di + n * size;
    return n;
  }

  const si = regs16[ESI << 1];
  const srcEnd = (cpu.segLimit[srcSeg] < 0xffff ? cpu.segLimit[srcSeg] : 0xffff) + 1;
  const srcLin = (cpu.segBase[srcSeg] + si) & mask;
  const srcPage = srcLin >>> 12;
  const srcBytes = mem.pages[srcPage];
  if (srcBytes === null) return 0;
  if (si + bytes > srcEnd) bytes = srcEnd - si;
  const srcRoom = 0x1000 - (srcLin & 0xfff);
  if (bytes > srcRoom) bytes = srcRoom;
  const n = (bytes / size) | 0;
  if (n <= 0) return 0;
  const length = n * size;
  const srcIndex = mem.pageOffset[srcPage] + (srcLin & 0xfff);
  // Destination starting inside the source range: the element loop would replicate.
  const srcAbs = srcBytes.byteOffset + srcIndex;
  const dstAbs = dstBytes.byteOffset + dstIndex;
  if (srcBytes.buffer === dstBytes.buffer && dstAbs > srcAbs && dstAbs < srcAbs + length) return 0;
  if (srcBytes === dstBytes) {
    dstBytes.copyWithin(dstIndex, srcIndex, srcIndex + length);
  } else {
    dstBytes.set(srcBytes.subarray(srcIndex, srcIndex + length), dstIndex);
  }
  mem.noteWrite(dstLin, length);
  regs16[ESI << 1] = si + length;
  regs16[EDI << 1] = di + length;
  return n;
}
