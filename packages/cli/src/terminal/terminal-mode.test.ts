import { EventEmitter } from 'node:events';
import type { ReadStream, WriteStream } from 'node:tty';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TerminalMode } from './terminal-mode.js';

/** Stand-ins for the TTY streams that record what the terminal was told. */
function fakeTerminal() {
  const input = Object.assign(new EventEmitter(), {
    raw: false,
    setRawMode(on: boolean) {
      input.raw = on;
      return input;
    },
    resume: () => input,
    pause: () => input,
  });
  const written: string[] = [];
  const output = { write: (s: string) => written.push(s) > 0 };
  return { input, output, written, mode: new TerminalMode(input as unknown as ReadStream, output as unknown as WriteStream) };
}

afterEach(() => vi.restoreAllMocks());

describe('TerminalMode', () => {
  it('enter: raw input, the alternate screen, cursor hidden; restore undoes all of it, once', () => {
    const t = fakeTerminal();
    t.mode.enter();
    expect(t.input.raw).toBe(true);
    expect(t.written.join('')).toContain('\x1b[?1049h');
    t.mode.restore();
    t.mode.restore();
    expect(t.input.raw).toBe(false);
    expect(t.written.filter((s) => s.includes('\x1b[?1049l'))).toHaveLength(1);
    expect(t.written.at(-1)).toContain('\x1b[?25h');
  });

  it('the process exiting anyhow restores the terminal (the exit handler), and the handlers go away after', () => {
    const t = fakeTerminal();
    const before = process.listenerCount('exit');
    t.mode.enter();
    expect(process.listenerCount('exit')).toBe(before + 1);
    process.emit('exit', 0);
    expect(t.input.raw).toBe(false);
    expect(process.listenerCount('exit')).toBe(before);
  });

  it('an uncaught exception restores the terminal first, then reports one line and exits with status 1', () => {
    const t = fakeTerminal();
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    t.mode.enter();
    (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', new Error('device exploded\nat somewhere'), 'uncaughtException');
    expect(t.input.raw).toBe(false);
    expect(stderr).toHaveBeenCalledWith('tinyvm: internal error: device exploded (rerun with --debug for a stack trace)\n');
    expect(exit).toHaveBeenCalledWith(1);
  });
});
