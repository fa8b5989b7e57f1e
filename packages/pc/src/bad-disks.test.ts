import { describe, expect, it } from 'vitest';
import { BootError, DiskImage, DiskImageError } from '@tinyvm/bios';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createPc } from './pc.js';
import { RUN_LIMIT_MS, guestBytes, interpPc, screen } from './test-guest.js';

describe('bad disks', () => {
  it('refuses an empty image', () => {
    const make = () => createPc({ backend: createInterpBackend(), disk: new Uint8Array(0) });
    expect(make).toThrow(DiskImageError);
    expect(make).toThrow('the disk image is empty');
  });

  it('refuses an image that is not whole sectors', () => {
    const make = () => createPc({ backend: createInterpBackend(), disk: new Uint8Array(1000) });
    expect(make).toThrow(expect.objectContaining({ code: 'disk-bad-size' }));
    expect(make).toThrow('1000 bytes, not a whole number of 512-byte sectors');
  });

  it('does not boot a disk without the 55 AA signature, and says so on the screen', () => {
    const pc = interpPc(new Uint8Array(1024));
    try {
      expect(() => pc.boot()).toThrow(BootError);
      expect(() => pc.boot()).toThrow('drive 80h has no boot signature (55 AA at the end of sector 0)');
      expect(screen(pc)[0]).toBe('Boot failed: drive 80h has no boot signature (55 AA at the end of sector 0)');
    } finally {
      pc.dispose();
    }
  });

  it('answers a read past the end of the image with CF and AH=04h, not a host error', () => {
    // The two-stage loader cut to its boot sector: stage 2 is not on the disk.
    const pc = interpPc(guestBytes('boot-loader').slice(0, 512));
    try {
      pc.boot();
      const result = pc.run({ timeoutMs: RUN_LIMIT_MS });
      expect(result.stop).toBe('hlt');
      expect(screen(pc)).toEqual(['Stage 1 loaded', 'Disk error']);
      expect(pc.machine.memory.read8(0x474)).toBe(0x04); // last hard disk status in the BDA
    } finally {
      pc.dispose();
    }
  });

  it('boots a 1.44 MB floppy as drive 00h with the floppy geometry', () => {
    const image = new Uint8Array(1440 * 1024);
    image.set(guestBytes('boot-loader'));
    const pc = interpPc(image);
    try {
      expect(pc.bootDrive).toBe(0x00);
      pc.boot();
      expect(pc.machine.backend.getState().edx & 0xff).toBe(0x00);
      pc.run({ timeoutMs: RUN_LIMIT_MS, until: () => screen(pc).join('\n').includes('Press a key') });
      expect(screen(pc).slice(0, 2)).toEqual(['Stage 1 loaded', 'Stage 2 running from sector 2']);
    } finally {
      pc.dispose();
    }
  });

  it('boots a floppy with a hard disk beside it as drive 80h', () => {
    const floppy = new Uint8Array(1440 * 1024);
    floppy.set(guestBytes('two-drives'));
    const hardDisk = new Uint8Array(4 * 512);
    hardDisk.set([0x34, 0x12]);
    const pc = interpPc(floppy, { extraDisks: [new DiskImage(hardDisk)] });
    try {
      expect([...pc.bios.drives.keys()]).toEqual([0x00, 0x80]);
      pc.boot();
      expect(pc.run({ timeoutMs: RUN_LIMIT_MS }).stop).toBe('hlt');
      const mem = pc.machine.memory;
      expect(mem.read16(0x600)).toBe(0x00); // booted from the floppy
      expect(mem.read16(0x602)).toBe(0x0f01); // 80h: last head 15, one hard disk
      expect(mem.read16(0x604)).toBe(0x0000); // read without error
      expect(mem.read16(0x606)).toBe(0x1234); // the hard disk's first sector
      expect(mem.read16(0x608) & 0x00c1).toBe(0x0001); // one floppy drive present
      expect(mem.read8(0x60a)).toBe(1); // 0040:0075: one hard disk
    } finally {
      pc.dispose();
    }
  });

  it('with no disk at all, says there is nothing to boot', () => {
    const pc = interpPc(undefined);
    try {
      expect(() => pc.boot()).toThrow(expect.objectContaining({ code: 'boot-no-drive' }));
      expect(screen(pc)[0]).toBe('Boot failed: no drive 80h');
    } finally {
      pc.dispose();
    }
  });
});
