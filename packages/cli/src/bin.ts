#!/usr/bin/env node
// The `tinyvm` executable: wires main() to the process.
import { main } from './main.js';

const stdoutIsTty = process.stdout.isTTY === true;
process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderrLine: (line) => process.stderr.write(`${line}\n`),
}, stdoutIsTty, {
  terminal: stdoutIsTty ? { input: process.stdin.isTTY ? process.stdin : undefined, output: process.stdout } : undefined,
});
