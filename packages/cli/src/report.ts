/**
 * What `tinyvm run` prints: the screen (stdout), one JSON object (--json,
 * stdout), statistics (--stats, stderr) and the one-line reason a run failed.
 */
import { describeExit, type CpuState, type ExitCounts, type TinyvmError } from '@tinyvm/core';
import { VGA_COLUMNS, type VgaText } from '@tinyvm/device-vga';
import type { ScreenFormat } from './args.js';
import { histogramLines, type ExitHistogram } from './exit-histogram.js';
import { frameText, type ScreenFrame } from './screen/frame.js';
import { halfBlockLines } from './terminal/graphics-renderer.js';
import type { SessionRunResult, SessionStop } from './sliced-run.js';

/** The machine's stop reasons, plus 'screen-match' / 'serial-match' (--until-screen/--until-serial) and 'quit' (Ctrl-A X). */
export type OutcomeStop = SessionStop;

/** Everything a script may want to know about a run; the --json object. */
export interface Outcome {
  stop: OutcomeStop;
  /** Backend name ("kvm", "interp"), once one was opened. */
  backend: string | null;
  exits: ExitCounts;
  /** 25 rows, trailing blanks trimmed; empty when the guest never ran. */
  screen: string[];
  cursor?: { row: number; col: number; visible: boolean };
  /** Guest instructions, where the backend counts them (the interpreter). */
  instructions?: number;
  /** On KVM: instructions it could not emulate, run by the interpreter instead (@tinyvm/fallback). */
  fallbackInstructions?: number;
  guestMs: number;
  hostMs: number;
  /** Registers when the guest stopped (32-bit values; segment selectors). */
  registers?: Record<string, number>;
  /** Why the run failed; set when stop is 'error' (and for a triple fault). */
  error?: { code: string; message: string };
}

export function emptyOutcome(): Outcome {
  return { stop: 'error', backend: null, exits: { total: 0, byKind: {} }, screen: [], guestMs: 0, hostMs: 0 };
}

export function registersOf(state: CpuState): Record<string, number> {
  const { eax, ebx, ecx, edx, esi, edi, ebp, esp, eip, eflags } = state;
  return {
    eax, ebx, ecx, edx, esi, edi, ebp, esp, eip, eflags,
    cs: state.cs.selector, ds: state.ds.selector, es: state.es.selector, ss: state.ss.selector,
    fs: state.fs.selector, gs: state.gs.selector,
  };
}

export function formatJson(outcome: Outcome): string {
  return `${JSON.stringify(outcome)}\n`;
}

/** Size of the picture printed for a graphics mode at the end: the size of the text page. */
const PRINTED_GRAPHICS_SIZE = { columns: 80, rows: 25 };

/**
 * The screen as the user asked for it; text drops the blank rows at the bottom.
 * In a graphics mode (`frame`), the picture in half blocks (ansi) or shade characters (text).
 */
export function formatScreen(vga: VgaText, format: ScreenFormat, frame?: ScreenFrame): string {
  if (format === 'none') return '';
  if (frame?.kind === 'graphics') {
    return `${halfBlockLines(frame, PRINTED_GRAPHICS_SIZE, format === 'ansi' ? 'truecolor' : 'none').join('\n')}\n`;
  }
  // A 40-column page (BIOS modes 00h/01h) is read from the frame; its colours are not printed.
  const narrow = frame?.kind === 'text' && frame.columns !== VGA_COLUMNS;
  if (format === 'ansi' && !narrow) return `${vga.ansi()}\n`;
  const rows = narrow ? frameText(frame!, { trimEnd: true }) : vga.text({ trimEnd: true });
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows.length === 0 ? '' : `${rows.join('\n')}\n`;
}

/** --stats lines (without the "tinyvm: " prefix); with a histogram, exits by kind, port and address as bar charts. */
export function formatStats(outcome: Outcome, histogram?: ExitHistogram): string[] {
  const kinds = Object.entries(outcome.exits.byKind)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const lines = [
    `stats: backend ${outcome.backend ?? 'none'}, stopped on ${outcome.stop}`,
    `stats: exits ${outcome.exits.total}${kinds ? ` (${kinds})` : ''}`,
    `stats: time in guest ${outcome.guestMs.toFixed(3)} ms, in the VMM ${outcome.hostMs.toFixed(3)} ms`,
  ];
  if (outcome.instructions !== undefined) lines.push(`stats: instructions ${outcome.instructions}`);
  if (outcome.fallbackInstructions !== undefined) lines.push(`stats: interpreter fallback ${outcome.fallbackInstructions} instructions`);
  const total = outcome.guestMs + outcome.hostMs;
  if (total > 0) lines.push(`stats: guest ${((outcome.guestMs / total) * 100).toFixed(1)}% / VMM ${((outcome.hostMs / total) * 100).toFixed(1)}% of the run`);
  if (histogram) {
    const charts = [
      ...histogramLines('exits by kind', outcome.exits.byKind),
      ...histogramLines('port I/O exits by port', histogram.ports),
      ...histogramLines('MMIO exits by address', histogram.addresses),
    ];
    lines.push(...charts.map((line) => `stats: ${line}`));
  }
  return lines;
}

/** The one line saying why a run that stopped without HLT did so. */
export function describeStop(result: SessionRunResult, limits: { timeoutMs: number; maxExits?: number }): string {
  switch (result.stop) {
    case 'hlt':
      return 'the guest halted';
    case 'screen-match':
      return 'the screen matched --until-screen';
    case 'serial-match':
      return 'the serial output matched --until-serial';
    case 'quit':
      return 'quit (Ctrl-A X)';
    case 'shutdown':
      return `${result.error?.message ?? 'the guest shut down the CPU'} after ${result.exits.total} exits`;
    case 'timeout':
      return `the guest was still running after ${limits.timeoutMs} ms (--timeout)`;
    case 'exit-budget':
      return `the guest reached ${limits.maxExits ?? result.exits.total} exits (--max-exits)`;
    case 'debug':
      return `the VMM does not handle this exit: ${result.exit ? describeExit(result.exit) : 'debug'}`;
    default:
      return result.error?.message ?? `the guest stopped: ${result.exit ? describeExit(result.exit) : result.stop}`;
  }
}

export function errorJson(error: TinyvmError | { code: string; message: string }): { code: string; message: string } {
  return { code: error.code, message: error.message };
}
