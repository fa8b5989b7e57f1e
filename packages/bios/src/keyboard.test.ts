import { FLAGS, GuestMemory, realModeState } from '@tinyvm/core';
import { BiosCall } from './call.js';
import { describe, expect, it } from 'vitest';
import { BiosDataArea } from './bda.js';
import { GuestBytes } from './guest-memory.js';
import { KeyboardServices } from './keyboard.js';
import { BDA } from './layout.js';

function keyboard(): { kbd: KeyboardServices; bda: BiosDataArea; guest: GuestBytes; keys: () => number[] } {
  const memory = new GuestMemory();
  memory.add({ base: 0, size: 0x1000, name: 'ram', readOnly: false, bytes: new Uint8Array(0x1000) });
  const guest = new GuestBytes(memory);
  const bda = new BiosDataArea(guest);
  const kbd = new KeyboardServices(bda, { read: () => 0xff, write: () => {} });
  kbd.install();
  const keys = () => {
    const out: number[] = [];
    let head = bda.read16(BDA.KBD_BUFFER_HEAD);
    const tail = bda.read16(BDA.KBD_BUFFER_TAIL);
    while (head !== tail) {
      out.push(bda.read16(head));
      head = head + 2 >= 0x3e ? 0x1e : head + 2;
    }
    return out;
  };
  return { kbd, bda, guest, keys };
}

describe('INT 09h scan code translation (set 1, US layout)', () => {
  it('gives letters, shifted symbols, Ctrl and Alt combinations and function keys', () => {
    const { kbd, keys } = keyboard();
    const bytes = [
      0x1e, 0x9e, // a
      0x2a, 0x1e, 0x9e, 0x03, 0x83, 0xaa, // Shift: A @
      0x1d, 0x2e, 0xae, 0x9d, // Ctrl+C
      0x38, 0x2d, 0xad, 0xb8, // Alt+X
      0x3b, 0xbb, // F1
      0x01, 0x81, // Esc
      0x1c, 0x9c, // Enter
      0x0e, 0x8e, // Backspace
    ];
    for (const b of bytes) kbd.scancode(b);
    expect(keys()).toEqual([0x1e61, 0x1e41, 0x0340, 0x2e03, 0x2d00, 0x3b00, 0x011b, 0x1c0d, 0x0e08]);
  });

  it('keeps grey keys apart from the keypad (E0 prefix) and honours Num Lock', () => {
    const { kbd, keys } = keyboard();
    for (const b of [0xe0, 0x48, 0xe0, 0xc8]) kbd.scancode(b); // grey Up
    for (const b of [0x48, 0xc8]) kbd.scancode(b); // keypad 8 without Num Lock: Up
    for (const b of [0x45, 0xc5, 0x48, 0xc8]) kbd.scancode(b); // Num Lock, keypad 8: '8'
    expect(keys()).toEqual([0x48e0, 0x4800, 0x4838]);
  });

  it('stops at 15 keys when the ring buffer is full and counts the rest', () => {
    const { kbd, keys } = keyboard();
    for (let i = 0; i < 20; i++) kbd.scancode(0x1e);
    expect(keys()).toHaveLength(15);
    expect(kbd.overflows).toBe(5);
  });

  it('treats a wild head pointer a guest put in the BDA as an empty buffer, and reads no memory through it', () => {
    const { kbd, bda, guest, keys } = keyboard();
    kbd.scancode(0x1e);
    bda.write16(BDA.KBD_BUFFER_HEAD, 0x1234);
    const state = realModeState({ cs: 0, ip: 0, ss: 0, registers: { eax: 0x0100, esp: 0x800 } });
    const call = new BiosCall(state, guest, 0x16);
    kbd.handle(call); // AH=01h: is a key waiting?
    expect(call.returnFlags & FLAGS.ZF).toBe(FLAGS.ZF);
    expect(bda.read16(BDA.KBD_BUFFER_HEAD)).toBe(0x1e);
    kbd.scancode(0x30);
    expect(keys()).toEqual([0x3062]);
  });
});
