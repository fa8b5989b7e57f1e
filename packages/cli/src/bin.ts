#!/usr/bin/env node
// The `tinyvm` executable: wires main() to the process.
import { main } from './main.js';

// TERM=dumb: a terminal that understands no escape sequences gets the plain, non-live output.
const stdoutIsTty = process.stdout.isTTY === true && process.env.TERM !== 'dumb';
// NO_COLOR (https://no-color.org): the final screen is printed as plain text, the live display has no colours.
const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderrLine: (line) => process.stderr.write(`${line}\n`),
}, stdoutIsTty && !noColor, {
  terminal: stdoutIsTty ? { input: process.stdin.isTTY ? process.stdin : undefined, output: process.stdout } : undefined,
});
