/**
 * The command line: `tinyvm run <image> [flags]`, `--help`, `--version`.
 * Parsed with node:util parseArgs (strict: unknown flags are errors); every
 * value is checked here so that a mistake gives one line naming the flag.
 */
import { parseArgs } from 'node:util';
import { parseAddress, parseEntry, parseSize, PAGE_SIZE } from '@tinyvm/core';
import { EXIT_STATUS_HELP, UsageError } from './errors.js';
import { PC_FLAGS, PC_HELP, pcOptionsFrom, type PcRunOptions } from './pc.js';
import type { KeyStroke } from './keyboard/key-stroke.js';
import { parseTypeNotation } from './keyboard/type-notation.js';
import { TRACE_KINDS, type TraceKind } from './trace.js';

export type BackendChoice = 'kvm' | 'interp' | 'auto';
export type ScreenFormat = 'ansi' | 'text' | 'none';
export type DisplayChoice = 'auto' | 'off';

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
  /** --timeout was given (the live display runs without a time limit otherwise). */
  timeoutGiven?: boolean;
  maxExits?: number;
  /** --no-fallback: on KVM, report an instruction it cannot emulate instead of running it in the interpreter. */
  noFallback?: boolean;
  screen: ScreenFormat;
  stats: boolean;
  json: boolean;
  debug: boolean;
  /** 'auto': the live display when stdout is a terminal and not --json. */
  display?: DisplayChoice;
  /** --type: strokes typed into the guest's keyboard once it runs. */
  type?: KeyStroke[];
  untilScreen?: RegExp;
  untilSerial?: RegExp;
  /** --screenshot: a PNG of the screen when the guest stops. */
  screenshot?: string;
  trace?: TraceKind[];
  traceFile?: string;
  /** --bios/--floppy/--hd/--serial/--debugcon: the PC platform (pc.ts). */
  pc?: PcRunOptions;
}

export type Command =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'run'; options: RunOptions };

export const DEFAULT_MEM = '1M';
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Kept well inside what one ArrayBuffer or mmap can hold and below the 4 GiB MMIO space. */
export const MAX_MEM_BYTES = 2 * 1024 ** 3;
/** A PC (an image booted through the BIOS) needs the first MiB at least. */
const PC_MIN_MEM_BYTES = 1024 ** 2;

const RUN_FLAGS = {
  backend: { type: 'string', default: 'auto' },
  'kvm-device': { type: 'string' },
  mem: { type: 'string', default: DEFAULT_MEM },
  load: { type: 'string' },
  entry: { type: 'string' },
  'vga-trap': { type: 'boolean', default: false },
  timeout: { type: 'string' },
  'max-exits': { type: 'string' },
  'no-fallback': { type: 'boolean', default: false },
  screen: { type: 'string' },
  stats: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  debug: { type: 'boolean', default: false },
  display: { type: 'string', default: 'auto' },
  type: { type: 'string' },
  'until-screen': { type: 'string' },
  'until-serial': { type: 'string' },
  screenshot: { type: 'string' },
  trace: { type: 'string' },
  'trace-file': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  ...PC_FLAGS,
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

Runs <image> in a new machine until the guest halts, then prints the screen.
By default the image is a disk booted through tinyvm's BIOS, as a PC boots it:
a single 512-byte boot sector or a whole floppy or hard disk image, whose sector 0
(ending in 55 AA) is loaded at 0000:7C00 and entered with DL = the drive (00h for
a floppy, 80h for a hard disk), with INT 10h/13h/16h/1Ah, the timer and the
keyboard interrupts (so, as on a PC, HLT with interrupts on only waits for the next
one: a guest ends its run with CLI; HLT). With --load/--entry the image is flat:
loaded raw and run without the BIOS (RAM, VGA text, a polled keyboard and COM1).

On a terminal (and without --json) the guest's screen is shown live while it
runs and the keyboard goes to the guest; Ctrl-A X quits, Ctrl-A S saves a
screenshot (tinyvm-screenshot-N.png), Ctrl-A H shows these keys, Ctrl-A Ctrl-A
sends Ctrl-A. Without --timeout the live display runs until the guest stops or
you quit. NO_COLOR or a stdout that is not a terminal gives plain output.

Options:
  --backend kvm|interp|auto  vCPU backend (default auto: KVM when /dev/kvm opens, else the interpreter)
  --kvm-device PATH          open PATH instead of /dev/kvm
  --mem SIZE                 guest RAM, e.g. 64K, 1M, 16M (default ${DEFAULT_MEM}; a multiple of 4K, at most 2G);
                             RAM is 0..min(SIZE, A0000h) plus 100000h..SIZE when SIZE is above 1M;
                             through the BIOS at least 1M
  --load ADDR                a flat image: load it raw at ADDR (e.g. 0, 0x7c00, 7c00h) and run it without the BIOS
  --entry SEG:OFF            start at SEG:OFF (hex, e.g. 0000:7C00); default with --load: the load address;
                             without --load, the image is loaded raw at SEG*16+OFF
${PC_HELP}  --vga-trap                 trap every access to the VGA text buffer as an MMIO exit (default: map it as RAM)
  --timeout MS               stop the guest after MS milliseconds (default ${DEFAULT_TIMEOUT_MS}; none with the live display)
  --max-exits N              stop the guest after N exits (MMIO the interpreter serves inline included)
  --no-fallback              on KVM, stop with the internal error when KVM cannot emulate an instruction
                             (default: run that instruction in the interpreter and resume KVM)
  --screen ansi|text|none    how to print the screen at the end (default: ansi on a terminal, else text;
                             mode 13h as half blocks in colour, or shade characters as text)
  --display auto|off         the live display on a terminal (default auto; off: run, then print the screen)
  --type KEYS                type KEYS into the guest's keyboard as it runs: text as typed, a newline is Enter,
                             {Enter} {Esc} {Tab} {Backspace} {Up} {Down} {Left} {Right} {Home} {End} {PgUp}
                             {PgDn} {Insert} {Delete} {F1}..{F12}, combinations {Ctrl-C} {Alt-F4}
                             {Ctrl-Alt-Delete} {Shift-Tab}; {{ types a {
  --until-screen REGEX       stop (status 0) as soon as the screen text matches REGEX (JavaScript syntax;
                             rows are joined with newlines)
  --until-serial REGEX       stop (status 0) as soon as the guest's serial output matches REGEX
  --screenshot FILE.png      save the screen as a PNG when the guest stops (text: 720x400, mode 13h: 320x200)
  --trace exits|io|int       one line per event (comma-separated for several) to --trace-file or stderr
  --trace-file FILE          where --trace writes (default stderr; give a file with the live display)
  --stats                    print exits by kind, port and address, guest and host time and instructions to stderr
  --json                     print one JSON object with the outcome on stdout (instead of the screen)
  --debug                    print stack traces for errors
  -h, --help                 show this help

Exit status:
${EXIT_STATUS_HELP.map(([status, meaning]) => `  ${status}  ${meaning}`).join('\n')}

Examples:
  tinyvm run examples/hello/hello.bin --load 0 --entry 0000:0000
  tinyvm run disk.img --type 'dir{Enter}' --until-screen 'C:\\\\>' --screenshot out.png
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

function regex(flag: string, value: string): RegExp {
  try {
    return new RegExp(value, 'm');
  } catch (error) {
    throw new UsageError(`--${flag}: "${value}" is not a regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`);
  }
}

function traceKinds(value: string): TraceKind[] {
  const kinds = value.split(',').map((k) => k.trim());
  for (const kind of kinds) oneOf('trace', kind, TRACE_KINDS);
  return kinds as TraceKind[];
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
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : positiveInteger('timeout', values.timeout, 'milliseconds'),
    screen: values.screen === undefined ? (stdoutIsTty ? 'ansi' : 'text') : oneOf('screen', values.screen, ['ansi', 'text', 'none'] as const),
    stats: values.stats,
    json: values.json,
    debug: values.debug,
  };
  // New flags appear in the options only when given (scripts built on the older shape keep working).
  if (values.timeout !== undefined) options.timeoutGiven = true;
  if (oneOf('display', values.display, ['auto', 'off'] as const) === 'off') options.display = 'off';
  if (values.type !== undefined) options.type = parseTypeNotation(values.type);
  if (values['until-screen'] !== undefined) options.untilScreen = regex('until-screen', values['until-screen']);
  if (values['until-serial'] !== undefined) options.untilSerial = regex('until-serial', values['until-serial']);
  if (values.screenshot !== undefined) {
    if (values.screenshot === '') throw new UsageError('--screenshot: the path is empty');
    options.screenshot = values.screenshot;
  }
  if (values.trace !== undefined) options.trace = traceKinds(values.trace);
  if (values['trace-file'] !== undefined) {
    if (values.trace === undefined) throw new UsageError('--trace-file: give --trace exits|io|int too');
    options.traceFile = values['trace-file'];
  }
  if (values['kvm-device'] !== undefined) {
    if (values['kvm-device'] === '') throw new UsageError('--kvm-device: the path is empty');
    options.kvmDevice = values['kvm-device'];
  }
  if (values.load !== undefined) options.load = loadAddress(values.load);
  if (values.entry !== undefined) options.entry = entryPoint(values.entry);
  if (values['max-exits'] !== undefined) options.maxExits = positiveInteger('max-exits', values['max-exits'], 'exits');
  if (values['no-fallback']) options.noFallback = true;
  const pc = pcOptionsFrom(values);
  if (pc) options.pc = pc;
  if ((options.load !== undefined || options.entry !== undefined) && (pc?.bios || pc?.diskKind)) {
    const flag = pc.bios ? '--bios' : pc.diskKind === 'floppy' ? '--floppy' : '--hd';
    throw new UsageError(`${flag} boots a disk through the BIOS; --load/--entry run a flat image without it: choose one`);
  }
  // The PC platform's memory map has the BIOS, the EBDA and video memory below 1 MiB (@tinyvm/pc checkPcMemory).
  if (options.load === undefined && options.entry === undefined && options.memBytes < PC_MIN_MEM_BYTES) {
    throw new UsageError(`--mem: ${values.mem} is too little for a disk booted through the BIOS (at least 1M; a flat image with --load can have less)`);
  }
  return { kind: 'run', options };
}
