import { describe, expect, it } from 'vitest';
import { Bus } from './bus.js';
import { ByteWideDevice, byteWideDevice } from './byte-wide-device.js';

/** Two byte registers at offsets 0 and 1 that log every byte access; nothing at 2 and above. */
class TwoRegisters extends ByteWideDevice {
  readonly name = 'two-registers';
  readonly registers = [0x12, 0x34];
  readonly log: string[] = [];

  protected readByte(offset: number): number {
    this.log.push(`read ${offset}`);
    return offset < 2 ? this.registers[offset] : 0xff;
  }

  protected writeByte(offset: number, value: number): void {
    this.log.push(`write ${offset} 0x${value.toString(16)}`);
    if (offset < 2) this.registers[offset] = value;
  }
}

describe('ByteWideDevice', () => {
  it('answers a byte access with the one register', () => {
    const device = new TwoRegisters();
    expect(device.read(1, 1)).toBe(0x34);
    device.write(0, 1, 0xab);
    expect(device.registers).toEqual([0xab, 0x34]);
    expect(device.log).toEqual(['read 1', 'write 0 0xab']);
  });

  it('splits a word read into the bytes at offset and offset+1, low byte first', () => {
    const device = new TwoRegisters();
    expect(device.read(0, 2)).toBe(0x3412);
    expect(device.log).toEqual(['read 0', 'read 1']);
  });

  it('splits a word write: AL to the port, AH to the next one', () => {
    const device = new TwoRegisters();
    device.write(0, 2, 0xbeef);
    expect(device.registers).toEqual([0xef, 0xbe]);
    expect(device.log).toEqual(['write 0 0xef', 'write 1 0xbe']);
  });

  it('reads 0xFF for the bytes past the registers (floating bus) and drops writes there', () => {
    const device = new TwoRegisters();
    expect(device.read(1, 2)).toBe(0xff34);
    expect(device.read(0, 4)).toBe(0xffff3412);
    device.write(1, 4, 0x11223344);
    expect(device.registers).toEqual([0x12, 0x44]);
    expect(device.log.slice(-4)).toEqual(['write 1 0x44', 'write 2 0x33', 'write 3 0x22', 'write 4 0x11']);
  });

  it('keeps a dword read unsigned and masks what a byte callback returns to 8 bits', () => {
    const device = byteWideDevice({ name: 'wide', readByte: (offset) => 0x1f0 + offset, writeByte: () => {} });
    expect(device.read(0, 4)).toBe(0xf3f2f1f0);
  });
});

describe('byteWideDevice', () => {
  it('builds a named Device from two callbacks, byte by byte', () => {
    const written: Array<[number, number]> = [];
    const device = byteWideDevice({
      name: 'data-port',
      readByte: (offset) => (offset === 0 ? 0x5a : 0xff),
      writeByte: (offset, value) => written.push([offset, value]),
    });
    expect(device.name).toBe('data-port');
    expect(device.read(0, 1)).toBe(0x5a);
    expect(device.read(0, 2)).toBe(0xff5a);
    device.write(0, 2, 0x0102);
    expect(written).toEqual([[0, 0x02], [1, 0x01]]);
  });

  it('on a bus, a word OUT at a two-port device reaches both ports', () => {
    const device = new TwoRegisters();
    const io = new Bus('io', 0x10000);
    io.register(0x3d4, 2, device);
    io.write(0x3d4, 2, 0x0e0f);
    expect(device.registers).toEqual([0x0f, 0x0e]);
    expect(io.read(0x3d4, 2)).toBe(0x0e0f);
  });
});
