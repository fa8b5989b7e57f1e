/**
 * Reader for the SingleStepTests MOO format (gzip-compressed chunks; see
 * shared/conformance/README.md). Unknown chunk tags are skipped by their length.
 */
import { gunzipSync } from 'node:zlib';
import { TinyvmError } from '@tinyvm/core';

/** Register order of the REGS bitmask. */
export const MOO_REGISTERS = ['ax', 'bx', 'cx', 'dx', 'cs', 'ss', 'ds', 'es', 'sp', 'bp', 'si', 'di', 'ip', 'flags'] as const;
export type MooRegister = (typeof MOO_REGISTERS)[number];

export interface MooState {
  regs: Partial<Record<MooRegister, number>>;
  /** [physical address, byte] pairs. */
  ram: [number, number][];
}

export interface MooTest {
  index: number;
  name: string;
  bytes: Uint8Array;
  initial: MooState;
  final: MooState;
  /** 80286: the exception the instruction raised, if any. */
  exception?: { vector: number; flagsAddress: number };
  /** SHA-1 as 40 hex digits. */
  hash: string;
}

export interface MooFile {
  version: number;
  cpu: string;
  tests: MooTest[];
}

export class MooFormatError extends TinyvmError {
  constructor(message: string) {
    super('moo-format', message);
  }
}

function tagAt(view: DataView, offset: number): string {
  return String.fromCharCode(view.getUint8(offset), view.getUint8(offset + 1), view.getUint8(offset + 2), view.getUint8(offset + 3));
}

function* chunks(view: DataView, start: number, end: number): Generator<[string, number, number]> {
  let offset = start;
  while (offset + 8 <= end) {
    const tag = tagAt(view, offset);
    const length = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (body + length > end) throw new MooFormatError(`chunk ${tag} at ${offset} overruns its container`);
    yield [tag, body, length];
    offset = body + length;
  }
}

function readState(view: DataView, start: number, length: number): MooState {
  const state: MooState = { regs: {}, ram: [] };
  for (const [tag, body] of chunks(view, start, start + length)) {
    if (tag === 'REGS') {
      const mask = view.getUint16(body, true);
      let p = body + 2;
      MOO_REGISTERS.forEach((name, bit) => {
        if (mask & (1 << bit)) {
          state.regs[name] = view.getUint16(p, true);
          p += 2;
        }
      });
    } else if (tag === 'RAM ') {
      const count = view.getUint32(body, true);
      for (let i = 0; i < count; i++) {
        const p = body + 4 + i * 5;
        state.ram.push([view.getUint32(p, true), view.getUint8(p + 4)]);
      }
    }
  }
  return state;
}

export function parseMoo(compressed: Uint8Array): MooFile {
  const raw = gunzipSync(compressed);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const decoder = new TextDecoder();
  const file: MooFile = { version: 0, cpu: '', tests: [] };
  if (raw.byteLength < 8 || tagAt(view, 0) !== 'MOO ') throw new MooFormatError('not a MOO file (no "MOO " header)');
  for (const [tag, body, length] of chunks(view, 0, raw.byteLength)) {
    if (tag === 'MOO ') {
      file.version = view.getUint8(body);
      if (length >= 12) file.cpu = tagAt(view, body + 8);
    } else if (tag === 'TEST') {
      const test: MooTest = {
        index: view.getUint32(body, true), name: '', bytes: new Uint8Array(0),
        initial: { regs: {}, ram: [] }, final: { regs: {}, ram: [] }, hash: '',
      };
      for (const [sub, p, len] of chunks(view, body + 4, body + length)) {
        switch (sub) {
          case 'NAME': test.name = decoder.decode(raw.subarray(p + 4, p + 4 + view.getUint32(p, true))); break;
          case 'BYTS': test.bytes = raw.slice(p + 4, p + 4 + view.getUint32(p, true)); break;
          case 'INIT': test.initial = readState(view, p, len); break;
          case 'FINA': test.final = readState(view, p, len); break;
          case 'EXCP': test.exception = { vector: view.getUint8(p), flagsAddress: view.getUint32(p + 1, true) }; break;
          case 'HASH': test.hash = Buffer.from(raw.subarray(p, p + 20)).toString('hex'); break;
          default: break;
        }
      }
      file.tests.push(test);
    }
  }
  return file;
}
