/** Test helpers: the committed guest binaries and a PC on the interpreter. */
import { readFileSync } from 'node:fs';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { createPc, type Pc, type PcOptions } from './pc.js';

export const GUEST_DIR = new URL('./test-guests/', import.meta.url);

export function guestBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${name}.bin`, GUEST_DIR)));
}

export interface TestPc extends Pc {
  serialOut: number[];
  debugOut: number[];
}

/** A PC on the interpreter booting `disk`, with COM1 and port E9h captured. */
export function interpPc(disk: Uint8Array | undefined, options: Partial<PcOptions> = {}): TestPc {
  const serialOut: number[] = [];
  const debugOut: number[] = [];
  const pc = createPc({
    backend: createInterpBackend(),
    disk,
    serial: { write: (bytes) => serialOut.push(...bytes) },
    debugcon: { write: (bytes) => debugOut.push(...bytes) },
    ...options,
  }) as TestPc;
  pc.serialOut = serialOut;
  pc.debugOut = debugOut;
  return pc;
}

/** The screen's rows with trailing blanks removed, and empty rows at the bottom dropped. */
export function screen(pc: Pc): string[] {
  const rows = pc.vga.text({ trimEnd: true });
  while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
  return rows;
}

/** Runs until `text` is on the screen (or the timeout). */
export function runUntilScreen(pc: Pc, text: string, timeoutMs = 5000): void {
  pc.run({ timeoutMs, until: () => screen(pc).join('\n').includes(text) });
}
