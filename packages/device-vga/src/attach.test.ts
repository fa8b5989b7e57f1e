import { describe, expect, it } from 'vitest';
import { MemoryLayoutError } from '@tinyvm/core';
import { attachVgaText } from './attach.js';
import { CRTC_CURSOR_LOCATION_HIGH, CRTC_CURSOR_LOCATION_LOW, CRTC_PORT_BASE } from './crtc.js';
import { VGA_TEXT_BASE } from './layout.js';
import { ioOut, mmioWrite, testMachine } from './test-machine.js';

describe('attachVgaText', () => {
  it('maps the buffer as RAM by default: guest memory writes are the screen', () => {
    const machine = testMachine();
    const vga = attachVgaText(machine);
    expect(vga.mode).toBe('ram');
    expect(machine.memory.regions.map((r) => [r.name, r.base, r.size])).toEqual([['vga-text', 0xb8000, 0x8000]]);
    machine.memory.write(VGA_TEXT_BASE + 2 * 80, new TextEncoder().encode('O\x02K\x02'));
    expect(vga.text({ trimEnd: true })[1]).toBe('OK');
  });

  it('shares RAM that already covers B8000 instead of adding a region', () => {
    const machine = testMachine();
    const ram = machine.addRam({ base: 0, size: 0x100000, name: 'ram' });
    const vga = attachVgaText(machine);
    expect(machine.memory.regions).toHaveLength(1);
    ram.bytes[VGA_TEXT_BASE] = 'Z'.charCodeAt(0);
    expect(vga.text()[0][0]).toBe('Z');
  });

  it('refuses a range that is only partly RAM, with a typed error', () => {
    const machine = testMachine();
    machine.addRam({ base: 0xb0000, size: 0x9000, name: 'ram' });
    expect(() => attachVgaText(machine)).toThrow(MemoryLayoutError);
  });

  it('with trap, every guest write is an MMIO exit that lands in the device', () => {
    const greeting = [...'Hey'].flatMap((c) => [c.charCodeAt(0), 0x02]);
    const machine = testMachine([mmioWrite(VGA_TEXT_BASE, greeting.slice(0, 2)), mmioWrite(VGA_TEXT_BASE + 2, greeting.slice(2))]);
    const vga = attachVgaText(machine, { trap: true });
    expect(vga.mode).toBe('trap');
    expect(machine.memory.regions).toHaveLength(0);
    const result = machine.run();
    expect(result.stop).toBe('hlt');
    expect(result.exits.byKind.mmio).toBe(2);
    expect(vga.text({ trimEnd: true })[0]).toBe('Hey');
  });

  it('moves the cursor through port writes to 3D4h/3D5h', () => {
    const cell = 2 * 80 + 10;
    const machine = testMachine([
      ioOut(CRTC_PORT_BASE, 1, CRTC_CURSOR_LOCATION_HIGH),
      ioOut(CRTC_PORT_BASE + 1, 1, cell >> 8),
      ioOut(CRTC_PORT_BASE, 2, ((cell & 0xff) << 8) | CRTC_CURSOR_LOCATION_LOW),
    ]);
    const vga = attachVgaText(machine);
    machine.run();
    expect(vga.cursor).toEqual({ row: 2, col: 10, visible: true });
  });
});
