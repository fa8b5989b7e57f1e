#!/usr/bin/env node
// The `tinyvm` executable: wires main() to the process.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderrLine: (line) => process.stderr.write(`${line}\n`),
}, process.stdout.isTTY === true);
