import { describe, expect, it } from 'vitest';
import { MAX_PENDING_REPLIES } from './ps2-device.js';
import { Ps2Keyboard } from './ps2-keyboard.js';
import { Ps2Mouse } from './ps2-mouse.js';

function drain(device: { takeByte(): number | undefined }): number[] {
  const bytes: number[] = [];
  for (let byte = device.takeByte(); byte !== undefined; byte = device.takeByte()) bytes.push(byte);
  return bytes;
}

describe('the PS/2 framing shared by the keyboard and the mouse', () => {
  it('keeps whole replies only, at most 16 bytes, for a guest that sends commands without reading', () => {
    const keyboard = new Ps2Keyboard();
    for (let i = 0; i < 10; i++) keyboard.write(0xf2); // identify: ACK 0xAB 0x83
    expect(drain(keyboard)).toEqual(Array.from({ length: 5 }, () => [0xfa, 0xab, 0x83]).flat());

    const mouse = new Ps2Mouse();
    for (let i = 0; i < 10; i++) mouse.write(0xe9); // status request: ACK and three status bytes
    expect(drain(mouse)).toHaveLength(MAX_PENDING_REPLIES);
  });

  it('takes the byte after a parameter command as its parameter, not as a command', () => {
    const keyboard = new Ps2Keyboard();
    keyboard.write(0xed); // set LEDs
    keyboard.write(0xf2); // the LED byte, not identify
    expect(drain(keyboard)).toEqual([0xfa, 0xfa]);
    expect(keyboard.state.leds).toBe(0b010);

    const mouse = new Ps2Mouse();
    mouse.write(0xf3); // set sample rate
    mouse.write(0xff); // the rate, not reset
    expect(drain(mouse)).toEqual([0xfa, 0xfa]);
    expect(mouse.state.sampleRate).toBe(0xff);
  });

  it('sends replies before its own data, and resends the last byte sent', () => {
    const keyboard = new Ps2Keyboard();
    keyboard.sendKeyBytes([0x1e]); // 'a' make, sent as set 2 0x1C
    keyboard.write(0xee); // echo
    expect(keyboard.takeByte()).toBe(0xee);
    expect(keyboard.takeByte()).toBe(0x1c);
    keyboard.write(0xfe);
    expect(drain(keyboard)).toEqual([0x1c]);

    const mouse = new Ps2Mouse();
    mouse.write(0xf4); // enable reporting
    mouse.move(1, 1);
    mouse.write(0xf2); // get ID
    expect(drain(mouse)).toEqual([0xfa, 0xfa, 0x00, 0x08, 0x01, 0x01]);
    mouse.write(0xfe);
    expect(drain(mouse)).toEqual([0x01]);
  });
});
