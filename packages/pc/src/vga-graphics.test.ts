import { describe, expect, it } from 'vitest';
import { VgaGraphics } from './vga-graphics.js';

describe('VGA DAC and input status ports', () => {
  it('writes and reads palette entries in R, G, B order with auto-increment, 6 bits each', () => {
    const vga = new VgaGraphics();
    vga.dacPorts.write(2, 1, 10); // 3C8h: write index 10
    for (const v of [0xff, 1, 2, 3, 4, 5]) vga.dacPorts.write(3, 1, v);
    expect(vga.getColor(10)).toEqual([0x3f, 1, 2]);
    expect(vga.getColor(11)).toEqual([3, 4, 5]);
    expect(vga.dacPorts.read(2, 1)).toBe(12);
    expect(vga.dacPorts.read(1, 1)).toBe(0x03); // writing
    vga.dacPorts.write(1, 1, 11); // 3C7h: read index 11
    expect(vga.dacPorts.read(1, 1)).toBe(0x00); // reading
    expect([vga.dacPorts.read(3, 1), vga.dacPorts.read(3, 1), vga.dacPorts.read(3, 1)]).toEqual([3, 4, 5]);
  });

  it('toggles vertical retrace on every read of 3DAh', () => {
    const vga = new VgaGraphics();
    const reads = [0, 1, 2, 3].map(() => vga.statusPort.read(0, 1) & 0x08);
    expect(reads).toEqual([0x08, 0, 0x08, 0]);
  });

  it('applies the PEL mask and widens 6-bit entries to 8 bits', () => {
    const vga = new VgaGraphics();
    vga.setColor(3, 63, 32, 0);
    expect(vga.rgb(3)).toEqual([255, 130, 0]);
    vga.dacPorts.write(0, 1, 0x01); // mask: only bit 0
    expect(vga.rgb(3)).toEqual(vga.rgb(1));
  });
});
