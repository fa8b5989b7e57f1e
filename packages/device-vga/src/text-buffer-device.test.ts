import { describe, expect, it } from 'vitest';
import { VGA_TEXT_SIZE } from './layout.js';
import { VgaTextBufferDevice } from './text-buffer-device.js';

describe('VgaTextBufferDevice', () => {
  it('stores writes of every size little-endian and reads them back', () => {
    const device = new VgaTextBufferDevice();
    device.write(0, 1, 0x41);
    device.write(2, 2, 0x0742);
    device.write(4, 4, 0x1e441e43);
    expect(Array.from(device.bytes.subarray(0, 8))).toEqual([0x41, 0, 0x42, 0x07, 0x43, 0x1e, 0x44, 0x1e]);
    expect(device.read(4, 4)).toBe(0x1e441e43);
    expect(device.read(2, 2)).toBe(0x0742);
  });

  it('drops accesses past the 32 KiB without touching anything', () => {
    const device = new VgaTextBufferDevice();
    device.write(VGA_TEXT_SIZE - 1, 2, 0xffff);
    device.write(-1, 1, 0xff);
    device.write(VGA_TEXT_SIZE, 1, 0xff);
    expect(device.bytes.every((b) => b === 0)).toBe(true);
    expect(device.read(VGA_TEXT_SIZE - 2, 4)).toBe(0xffffffff);
    expect(device.ignoredAccesses).toBe(4);
  });

  it('saves and restores the buffer as plain data', () => {
    const a = new VgaTextBufferDevice();
    a.write(100, 2, 0x0248);
    const state = JSON.parse(JSON.stringify(a.saveState()));
    const b = new VgaTextBufferDevice();
    b.restoreState(state);
    expect(b.read(100, 2)).toBe(0x0248);
  });
});
