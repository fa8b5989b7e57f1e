// Every way a run can end must give back what it took: file descriptors (the image,
// /dev/kvm or a device that is not KVM) and backend memory. Runs in-process with the
// real backends and counts this process's open descriptors around each run.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RunOptions } from './args.js';
import { EXIT_STATUS } from './errors.js';
import { runGuest } from './run.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const guest = (name: string) => join(packageDir, 'test-guests', `${name}.bin`);
const hello = join(packageDir, '..', '..', 'examples', 'hello', 'hello.bin');

const openFds = () => readdirSync('/proc/self/fd').length;

function options(extra: Partial<RunOptions>): RunOptions {
  return {
    image: hello, backend: 'interp', memBytes: 0x100000, vgaTrap: false, timeoutMs: 5000,
    screen: 'none', stats: false, json: false, debug: false, ...extra,
  };
}

const quiet = { stdout: () => {}, stderrLine: () => {} };

describe.skipIf(process.platform !== 'linux')('runGuest releases everything it opened', () => {
  it.each<[string, Partial<RunOptions>, number]>([
    ['a halting guest', { load: 0 }, EXIT_STATUS.ok],
    ['a missing image', { image: join(packageDir, 'no-such.bin') }, EXIT_STATUS.image],
    ['KVM on a path that does not exist', { load: 0, backend: 'kvm', kvmDevice: '/nonexistent' }, EXIT_STATUS.backend],
    ['KVM on /dev/null', { load: 0, backend: 'kvm', kvmDevice: '/dev/null' }, EXIT_STATUS.backend],
    ['auto falling back from /dev/null', { load: 0, backend: 'auto', kvmDevice: '/dev/null' }, EXIT_STATUS.ok],
    ['a triple fault', { image: guest('triple-fault') }, EXIT_STATUS.shutdown],
    ['a timeout', { image: guest('spin'), timeoutMs: 50 }, EXIT_STATUS.timeout],
    ['an unhandled exit', { image: guest('protected-mode') }, EXIT_STATUS.unhandledExit],
  ])('%s', async (_name, extra, status) => {
    // Warm up module loading (koffi opens libraries once per process) before counting.
    await runGuest(options(extra), quiet);
    const before = openFds();
    expect(await runGuest(options(extra), quiet)).toBe(status);
    expect(openFds()).toBe(before);
  });
});
