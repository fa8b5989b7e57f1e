// The classic tiny-KVM boot sector through the `tinyvm` command: the screen it
// leaves and how many exits it takes, on the interpreter and (where /dev/kvm
// opens) on KVM.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kvmAvailability } from '@tinyvm/backend-kvm';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', '..', 'packages', 'cli', 'dist', 'bin.js');
const image = join(here, 'hello.bin');

// What the program does, read from its source rather than restated here.
const source = readFileSync(join(here, 'hello.asm'), 'utf8');
const GREETING = /^greeting:\s*\n\s*db "([^"]+)", 0/m.exec(source)![1];
const COLUMNS = Number(/^COLUMNS\s+equ (\d+)/m.exec(source)![1]);
const ROWS = Number(/^ROWS\s+equ (\d+)/m.exec(source)![1]);
// Clearing stores two bytes per cell (character, attribute); the greeting one per
// character (attribute already set). Each `mov byte [es:di], ...` is one store.
const BYTES_WRITTEN = COLUMNS * ROWS * 2 + GREETING.length;

interface Outcome {
  stop: string;
  backend: string;
  exits: { total: number; byKind: Record<string, number> };
  screen: string[];
}

function runHello(...flags: string[]): { status: number | null; outcome: Outcome; stderr: string } {
  const r = spawnSync(process.execPath, [bin, 'run', image, '--load', '0', '--entry', '0000:0000', '--json', ...flags], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, outcome: JSON.parse(r.stdout) as Outcome, stderr: r.stderr };
}

function expectHelloScreen(screen: string[]): void {
  expect(screen).toHaveLength(ROWS);
  expect(screen[0]).toBe(GREETING);
  expect(screen.slice(1).every((row) => row === '')).toBe(true);
}

describe('examples/hello on the interpreter', () => {
  it('greets on row 0 of an otherwise blank screen and halts with no exit but the HLT', () => {
    const { status, outcome } = runHello('--backend', 'interp');
    expect(status).toBe(0);
    expect(outcome.stop).toBe('hlt');
    expectHelloScreen(outcome.screen);
    // VGA is RAM: the guest's stores never leave the CPU.
    expect(outcome.exits).toEqual({ total: 1, byKind: { hlt: 1 } });
  });

  it('with --vga-trap, shows the same screen after one MMIO exit per byte written', () => {
    const { status, outcome } = runHello('--backend', 'interp', '--vga-trap');
    expect(status).toBe(0);
    expectHelloScreen(outcome.screen);
    expect(outcome.exits.byKind).toEqual({ mmio: BYTES_WRITTEN, hlt: 1 });
  });

  it('paints the whole page green on black (attribute 02h)', () => {
    const r = spawnSync(process.execPath, [bin, 'run', image, '--load', '0', '--backend', 'interp', '--screen', 'ansi'], { encoding: 'utf8' });
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(ROWS);
    for (const row of rows) {
      // One colour change at the start of each row and the reset at its end: nothing else.
      expect(row.match(/\x1b\[[\d;]*m/g)).toEqual(['\x1b[0;32;40m', '\x1b[0m']);
    }
  });
});

const kvm = kvmAvailability();
if (!kvm.available) console.log(`skipping examples/hello on KVM: ${kvm.reason}`);

describe.skipIf(!kvm.available)('examples/hello on KVM', () => {
  it('stops at the HLT after at most 2 exits with RAM-backed VGA', () => {
    const { status, outcome } = runHello('--backend', 'kvm');
    expect(status).toBe(0);
    expect(outcome.backend).toBe('kvm');
    expectHelloScreen(outcome.screen);
    expect(outcome.exits.total).toBeLessThanOrEqual(2);
  });

  it('with --vga-trap, one MMIO exit per byte written', () => {
    const { status, outcome } = runHello('--backend', 'kvm', '--vga-trap');
    expect(status).toBe(0);
    expectHelloScreen(outcome.screen);
    expect(outcome.exits.byKind.mmio).toBe(BYTES_WRITTEN);
  });
});
