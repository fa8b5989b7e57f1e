import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { RecordingLine } from '@tinyvm/test-support';
import { attachI8042, I8042 } from './i8042.js';
import { textToScancodes } from './scancodes.js';

function pc() {
  const irq1 = new RecordingLine();
  const a20Changes: boolean[] = [];
  let resets = 0;
  const kbc = new I8042({ irq1, a20: (on) => a20Changes.push(on), reset: () => resets++ });
  const io = new Bus('io', 0x10000);
  attachI8042(io, kbc);
  const out = (port: number, value: number) => io.write(port, 1, value);
  const inb = (port: number) => io.read(port, 1);
  /** Reads 0x60 while the status says the output buffer is full, as a driver's drain loop. */
  const drain = () => {
    const bytes: number[] = [];
    for (let i = 0; i < 64 && inb(0x64) & 0x01; i++) bytes.push(inb(0x60));
    return bytes;
  };
  /** A controller command with its data byte. */
  const command = (cmd: number, data?: number) => {
    out(0x64, cmd);
    if (data !== undefined) out(0x60, data);
  };
  return { kbc, io, out, inb, drain, command, irq1, a20Changes, resets: () => resets };
}

describe('I8042 controller commands', () => {
  it('passes the self test with 0x55 and sets the system flag', () => {
    const { inb, command, drain } = pc();
    expect(inb(0x64) & 0x04).toBe(0);
    command(0xaa);
    expect(inb(0x64) & 0x01).toBe(1);
    expect(drain()).toEqual([0x55]);
    expect(inb(0x64) & 0x04).toBe(0x04);
  });

  it('answers a word read at the data port with the byte and 0xFF above it (0x61 is not the controller)', () => {
    const { kbc, out } = pc();
    out(0x64, 0xaa);
    expect(kbc.commandPort.read(0, 2)).toBe(0xff1d); // status: output full, system flag, last write a command, not inhibited
    expect(kbc.dataPort.read(0, 2)).toBe(0xff55);
  });

  it('passes the keyboard and aux interface tests', () => {
    const { command, drain } = pc();
    command(0xab);
    expect(drain()).toEqual([0x00]);
    command(0xa9);
    expect(drain()).toEqual([0x00]);
  });

  it('reads and writes the command byte and other controller RAM', () => {
    const { kbc, inb, command, drain } = pc();
    command(0x20);
    expect(drain()).toEqual([0x41]);
    command(0x60, 0x45);
    expect(kbc.commandByte).toBe(0x45);
    expect(inb(0x64) & 0x04).toBe(0x04); // system flag follows bit 2
    command(0x20);
    expect(drain()).toEqual([0x45]);
    command(0x65, 0x99);
    command(0x25);
    expect(drain()).toEqual([0x99]);
  });

  it('switches A20 through the output port (0xD1) and reports it with 0xD0', () => {
    const { kbc, inb, command, drain, a20Changes } = pc();
    // The classic A20 code: wait for the input buffer to be empty, then write the output port.
    expect(inb(0x64) & 0x02).toBe(0);
    command(0xd1, 0xdd); // A20 off
    expect(kbc.a20Enabled).toBe(false);
    command(0xd0);
    expect(drain()[0] & 0x02).toBe(0);
    command(0xd1, 0xdf); // A20 on
    expect(kbc.a20Enabled).toBe(true);
    command(0xd0);
    expect(drain()[0] & 0x03).toBe(0x03);
    expect(a20Changes).toEqual([false, true]);
  });

  it('reports A20 back on when the controller is reset', () => {
    const { kbc, command, a20Changes } = pc();
    command(0xdd);
    kbc.reset();
    expect(kbc.a20Enabled).toBe(true);
    expect(a20Changes).toEqual([false, true]);
  });

  it('switches A20 with the 0xDD/0xDF shortcuts', () => {
    const { kbc, command, a20Changes } = pc();
    command(0xdd);
    expect(kbc.a20Enabled).toBe(false);
    command(0xdf);
    expect(kbc.a20Enabled).toBe(true);
    expect(a20Changes).toEqual([false, true]);
  });

  it('resets the CPU on 0xFE and on an output port write with bit 0 low', () => {
    const { command, resets } = pc();
    command(0xff); // pulse nothing
    expect(resets()).toBe(0);
    command(0xfe);
    expect(resets()).toBe(1);
    command(0xd1, 0xde);
    expect(resets()).toBe(2);
  });

  it('tells commands from data in status bit 3', () => {
    const { inb, out } = pc();
    out(0x64, 0xae);
    expect(inb(0x64) & 0x08).toBe(0x08);
    out(0x60, 0xf4);
    expect(inb(0x64) & 0x08).toBe(0);
  });

  it('puts a 0xD2 byte in the output buffer as keyboard data with IRQ 1', () => {
    const { command, drain, irq1 } = pc();
    command(0xd2, 0x5a);
    expect(irq1.level).toBe(true);
    expect(drain()).toEqual([0x5a]);
    expect(irq1.level).toBe(false);
  });

  it('never throws on arbitrary guest input', () => {
    const { kbc, io } = pc();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (let i = 0; i < 20000; i++) {
      const port = random() & 1 ? 0x60 : 0x64;
      if (random() & 1) io.write(port, ([1, 2, 4] as const)[random() % 3], random() * 0x01010101);
      else io.read(port, ([1, 2, 4] as const)[random() % 3]);
      if ((random() & 15) === 0) kbc.sendScancodes([random()]);
    }
    expect(io.read(0x64, 1) & 0x10).toBe(0x10);
  });
});

describe('I8042 with the keyboard behind it', () => {
  it('answers reset with ACK then BAT passed, each with an IRQ 1 edge', () => {
    const { out, inb, irq1 } = pc();
    out(0x60, 0xff);
    expect(irq1.level).toBe(true);
    expect(inb(0x60)).toBe(0xfa);
    expect(inb(0x60)).toBe(0xaa);
    expect(inb(0x64) & 0x01).toBe(0);
    expect(irq1.risingEdges).toBe(2);
  });

  it('sends set 1 make and break codes for pressed keys', () => {
    const { kbc, drain, irq1 } = pc();
    kbc.pressKey('a');
    expect(irq1.level).toBe(true);
    kbc.releaseKey('a');
    kbc.pressKey('ArrowUp');
    kbc.releaseKey('ArrowUp');
    expect(drain()).toEqual([0x1e, 0x9e, 0xe0, 0x48, 0xe0, 0xc8]);
  });

  it('types text with Shift around capitals and symbols', () => {
    const { kbc, drain } = pc();
    kbc.typeText('Hi!\n');
    expect(drain()).toEqual([0x2a, 0x23, 0xa3, 0xaa, 0x17, 0x97, 0x2a, 0x02, 0x82, 0xaa, 0x1c, 0x9c]);
  });

  it('holds keys while the keyboard interface is disabled (0xAD) and delivers them after 0xAE', () => {
    const { kbc, command, drain, inb } = pc();
    command(0xad);
    kbc.pressKey('Enter');
    expect(inb(0x64) & 0x01).toBe(0);
    command(0xae);
    expect(drain()).toEqual([0x1c]);
  });

  it('fills the buffer without IRQ 1 when the command byte disables the interrupt', () => {
    const { kbc, command, drain, irq1 } = pc();
    command(0x60, 0x40);
    kbc.pressKey('Escape');
    expect(irq1.risingEdges).toBe(0);
    expect(drain()).toEqual([0x01]);
  });

  it('sets the LEDs (0xED + byte), acknowledging both bytes', () => {
    const { kbc, out, drain } = pc();
    out(0x60, 0xed);
    out(0x60, 0x04);
    expect(drain()).toEqual([0xfa, 0xfa]);
    expect(kbc.leds).toBe(0x04);
  });

  it('identifies as an MF2 keyboard, translated or not', () => {
    const { out, command, drain } = pc();
    out(0x60, 0xf2);
    expect(drain()).toEqual([0xfa, 0xab, 0x41]);
    command(0x60, 0x01); // translation off
    out(0x60, 0xf2);
    expect(drain()).toEqual([0xfa, 0xab, 0x83]);
  });

  it('gets and sets the scan code set', () => {
    const { out, command, drain } = pc();
    out(0x60, 0xf0);
    out(0x60, 0x00);
    expect(drain()).toEqual([0xfa, 0xfa, 0x41]); // set 2, as the translation shows it
    out(0x60, 0xf0);
    out(0x60, 0x01);
    out(0x60, 0xf0);
    out(0x60, 0x00);
    expect(drain()).toEqual([0xfa, 0xfa, 0xfa, 0xfa, 0x43]);
    command(0x60, 0x01); // translation off: the raw number
    out(0x60, 0xf0);
    out(0x60, 0x00);
    expect(drain()).toEqual([0xfa, 0xfa, 0x01]);
    out(0x60, 0xf0);
    out(0x60, 0x07);
    expect(drain()).toEqual([0xfa, 0xfe]);
  });

  it('sends set 2 codes when the guest turns translation off', () => {
    const { kbc, command, drain } = pc();
    command(0x60, 0x01); // interrupts on, translation off
    kbc.pressKey('a');
    kbc.releaseKey('a');
    kbc.pressKey('ArrowLeft');
    expect(drain()).toEqual([0x1c, 0xf0, 0x1c, 0xe0, 0x6b]);
  });

  it('sends set 1 codes from a keyboard switched to set 1 without translation', () => {
    const { kbc, out, command, drain } = pc();
    command(0x60, 0x01);
    out(0x60, 0xf0);
    out(0x60, 0x01);
    kbc.pressKey('a');
    kbc.releaseKey('a');
    expect(drain()).toEqual([0xfa, 0xfa, 0x1e, 0x9e]);
  });

  it('echoes, asks to resend unknown commands and resends the last byte', () => {
    const { out, drain } = pc();
    out(0x60, 0xee);
    expect(drain()).toEqual([0xee]);
    out(0x60, 0x42);
    expect(drain()).toEqual([0xfe]);
    out(0x60, 0xf2);
    drain();
    out(0x60, 0xfe);
    expect(drain()).toEqual([0x41]);
  });

  it('drops keys while scanning is disabled (0xF5) until 0xF4', () => {
    const { kbc, out, drain } = pc();
    out(0x60, 0xf5);
    expect(drain()).toEqual([0xfa]);
    kbc.pressKey('b');
    expect(drain()).toEqual([]);
    expect(kbc.keyboardCounters.droppedKeys).toBe(1);
    out(0x60, 0xf4);
    kbc.pressKey('b');
    expect(drain()).toEqual([0xfa, 0x30]);
  });

  it('sends data to the keyboard even after 0xAD, re-enabling the interface', () => {
    const { kbc, out, command, drain } = pc();
    command(0xad);
    out(0x60, 0xf4);
    expect(drain()).toEqual([0xfa]);
    expect(kbc.commandByte & 0x10).toBe(0);
  });

  it('takes long typed text whole and delivers it in order', () => {
    const { kbc, inb } = pc();
    const text = 'The quick brown fox jumps over the lazy dog.\n'.repeat(2000);
    kbc.typeText(text);
    const expected = textToScancodes(text);
    let mismatches = 0;
    for (let i = 0; i < expected.length; i++) if (inb(0x60) !== expected[i]) mismatches++;
    expect(mismatches).toBe(0);
    expect(inb(0x64) & 0x01).toBe(0);
  });

  it('saves and restores queued keys and the command byte', () => {
    const a = pc();
    a.command(0x60, 0x61);
    a.kbc.typeText('ok');
    expect(a.inb(0x60)).toBe(0x18);
    const saved = JSON.parse(JSON.stringify(a.kbc.saveState()));
    const b = pc();
    b.kbc.restoreState(saved);
    expect(b.irq1.level).toBe(true);
    expect(b.kbc.commandByte).toBe(0x61);
    expect(b.drain()).toEqual([0x98, 0x25, 0xa5]);
    b.kbc.reset();
    expect(b.kbc.commandByte).toBe(0x41);
  });
});
