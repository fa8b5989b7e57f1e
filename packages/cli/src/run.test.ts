import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BackendError, type ExitReason } from '@tinyvm/core';
import type { RunOptions } from './args.js';
import type { OpenedBackend } from './backends.js';
import { EXIT_STATUS } from './errors.js';
import type { Outcome } from './report.js';
import { runGuest } from './run.js';
import { fakeBackend, writeScreen, type FakeBackend } from './test-fake-backend.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyvm-run-test-'));
const rawImage = join(dir, 'raw.bin');
writeFileSync(rawImage, Uint8Array.of(0xf4));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function options(extra: Partial<RunOptions> = {}): RunOptions {
  return {
    image: rawImage, backend: 'interp', memBytes: 0x100000, load: 0, vgaTrap: false, timeoutMs: 5000,
    screen: 'text', stats: false, json: false, debug: false, ...extra,
  };
}

interface Captured {
  status: number;
  stdout: string;
  stderr: string[];
  backend?: FakeBackend;
  opened: number;
}

async function runWith(step: (run: number, b: FakeBackend) => ExitReason, extra: Partial<RunOptions> = {}, notice?: string): Promise<Captured> {
  const captured: Captured = { status: -1, stdout: '', stderr: [], opened: 0 };
  const openBackend = async (): Promise<OpenedBackend> => {
    captured.opened++;
    captured.backend = fakeBackend(step);
    return notice ? { backend: captured.backend, notice } : { backend: captured.backend };
  };
  captured.status = await runGuest(options(extra), {
    stdout: (text) => (captured.stdout += text),
    stderrLine: (line) => captured.stderr.push(line),
  }, { openBackend });
  return captured;
}

const hlt: ExitReason = { kind: 'hlt' };

describe('runGuest', () => {
  it('halting prints the screen, exits 0 and disposes the backend once built', async () => {
    const r = await runWith((n, b) => {
      writeScreen(b, 'guest was here');
      return hlt;
    });
    expect(r.status).toBe(EXIT_STATUS.ok);
    expect(r.stdout).toBe('guest was here\n');
    expect(r.stderr).toEqual([]);
    expect(r.backend!.disposed).toBeGreaterThanOrEqual(1);
  });

  it('lays out RAM below the legacy hole, VGA as its own region, and starts at the entry point', async () => {
    const r = await runWith(() => hlt, { load: 0x500, memBytes: 0x200000 });
    expect([...r.backend!.regions.values()].map((x) => [x.name, x.base, x.size])).toEqual([
      ['ram', 0, 0xa0000], ['high-ram', 0x100000, 0x100000], ['vga-text', 0xb8000, 0x8000],
    ]);
    expect(r.backend!.regions.get('ram')!.bytes[0x500]).toBe(0xf4);
    expect(r.backend!.initialState).toMatchObject({ eip: 0x500, cs: { selector: 0, base: 0 } });
  });

  it('--json gives one object with the stop, backend, exits, trimmed screen, times and registers', async () => {
    const r = await runWith((n, b) => {
      if (n < 3) return { kind: 'io', direction: 'out', port: 0x80, size: 1, count: 1, data: Uint8Array.of(n) };
      writeScreen(b, 'json  ');
      return hlt;
    }, { json: true, stats: true });
    const outcome = JSON.parse(r.stdout) as Outcome;
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(outcome).toMatchObject({ stop: 'hlt', backend: 'fake', exits: { total: 4, byKind: { io: 3, hlt: 1 } } });
    expect(outcome.screen).toHaveLength(25);
    expect(outcome.screen[0]).toBe('json');
    expect(outcome.screen[1]).toBe('');
    expect(outcome.registers).toMatchObject({ eip: 0, cs: 0 });
    expect(typeof outcome.guestMs).toBe('number');
    expect(outcome.error).toBeUndefined();
    // --stats goes to stderr, never into the JSON on stdout.
    expect(r.stderr.join('\n')).toMatch(/exits 4 \(io 3, hlt 1\)/);
  });

  it('a triple fault exits with the shutdown status and one line', async () => {
    const r = await runWith(() => ({ kind: 'shutdown' }));
    expect(r.status).toBe(EXIT_STATUS.shutdown);
    expect(r.stderr).toEqual(['tinyvm: the guest shut down the CPU (triple fault) after 1 exits']);
  });

  it('an exit the VMM does not handle exits with its own status; --json carries the error', async () => {
    const r = await runWith(() => ({ kind: 'unsupported', code: 99, description: 'mystery' }), { json: true });
    expect(r.status).toBe(EXIT_STATUS.unhandledExit);
    expect(r.stderr).toEqual(['tinyvm: the VMM does not handle this exit: unsupported exit 99 (mystery)']);
    expect(JSON.parse(r.stdout)).toMatchObject({ stop: 'error', error: { code: 'unhandled-exit' } });
  });

  it('a guest that never stops hits --timeout', async () => {
    const r = await runWith(() => ({ kind: 'interrupted' }), { timeoutMs: 30 });
    expect(r.status).toBe(EXIT_STATUS.timeout);
    expect(r.stderr).toEqual(['tinyvm: the guest was still running after 30 ms (--timeout)']);
  });

  it('a guest that keeps exiting hits --max-exits', async () => {
    const r = await runWith(() => ({ kind: 'io', direction: 'out', port: 0x80, size: 1, count: 1, data: Uint8Array.of(0) }), { maxExits: 5, json: true });
    expect(r.status).toBe(EXIT_STATUS.exitBudget);
    expect(JSON.parse(r.stdout)).toMatchObject({ stop: 'exit-budget', exits: { total: 5 } });
  });

  it('image errors never open a backend', async () => {
    // A0000h is the first byte of the legacy hole: not RAM.
    const r = await runWith(() => hlt, { load: 0xa0000 });
    expect(r.status).toBe(EXIT_STATUS.image);
    expect(r.opened).toBe(0);
    expect(r.stderr).toHaveLength(1);
  });

  it('a backend that cannot open gives the backend status and one line', async () => {
    const lines: string[] = [];
    const status = await runGuest(options(), { stdout: () => {}, stderrLine: (l) => lines.push(l) }, {
      openBackend: async () => {
        throw new BackendError('kvm-unavailable', 'cannot use KVM: /nope does not exist');
      },
    });
    expect(status).toBe(EXIT_STATUS.backend);
    expect(lines).toEqual(['tinyvm: cannot use KVM: /nope does not exist']);
  });

  it('an unexpected exception is an internal error, still disposes, and shows a stack only with --debug', async () => {
    const boom = () => {
      throw new Error('kaboom');
    };
    const plain = await runWith(boom);
    expect(plain.status).toBe(EXIT_STATUS.internal);
    expect(plain.stderr).toEqual(['tinyvm: internal error: kaboom (rerun with --debug for a stack trace)']);
    expect(plain.backend!.disposed).toBeGreaterThanOrEqual(1);
    const debug = await runWith(boom, { debug: true });
    expect(debug.stderr.length).toBeGreaterThan(1);
    expect(debug.stderr[1]).toMatch(/^Error: kaboom\n\s+at /);
  });

  it('prints the auto notice before anything else', async () => {
    const r = await runWith(() => hlt, {}, '/dev/kvm does not exist; using the interpreter');
    expect(r.stderr).toEqual(['tinyvm: /dev/kvm does not exist; using the interpreter']);
  });

  it('with --vga-trap the buffer is an MMIO device, so the screen comes from MMIO exits', async () => {
    const r = await runWith((n) => {
      const text = 'trap';
      if (n < text.length) return { kind: 'mmio', address: 0xb8000 + 2 * n, size: 1, write: true, data: Uint8Array.of(text.charCodeAt(n)) };
      return hlt;
    }, { vgaTrap: true, json: true });
    const outcome = JSON.parse(r.stdout) as Outcome;
    expect(outcome.screen[0]).toBe('trap');
    expect(outcome.exits.byKind.mmio).toBe(4);
    expect(r.backend!.regions.has('vga-text')).toBe(false);
  });
});
