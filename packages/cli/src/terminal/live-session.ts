/**
 * The live display wired to a machine for `tinyvm run`: keys to the guest's
 * keyboard, Ctrl-A X to a quit request, Ctrl-A S to a numbered screenshot in
 * the current folder, Ctrl-A H to the key help.
 */
import type { ReadStream, WriteStream } from 'node:tty';
import { describeError } from '../errors.js';
import type { GuestMachine } from '../guest-machine.js';
import { sendStroke } from '../keyboard/keyboard-sink.js';
import { writeScreenshot } from '../screenshot/png.js';
import { nextScreenshotPath } from '../screenshot/screenshot-path.js';
import { colourModeFor } from './colour.js';
import { ESCAPE_HELP } from './escape-commands.js';
import { LiveDisplay } from './live-display.js';

export interface LiveTerminal {
  /** Absent when stdin is not a terminal: the screen is shown, keys cannot be read. */
  input?: ReadStream;
  output: WriteStream;
}

/** Starts the display on `terminal` (raw mode, alternate screen); `onQuit` runs on Ctrl-A X. */
export function startLiveDisplay(guest: GuestMachine, terminal: LiveTerminal, env: NodeJS.ProcessEnv, onQuit: () => void): LiveDisplay {
  let screenshots = 0;
  const display = new LiveDisplay({
    input: terminal.input,
    output: terminal.output,
    colour: colourModeFor(env, true),
    screen: guest.screen,
    onKey: (stroke) => {
      if (guest.keyboard) sendStroke(guest.keyboard, stroke);
    },
    onCommand: (command) => {
      if (command === 'quit') onQuit();
      if (command === 'help') return ESCAPE_HELP;
      if (command !== 'screenshot') return undefined;
      const path = nextScreenshotPath(process.cwd());
      try {
        writeScreenshot(path, guest.screen.frame());
        return `screenshot ${++screenshots} saved to ${path}`;
      } catch (error) {
        return describeError(error);
      }
    },
  });
  if (!terminal.input) display.setStatus('stdin is not a terminal: keys do not reach the guest');
  else if (!guest.keyboard) display.setStatus('this machine has no keyboard: keys are ignored (Ctrl-A X quits)');
  display.start();
  return display;
}
