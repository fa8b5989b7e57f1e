/**
 * The `tinyvm` command: parse, then help, version or run. Returns the exit status.
 */
import { readFileSync } from 'node:fs';
import { parseCommandLine } from './args.js';
import { EXIT_STATUS, describeError, exitStatusForError } from './errors.js';
import { runGuest, type CliOutput, type RunDependencies } from './run.js';

export function version(): string {
  // dist/main.js and src/main.ts both sit one level below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(argv: readonly string[], out: CliOutput, stdoutIsTty = false, deps: RunDependencies = {}): Promise<number> {
  let command;
  try {
    command = parseCommandLine(argv, stdoutIsTty);
  } catch (error) {
    out.stderrLine(`tinyvm: ${describeError(error)}`);
    if (argv.includes('--debug') && error instanceof Error && error.stack) out.stderrLine(error.stack);
    return exitStatusForError(error);
  }
  switch (command.kind) {
    case 'help':
      out.stdout(command.text);
      return EXIT_STATUS.ok;
    case 'version':
      out.stdout(`tinyvm ${version()}\n`);
      return EXIT_STATUS.ok;
    case 'run':
      return runGuest(command.options, out, deps);
  }
}
