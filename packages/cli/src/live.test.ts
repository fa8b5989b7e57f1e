// The live display as a person uses it: `tinyvm run` inside a real terminal
// (tmux), keys sent with send-keys, the screen read back with capture-pane.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pngjs from 'pngjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(packageDir, 'dist', 'bin.js');
const guest = (name: string) => join(packageDir, 'test-guests', `${name}.bin`);
// Without --load/--entry an image boots through the BIOS. echo-keys (polls the 8042 itself, which the BIOS's
// IRQ 1 handler would race) and cursor (ends in HLT with interrupts on) are flat guests: --load 0x7c00.
const hello = join(packageDir, '..', '..', 'examples', 'hello', 'hello.bin');

const tmuxPresent = spawnSync('tmux', ['-V']).status === 0;
if (!tmuxPresent) console.log('skipping the live display tests: tmux is not installed (apt-get install tmux)');

// A private tmux server, so nothing here touches anyone's sessions.
const socket = `tinyvm-test-${process.pid}`;
const scratch = mkdtempSync(join(tmpdir(), 'tinyvm-live-'));
afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server']);
  rmSync(scratch, { recursive: true, force: true });
});

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

let session = 0;
let current = '';

/**
 * Starts `tinyvm run ARGS` in a new tmux window of the given size; when it
 * ends, the shell prints its exit status and whether the terminal is back in
 * canonical mode (stty), then waits.
 */
function start(args: string[], size = { columns: 100, rows: 30 }, env = ''): void {
  current = `t${++session}`;
  const command = `${env} node ${bin} run ${args.join(' ')}; echo "EXIT=$?"; stty -a | grep -o -- '-*icanon' | sed 's/^/MODE=/'; sleep 600`;
  tmux('new-session', '-d', '-s', current, '-x', String(size.columns), '-y', String(size.rows), '-c', scratch, command);
}

afterEach(() => {
  if (current) spawnSync('tmux', ['-L', socket, 'kill-session', '-t', current]);
});

const pane = (): string => tmux('capture-pane', '-t', current, '-p');
const paneWithScrollback = (): string => tmux('capture-pane', '-t', current, '-p', '-S', '-100');

/** Waits until the pane shows `pattern` (the guest runs in real time). */
async function waitForPane(pattern: RegExp, read = pane, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = read();
    if (pattern.test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the pane never showed ${pattern}; it shows:\n${text}`);
}

describe.skipIf(!tmuxPresent)('tinyvm run on a terminal (tmux)', () => {
  it('shows the guest screen live, types keys into it, and Ctrl-A X quits leaving the terminal as it was', async () => {
    start([guest('echo-keys'), '--load', '0x7c00', '--backend', 'interp']);
    await waitForPane(/tinyvm echo-keys: type, Esc halts/);
    expect(pane()).toMatch(/Ctrl-A X quit/); // the status line under the page
    tmux('send-keys', '-t', current, '-l', 'Hello, tmux');
    tmux('send-keys', '-t', current, 'Enter', 'F1', 'Up');
    const screen = await waitForPane(/\[3b\]\[e0\]\[48\]/);
    expect(screen.split('\n')[2]).toBe('Hello, tmux');
    tmux('send-keys', '-t', current, 'C-a', 'x');
    const after = await waitForPane(/MODE=/, paneWithScrollback);
    expect(after).toMatch(/tinyvm: quit \(Ctrl-A X\)/);
    expect(after).toMatch(/EXIT=0/);
    expect(after).toMatch(/MODE=icanon/); // not -icanon: raw mode undone
    // The final screen is printed after the alternate screen is left, so it stays in the scrollback.
    expect(after).toMatch(/Hello, tmux/);
  });

  it('killed with SIGTERM while running: the terminal is restored, status 128+15', async () => {
    start([guest('echo-keys'), '--load', '0x7c00', '--backend', 'interp']);
    await waitForPane(/tinyvm echo-keys/);
    const pid = tmux('list-panes', '-t', current, '-F', '#{pane_pid}').trim();
    // The pane's shell runs node as its child.
    const child = spawnSync('pgrep', ['-P', pid, '-f', 'bin.js run'], { encoding: 'utf8' }).stdout.trim().split('\n')[0];
    expect(child).toMatch(/^\d+$/);
    process.kill(Number(child), 'SIGTERM');
    const after = await waitForPane(/MODE=/, paneWithScrollback);
    expect(after).toMatch(/EXIT=143/);
    expect(after).toMatch(/MODE=icanon/);
  });

  it('a screen that changes all the time is drawn at the display\'s frame rate (30 per second at most)', async () => {
    start([guest('counter'), '--backend', 'interp', '--timeout', '2000', '--stats']);
    const after = await waitForPane(/MODE=/, paneWithScrollback);
    const [, frames, seconds, rate] = /live display (\d+) frames drawn in ([\d.]+) s \(([\d.]+) per second/.exec(after) ?? [];
    expect(Number(frames)).toBeGreaterThan(5);
    expect(Number(seconds)).toBeGreaterThanOrEqual(1.9);
    expect(Number(rate)).toBeLessThanOrEqual(31);
    // The count moved on between frames: the final screen shows a four-digit hex number.
    expect(after).toMatch(/^[0-9A-F]{4}$/m);
  });

  it('a guest that halts at once: its screen is shown and the status is 0', async () => {
    start([hello, '--load', '0', '--backend', 'interp']);
    const after = await waitForPane(/MODE=/, paneWithScrollback);
    expect(after.split('\n')[0]).toBe('Hello from tinyvm!');
    expect(after).toMatch(/EXIT=0/);
    expect(after).toMatch(/MODE=icanon/);
  });

  it('a guest that triple-faults still gives the terminal back, with the shutdown status', async () => {
    start([guest('triple-fault'), '--backend', 'interp']);
    const after = await waitForPane(/MODE=/, paneWithScrollback);
    expect(after).toMatch(/triple fault/);
    expect(after).toMatch(/EXIT=5/);
    expect(after).toMatch(/MODE=icanon/);
  });

  it('resizing the terminal: the page is clipped when small and redrawn whole when big again', async () => {
    start([guest('echo-keys'), '--load', '0x7c00', '--backend', 'interp'], { columns: 100, rows: 30 });
    await waitForPane(/tinyvm echo-keys/);
    tmux('send-keys', '-t', current, '-l', 'abc');
    await waitForPane(/^abc$/m);
    tmux('resize-window', '-t', current, '-x', '20', '-y', '8');
    const small = await waitForPane(/^tinyvm echo-keys: ty$/m);
    expect(small.trimEnd().split('\n').length).toBeLessThanOrEqual(8);
    tmux('resize-window', '-t', current, '-x', '100', '-y', '30');
    // The whole page comes back (SIGWINCH reaches the process a moment after the resize).
    await waitForPane(/^tinyvm echo-keys: type, Esc halts$/m);
    tmux('send-keys', '-t', current, '-l', 'd');
    const screen = await waitForPane(/^abcd$/m);
    expect(screen.split('\n')[0]).toBe('tinyvm echo-keys: type, Esc halts');
    expect(screen).toMatch(/Ctrl-A X quit/);
    tmux('send-keys', '-t', current, 'Escape');
    await waitForPane(/EXIT=0/, paneWithScrollback);
  });

  it('Ctrl-A S saves a screenshot of the running guest (720×400 PNG) in the current folder', async () => {
    start([guest('echo-keys'), '--load', '0x7c00', '--backend', 'interp']);
    await waitForPane(/tinyvm echo-keys/);
    tmux('send-keys', '-t', current, 'C-a', 's');
    await waitForPane(/screenshot 1 saved to .*tinyvm-screenshot-1\.png/);
    const file = join(scratch, 'tinyvm-screenshot-1.png');
    expect(existsSync(file)).toBe(true);
    const png = pngjs.PNG.sync.read(readFileSync(file));
    expect([png.width, png.height]).toEqual([720, 400]);
    // The title bar: white on blue at the top-left cell's background.
    expect([...png.data.subarray((2 * 720 + 8) * 4, (2 * 720 + 8) * 4 + 3)]).toEqual([0x00, 0x00, 0xaa]);
    tmux('send-keys', '-t', current, 'C-a', 'x');
    await waitForPane(/EXIT=0/, paneWithScrollback);
  });

  it('mode 13h (through the BIOS): half blocks in the guest\'s palette colours, scaled to the terminal', async () => {
    start([guest('mode13-bars'), '--bios', '--backend', 'interp'], { columns: 80, rows: 25 });
    // 320×200 in 80×24 cells (the last row is the status line): 76 columns keep the aspect ratio.
    const screen = await waitForPane(/^▀{76} *$/m);
    expect(screen.split('\n').filter((l) => /^▀{76} *$/.test(l))).toHaveLength(24);
    // capture-pane -e sends a colour when it changes from the previous cell (across rows too).
    const captureColours = () => tmux('capture-pane', '-t', current, '-p', '-e');
    const foregrounds = (line: string) => [...line.matchAll(/\x1b\[38;2;(\d+);(\d+);(\d+)m/g)].map((m) => m.slice(1).join(','));
    // The guest draws row by row: wait for the last pixel row's red (the bottom cell row turns red from white).
    let lines: string[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      lines = captureColours().split('\n');
      if (foregrounds(lines[12] ?? '').includes('170,0,0') && foregrounds(lines[11] ?? '').includes('0,0,170')) break;
    }
    // Top half (cell rows 0-11 = pixel rows 0-99): the bars of palette entries 0, 1, 2 (black, blue, green) from the left.
    expect(foregrounds(lines[0]).slice(0, 3)).toEqual(['0,0,0', '0,0,170', '0,170,0']);
    expect(lines.map((l, i) => (foregrounds(l).includes('0,0,170') ? i : -1)).filter((i) => i >= 0)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // Bottom half: red (entry 4) across, so row 12 changes colour once, to red.
    expect(foregrounds(lines[12])).toEqual(['170,0,0']);
    tmux('send-keys', '-t', current, 'C-a', 'x');
    await waitForPane(/EXIT=0/, paneWithScrollback);
  });

  it('stdin not a terminal: the screen is still shown live, the status line says keys do not reach the guest', async () => {
    start(['--backend', 'interp', '--timeout', '3000', guest('serial-hello'), '< /dev/null']);
    await waitForPane(/stdin is not a terminal: keys do not reach the guest/);
    expect(pane().split('\n')[0]).toBe('ready');
    const after = await waitForPane(/MODE=/, paneWithScrollback);
    expect(after).toMatch(/EXIT=6/);
    expect(after).toMatch(/MODE=icanon/);
  });

  it('TERM=dumb: no live display, no escape sequences, the final screen as text', async () => {
    start([hello, '--load', '0', '--backend', 'interp'], undefined, 'TERM=dumb');
    await waitForPane(/EXIT=0/, paneWithScrollback);
    const withAttributes = tmux('capture-pane', '-t', current, '-p', '-e', '-S', '-100');
    expect(withAttributes.split('\n')[0]).toBe('Hello from tinyvm!');
    expect(withAttributes).not.toMatch(/\x1b\[[0-9;]*m/);
  });

  it('NO_COLOR: no colours on the live screen nor in the printed one', async () => {
    start([hello, '--load', '0', '--backend', 'interp', '--timeout', '5000'], undefined, 'NO_COLOR=1');
    await waitForPane(/EXIT=0/, paneWithScrollback);
    const withAttributes = tmux('capture-pane', '-t', current, '-p', '-e', '-S', '-100');
    expect(withAttributes).toMatch(/Hello from tinyvm!/);
    expect(withAttributes).not.toMatch(/\x1b\[[0-9;]*(3[0-7]|4[0-7]|9[0-7])m/);
  });
});
