import { EventEmitter } from 'node:events';
import type { ReadStream, WriteStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import type { KeyStroke } from '../keyboard/key-stroke.js';
import type { ScreenFrame } from '../screen/frame.js';
import type { EscapeCommand } from './escape-commands.js';
import { LiveDisplay } from './live-display.js';
import { TerminalModel } from './test-terminal-model.js';

function textFrame(text: string): ScreenFrame {
  const cells = new Uint8Array(80 * 25 * 2).fill(0x07);
  for (let i = 0; i < 80 * 25; i++) cells[i * 2] = 0x20;
  for (let i = 0; i < text.length; i++) cells[i * 2] = text.charCodeAt(i);
  return { kind: 'text', columns: 80, rows: 25, cells, cursor: { row: 0, col: text.length, visible: true } };
}

function graphicsFrame(): ScreenFrame {
  const palette = new Uint8Array(768);
  palette.set([255, 255, 255], 3);
  return { kind: 'graphics', width: 320, height: 200, pixels: new Uint8Array(320 * 200).fill(1), palette };
}

function setup(columns: number, rows: number) {
  const terminal = new TerminalModel(columns, rows);
  const input = Object.assign(new EventEmitter(), { setRawMode: () => input, resume: () => input, pause: () => input });
  const output = Object.assign(new EventEmitter(), { columns, rows, write: (s: string) => (terminal.write(s), true) });
  let frame = textFrame('boot');
  const keys: KeyStroke[] = [];
  const commands: EscapeCommand[] = [];
  const display = new LiveDisplay({
    input: input as unknown as ReadStream,
    output: output as unknown as WriteStream,
    colour: 'ansi16',
    screen: { frame: () => frame },
    onKey: (k) => keys.push(k),
    onCommand: (c) => (commands.push(c), c === 'screenshot' ? 'screenshot 1 saved' : undefined),
  });
  return { terminal, input, output, display, keys, commands, setFrame: (f: ScreenFrame) => (frame = f) };
}

describe('LiveDisplay', () => {
  it('draws the page and a status line below it; keys go to the guest, Ctrl-A commands to tinyvm', () => {
    const t = setup(80, 30);
    t.display.start();
    expect(t.terminal.text()[0].trimEnd()).toBe('boot');
    expect(t.terminal.text()[25]).toMatch(/^tinyvm · Ctrl-A X quit/);
    t.input.emit('data', Buffer.from('ab\x1b[A\x01s'));
    expect(t.keys).toEqual([{ key: 'a' }, { key: 'b' }, { key: 'ArrowUp' }]);
    expect(t.commands).toEqual(['screenshot']);
    t.display.draw();
    expect(t.terminal.text()[25]).toMatch(/^tinyvm · screenshot 1 saved/);
    t.display.stop();
  });

  it('switches between text and graphics with a full redraw, and redraws after a resize', () => {
    const t = setup(80, 30);
    t.display.start();
    t.setFrame(graphicsFrame());
    t.display.draw();
    expect(t.terminal.text()[0]).toMatch(/^▀{80}/);
    expect(t.terminal.cursorVisible).toBe(false);
    t.setFrame(textFrame('back to text'));
    t.display.draw();
    expect(t.terminal.text()[0].trimEnd()).toBe('back to text');
    expect(t.terminal.text()[1].trim()).toBe('');
    expect(t.terminal.cursorVisible).toBe(true);
    // The terminal shrinks: the next tick redraws whole for the new size.
    Object.assign(t.output, { columns: 40, rows: 10 });
    t.output.emit('resize');
    t.terminal.write('\x1b[2J');
    t.display.tick();
    expect(t.terminal.text()[0].trimEnd()).toBe('back to text');
    t.display.stop();
  });
});
