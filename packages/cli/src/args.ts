/**
 * The command line: `tinyvm run <image> [flags]`, `--help`, `--version`.
 * Parsed with node:util parseArgs (strict: unknown flags are errors); every
 * value is checked here so that a mistake gives one line naming the flag.
 */
import { parseArgs } from 'node:util';
import { parseAddress, parseEntry, parseSize, PAGE_SIZE } from '@tinyvm/core';
import { EXIT_STATUS_HELP, UsageError } from './errors.js';

export type BackendChoice = 'kvm' | 'interp' | 'auto';
export type ScreenFormat = 'ansi' | 'text' | 'none';

export interface RunOptions {
  image: string;
  backend: BackendChoice;
  kvmDevice?: string;
  /** Guest RAM in bytes (a multiple of 4 KiB). */
  memBytes: number;
  /** Raw load address; undefined = the boot-sector convention. */
  load?: number;
  entry?: { cs: number; ip: number };
  vgaTrap: boolean;
  timeoutMs: number;
  maxExits?: number;
  screen: ScreenFormat;
  stats: boolean;
  json: boolean;
  debug: boolean;
}

export type Command =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'run'; options: RunOptions };

export const DEFAULT_MEM = '1M';
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Kept well inside what one ArrayBuffer or mmap can hold and below the 4 GiB MMIO space. */
export const MAX_MEM_BYTES = 2 * 1024 ** 3;

const RUN_FLAGS = {
  backend: { type: 'string', default: 'auto' },
  'kvm-device': { type: 'string' },
  mem: { type: 'string', default: DEFAULT_MEM },
  load: { type: 'string' },
  entry: { type: 'string' },
  'vga-trap': { type: 'boolean', default: false },
  timeout: { type: 'string', default: String(DEFAULT_TIMEOUT_MS) },
  'max-exits': { type: 'string' },
  screen: { type: 'string' },
  stats: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const MAIN_HELP = `Usage: tinyvm <command> [options]

A tiny x86 virtual machine monitor: KVM where /dev/kvm is available, else an x86 interpreter.

Commands:
  run <image>     run a guest image until it halts (see: tinyvm run --help)

Options:
  -h, --help      show this help
  -v, --version   show the version
`;

export const RUN_HELP = `Usage: tinyvm run <image> [options]

Loads <image> into a new machine with VGA text mode and runs it until the guest
halts, then prints the screen. By default the image is a PC boot sector: exactly
512 bytes ending in 55 AA, loaded at 0000:7C00 and entered there with DL=80h.

Options:
  --backend kvm|interp|auto  vCPU backend (default auto: KVM when /dev/kvm opens, else the interpreter)
  --kvm-device PATH          open PATH instead of /dev/kvm
  --mem SIZE                 guest RAM, e.g. 64K, 1M, 16M (default ${DEFAULT_MEM}; a multiple of 4K, at most 2G);
                             RAM is 0..min(SIZE, A0000h) plus 100000h..SIZE when SIZE is above 1M
  --load ADDR                load the raw image at ADDR (e.g. 0, 0x7c00, 7c00h) instead of as a boot sector
  --entry SEG:OFF            start at SEG:OFF (hex, e.g. 0000:7C00); default with --load: the load address;
                             without --load, the image is loaded raw at SEG*16+OFF
  --vga-trap                 trap every access to the VGA text buffer as an MMIO exit (default: map it as RAM)
  --timeout MS               stop the guest after MS milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --max-exits N              stop the guest after N exits (the interpreter serves MMIO inside run(): those
                             exits are counted in the totals but only port I/O and HLT are checked against N)
  --screen ansi|text|none    how to print the screen at the end (default: ansi on a terminal, else text)
  --stats                    print exits by kind, guest and host time and instructions to stderr
  --json                     print one JSON object with the outcome on stdout (instead of the screen)
  --debug                    print stack traces for errors
  -h, --help                 show this help

Exit status:
${EXIT_STATUS_HELP.map(([status, meaning]) => `  ${status}  ${meaning}`).join('\n')}

Example:
  tinyvm run examples/hello/hello.bin --load 0 --entry 0000:0000
`;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: "${value}" is not one of ${allowed.join(', ')}`);
}

function positiveInteger(flag: string, value: string, unit: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${flag}: "${value}" is not a positive whole number of ${unit}`);
  }
  return Number(value);
}

function memorySize(value: string): number {
  let bytes: number;
  try {
    bytes = parseSize(value);
  } catch {
    throw new UsageError(`--mem: "${value}" is not a size (e.g. 64K, 1M)`);
  }
  if (bytes < PAGE_SIZE || bytes % PAGE_SIZE !== 0) throw new UsageError(`--mem: ${value} is not a non-zero multiple of 4K`);
  if (bytes > MAX_MEM_BYTES) throw new UsageError(`--mem: ${value} is more than the 2G tinyvm supports`);
  return bytes;
}

function loadAddress(value: string): number {
  let address: number;
  try {
    address = parseAddress(value);
  } catch {
    throw new UsageError(`--load: "${value}" is not an address (e.g. 0, 0x7c00, 7c00h)`);
  }
  if (address >= 2 ** 32) throw new UsageError(`--load: ${value} is beyond the 4 GiB address space`);
  return address;
}

function entryPoint(value: string): { cs: number; ip: number } {
  try {
    return parseEntry(value);
  } catch {
    throw new UsageError(`--entry: "${value}" is not SEG:OFF in hex (e.g. 0000:7C00)`);
  }
}

/** Turns the arguments after `node bin.js` into a command; throws UsageError. */
export function parseCommandLine(argv: readonly string[], stdoutIsTty = false): Command {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help', text: MAIN_HELP };
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command !== 'run') {
    const what = command.startsWith('-') ? `unknown option ${command}` : `unknown command "${command}"`;
    throw new UsageError(`${what} (try: tinyvm --help)`);
  }

  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: RUN_FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs' messages are one line, but long; keep its first sentence.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`run: ${message.replace(/\. To specify.*$/, '')} (try: tinyvm run --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', text: RUN_HELP };
  if (positionals.length === 0) throw new UsageError('run: no image given (usage: tinyvm run <image> [options])');
  if (positionals.length > 1) throw new UsageError(`run: one image only; also got "${positionals[1]}"`);

  const options: RunOptions = {
    image: positionals[0],
    backend: oneOf('backend', values.backend, ['kvm', 'interp', 'auto'] as const),
    memBytes: memorySize(values.mem),
    vgaTrap: values['vga-trap'],
    timeoutMs: positiveInteger('timeout', values.timeout, 'milliseconds'),
    screen: values.screen === undefined ? (stdoutIsTty ? 'ansi' : 'text') : oneOf('screen', values.screen, ['ansi', 'text', 'none'] as const),
    stats: values.stats,
    json: values.json,
    debug: values.debug,
  };
  if (values['kvm-device'] !== undefined) {
    if (values['kvm-device'] === '') throw new UsageError('--kvm-device: the path is empty');
    options.kvmDevice = values['kvm-device'];
  }
  if (values.load !== undefined) options.load = loadAddress(values.load);
  if (values.entry !== undefined) options.entry = entryPoint(values.entry);
  if (values['max-exits'] !== undefined) options.maxExits = positiveInteger('max-exits', values['max-exits'], 'exits');
  return { kind: 'run', options };
}
