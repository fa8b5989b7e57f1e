import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, parseCommandLine, type RunOptions } from './args.js';
import { EXIT_STATUS, UsageError } from './errors.js';

function run(...argv: string[]): RunOptions {
  const command = parseCommandLine(['run', ...argv]);
  if (command.kind !== 'run') throw new Error(`expected a run command, got ${command.kind}`);
  return command.options;
}

function usageMessage(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('gives the boot-sector defaults: auto backend, 1M, 10 s, text screen off a terminal', () => {
    expect(run('disk.img')).toEqual({
      image: 'disk.img', backend: 'auto', memBytes: 0x100000, vgaTrap: false, timeoutMs: DEFAULT_TIMEOUT_MS,
      screen: 'text', stats: false, json: false, debug: false,
    });
    const onTty = parseCommandLine(['run', 'disk.img'], true);
    expect(onTty.kind === 'run' && onTty.options.screen).toBe('ansi');
  });

  it('reads every flag', () => {
    expect(run('hello.bin', '--backend', 'interp', '--kvm-device', '/tmp/kvm', '--mem', '64K', '--load', '0x7e00',
      '--entry', '07E0:0000', '--vga-trap', '--timeout', '250', '--max-exits', '9', '--screen', 'none', '--stats', '--json', '--debug'))
      .toEqual({
        image: 'hello.bin', backend: 'interp', kvmDevice: '/tmp/kvm', memBytes: 0x10000, load: 0x7e00,
        entry: { cs: 0x7e0, ip: 0 }, vgaTrap: true, timeoutMs: 250, timeoutGiven: true, maxExits: 9, screen: 'none', stats: true, json: true, debug: true,
      });
    expect(run('x', '--display', 'off', '--type', 'ls{Enter}', '--until-screen', 'A>$', '--until-serial', 'ok',
      '--screenshot', 's.png', '--trace', 'exits,io', '--trace-file', 't.log')).toMatchObject({
      display: 'off', type: [{ key: 'l' }, { key: 's' }, { key: 'Enter' }], untilScreen: /A>$/m, untilSerial: /ok/m,
      screenshot: 's.png', trace: ['exits', 'io'], traceFile: 't.log',
    });
    expect(run('x', '--load', '0').load).toBe(0);
  });

  it('answers --help, run --help and --version', () => {
    expect(parseCommandLine(['--help'])).toMatchObject({ kind: 'help', text: expect.stringContaining('tinyvm run') });
    const runHelp = parseCommandLine(['run', '--help']);
    expect(runHelp.kind).toBe('help');
    const text = runHelp.kind === 'help' ? runHelp.text : '';
    for (const flag of ['--backend', '--kvm-device', '--mem', '--load', '--entry', '--vga-trap', '--timeout', '--max-exits', '--screen', '--stats', '--json', '--debug',
      '--display', '--type', '--until-screen', '--until-serial', '--screenshot', '--trace', '--trace-file']) {
      expect(text).toContain(flag);
    }
    for (const status of Object.values(EXIT_STATUS)) expect(text).toMatch(new RegExp(`^  ${status}  `, 'm'));
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['run'], /no image given/],
    [['run', 'a', 'b'], /one image only/],
    [['run', 'a', '--frob'], /Unknown option '--frob'/],
    [['run', 'a', '--mem'], /--mem/],
    [['run', 'a', '--mem', 'lots'], /^--mem: "lots" is not a size/],
    [['run', 'a', '--mem', '1000'], /^--mem: 1000 is not a non-zero multiple of 4K/],
    [['run', 'a', '--mem', '0'], /^--mem: 0 is not a non-zero multiple of 4K/],
    [['run', 'a', '--mem', '3G'], /^--mem: 3G is more than the 2G/],
    [['run', 'a', '--load', 'here'], /^--load: "here" is not an address/],
    [['run', 'a', '--load', '0x100000000'], /^--load: 0x100000000 is beyond/],
    [['run', 'a', '--entry', '7c00'], /^--entry: "7c00" is not SEG:OFF/],
    [['run', 'a', '--entry', '10000:0'], /^--entry: "10000:0" is not SEG:OFF/],
    [['run', 'a', '--timeout', '0'], /^--timeout: "0" is not a positive whole number of milliseconds/],
    [['run', 'a', '--timeout', '1.5'], /^--timeout: "1.5"/],
    [['run', 'a', '--timeout', 'soon'], /^--timeout: "soon"/],
    [['run', 'a', '--max-exits', '-3'], /--max-exits/],
    [['run', 'a', '--backend', 'qemu'], /^--backend: "qemu" is not one of kvm, interp, auto/],
    [['run', 'a', '--screen', 'html'], /^--screen: "html" is not one of ansi, text, none/],
    [['run', 'a', '--kvm-device', ''], /^--kvm-device: the path is empty/],
    [['run', 'a', '--display', 'vnc'], /^--display: "vnc" is not one of auto, off/],
    [['run', 'a', '--until-screen', '(unclosed'], /^--until-screen: "\(unclosed" is not a regular expression/],
    [['run', 'a', '--until-serial', '[z-a]'], /^--until-serial: "\[z-a\]" is not a regular expression/],
    [['run', 'a', '--trace', 'exits,calls'], /^--trace: "calls" is not one of exits, io, int/],
    [['run', 'a', '--trace-file', 't.log'], /^--trace-file: give --trace/],
    [['run', 'a', '--screenshot', ''], /^--screenshot: the path is empty/],
    [['run', 'a', '--type', '{F13}'], /^--type: \{F13\} names no key/],
    [['run', 'a', '--type', 'a{Enter'], /^--type: "\{" at position 1 is not closed/],
    [['run', 'a', '--type', '{Hyper-x}'], /^--type: "Hyper" in \{Hyper-x\} is not Ctrl, Alt or Shift/],
    [['run', 'a', '--type', 'é'], /^--type: no key on a US keyboard types "é"/],
  ])('rejects %j with one line naming the problem', (argv, message) => {
    const text = usageMessage(argv);
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });
});
