import { describe, expect, it } from 'vitest';
import { DiskImage } from './disk.js';
import { DiskImageError } from './errors.js';

describe('DiskImage geometry', () => {
  it.each([
    [360, 40, 2, 9, 1],
    [720, 80, 2, 9, 3],
    [1200, 80, 2, 15, 2],
    [1440, 80, 2, 18, 4],
    [2880, 80, 2, 36, 6],
  ])('a %i KiB image is a floppy with %i cylinders, %i heads, %i sectors (type %i)', (kib, cylinders, heads, spt, type) => {
    const disk = new DiskImage(new Uint8Array(kib * 1024));
    expect(disk.kind).toBe('floppy');
    expect(disk.geometry).toEqual({ cylinders, heads, sectorsPerTrack: spt });
    expect(disk.driveType).toBe(type);
    expect(disk.sectors).toBe(cylinders * heads * spt);
  });

  it('any other size is a hard disk of 16 heads and 63 sectors per track', () => {
    const disk = new DiskImage(new Uint8Array(10 * 1024 * 1024));
    expect(disk.kind).toBe('hard-disk');
    expect(disk.geometry).toEqual({ cylinders: Math.ceil(20480 / 1008), heads: 16, sectorsPerTrack: 63 });
  });

  it('a forced floppy of an odd size gets the 1.44 MB geometry; a forced hard disk keeps a floppy size', () => {
    expect(new DiskImage(new Uint8Array(512), { kind: 'floppy' }).geometry).toEqual({ cylinders: 80, heads: 2, sectorsPerTrack: 18 });
    expect(new DiskImage(new Uint8Array(1440 * 1024), { kind: 'hard-disk' }).kind).toBe('hard-disk');
    expect(() => new DiskImage(new Uint8Array(4096 * 1024), { kind: 'floppy' })).toThrow(expect.objectContaining({ code: 'disk-bad-geometry' }));
  });

  it('maps CHS to LBA and rejects addresses outside the geometry', () => {
    const disk = new DiskImage(new Uint8Array(1440 * 1024));
    expect(disk.lbaOf(0, 0, 1)).toBe(0);
    expect(disk.lbaOf(0, 1, 1)).toBe(18);
    expect(disk.lbaOf(1, 0, 18)).toBe(36 + 17);
    expect(disk.lbaOf(79, 1, 18)).toBe(2879);
    expect(disk.lbaOf(0, 0, 0)).toBeUndefined(); // sectors count from 1
    expect(disk.lbaOf(0, 0, 19)).toBeUndefined();
    expect(disk.lbaOf(0, 2, 1)).toBeUndefined();
    expect(disk.lbaOf(80, 0, 1)).toBeUndefined();
  });

  it('counts the sectors a transfer can have at the end of the image', () => {
    const disk = new DiskImage(new Uint8Array(4 * 512));
    expect(disk.sectorsAvailable(2, 8)).toBe(2);
    expect(disk.sectorsAvailable(4, 1)).toBe(0);
    expect(disk.sectorsAvailable(0, 4)).toBe(4);
  });

  it('rejects empty and partial-sector images with typed errors', () => {
    expect(() => new DiskImage(new Uint8Array(0))).toThrow(DiskImageError);
    expect(() => new DiskImage(new Uint8Array(513))).toThrow(expect.objectContaining({ code: 'disk-bad-size' }));
  });
});
