import { describe, expect, it } from 'vitest';
import { Bus } from '@tinyvm/core';
import { A20Gate } from './a20-gate.js';
import { DebugConsole } from './debug-console.js';
import { PostCodePort, POST_HISTORY_LIMIT } from './post-code.js';
import { SystemControlA } from './system-control-a.js';

function pc() {
  const printed: number[] = [];
  const codes: number[] = [];
  const a20Changes: boolean[] = [];
  let resets = 0;
  const debugcon = new DebugConsole({ write: (bytes) => printed.push(...bytes) });
  const post = new PostCodePort((code) => codes.push(code));
  const port92 = new SystemControlA({ a20: (on) => a20Changes.push(on), reset: () => resets++ });
  const io = new Bus('io', 0x10000);
  io.register(0xe9, 1, debugcon);
  io.register(0x80, 1, post);
  io.register(0x92, 1, port92);
  return { io, debugcon, post, port92, printed, codes, a20Changes, resets: () => resets };
}

describe('DebugConsole (0xE9)', () => {
  it('prints what the guest writes and reads back 0xE9', () => {
    const { io, printed, debugcon } = pc();
    expect(io.read(0xe9, 1)).toBe(0xe9); // the detection check
    for (const ch of 'SeaBIOS\n') io.write(0xe9, 1, ch.charCodeAt(0));
    expect(String.fromCharCode(...printed)).toBe('SeaBIOS\n');
    expect(debugcon.saveState().bytesWritten).toBe(8);
    // A word write (when registered wider) sends its bytes low first.
    debugcon.write(0, 2, 0x4b4f);
    expect(String.fromCharCode(...printed.slice(-2))).toBe('OK');
  });
});

describe('PostCodePort (0x80)', () => {
  it('keeps the last code, the history and tells the listener', () => {
    const { io, post, codes } = pc();
    expect(io.read(0x80, 1)).toBe(0x00);
    for (const code of [0x01, 0x02, 0x55, 0xaa]) io.write(0x80, 1, code);
    expect(post.lastCode).toBe(0xaa);
    expect(io.read(0x80, 1)).toBe(0xaa);
    expect(post.history).toEqual([0x01, 0x02, 0x55, 0xaa]);
    expect(codes).toEqual([0x01, 0x02, 0x55, 0xaa]);
  });

  it('records the low byte of a word write (AH goes to port 0x81) and reads the code with 0xFF above', () => {
    const { post, codes } = pc();
    post.write(0, 2, 0x1234);
    expect(codes).toEqual([0x34]);
    expect(post.read(0, 2)).toBe(0xff34);
  });

  it('bounds the history, dropping the oldest codes', () => {
    const { io, post } = pc();
    for (let i = 0; i < POST_HISTORY_LIMIT + 10; i++) io.write(0x80, 1, i & 0xff);
    expect(post.history.length).toBe(POST_HISTORY_LIMIT);
    expect(post.history[0]).toBe(10);
    expect(post.saveState().count).toBe(POST_HISTORY_LIMIT + 10);
    post.reset();
    expect(post.history).toEqual([]);
  });
});

describe('SystemControlA (0x92)', () => {
  it('switches A20 with bit 1, as fast-A20 code does (in al,0x92; or al,2; out 0x92,al)', () => {
    const { io, port92, a20Changes } = pc();
    io.write(0x92, 1, io.read(0x92, 1) | 0x02);
    expect(port92.a20Enabled).toBe(true);
    expect(io.read(0x92, 1) & 0x02).toBe(0x02);
    io.write(0x92, 1, io.read(0x92, 1) & ~0x02);
    expect(a20Changes).toEqual([true, false]);
  });

  it('resets the CPU when bit 0 goes from 0 to 1, once', () => {
    const { io, resets } = pc();
    io.write(0x92, 1, 0x01);
    io.write(0x92, 1, 0x01);
    expect(resets()).toBe(1);
    io.write(0x92, 1, 0x00);
    io.write(0x92, 1, 0x03);
    expect(resets()).toBe(2);
  });

  it('keeps the password lock bit until reset', () => {
    const { io, port92 } = pc();
    io.write(0x92, 1, 0x08);
    io.write(0x92, 1, 0x00);
    expect(io.read(0x92, 1) & 0x08).toBe(0x08);
    port92.reset();
    expect(io.read(0x92, 1)).toBe(0x00);
  });

  it('takes AL of a word write and reads as one port with 0xFF above it', () => {
    const { port92, a20Changes } = pc();
    port92.write(0, 2, 0xfd02);
    expect(a20Changes).toEqual([true]);
    expect(port92.read(0, 2)).toBe(0xff02);
  });

  it('saves and restores its value', () => {
    const a = pc();
    a.io.write(0x92, 1, 0x02);
    const b = pc();
    b.port92.restoreState(JSON.parse(JSON.stringify(a.port92.saveState())));
    expect(b.port92.a20Enabled).toBe(true);
  });
});

describe('A20Gate', () => {
  it('enables A20 while either the 8042 or port 0x92 enables it', () => {
    const changes: boolean[] = [];
    const gate = new A20Gate((on) => changes.push(on), { keyboardController: false, port92: false });
    expect(gate.enabled).toBe(false);
    gate.port92(true);
    gate.keyboardController(true);
    gate.port92(false);
    expect(gate.enabled).toBe(true);
    gate.keyboardController(false);
    expect(gate.enabled).toBe(false);
    expect(changes).toEqual([true, false]);
  });
});
