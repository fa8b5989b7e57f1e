// A boot sector (guest/legacy-ports.asm) drives the legacy chips with real IN
// and OUT instructions on the interpreter, as a BIOS would, and reports on
// COM1. The expected lines come from the program's own messages and from the
// clock the test gives the RTC.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBootSector, Machine, realModeState } from '@tinyvm/core';
import { createInterpBackend } from '@tinyvm/backend-interp';
import { attachCmos, Cmos } from '@tinyvm/device-cmos';
import { attachI8042, I8042 } from '@tinyvm/device-i8042';
import { attachPit, Pit, PortB } from '@tinyvm/device-pit';
import { attachUart, Uart16550 } from '@tinyvm/device-serial';
import { A20Gate } from './a20-gate.js';
import { DebugConsole } from './debug-console.js';
import { PostCodePort } from './post-code.js';
import { SystemControlA } from './system-control-a.js';

const source = readFileSync(new URL('../guest/legacy-ports.asm', import.meta.url), 'utf8');
const image = readFileSync(new URL('../guest/legacy-ports.bin', import.meta.url));

/** The text of a `label: db "...", 13, 10, 0` line of the program. */
function message(label: string): string {
  const match = new RegExp(`^${label}:\\s+db "([^"]*)"`, 'm').exec(source);
  if (!match) throw new Error(`no message ${label} in legacy-ports.asm`);
  return match[1];
}

function run() {
  const backend = createInterpBackend();
  const machine = new Machine({ backend });
  // Conventional memory plus the first 64 KiB above 1 MiB, where FFFF:0510 lands.
  machine.addRam({ base: 0, size: 0x110000, name: 'ram' });

  // Guest time: the PIT's clock moves 1 us each time a device looks at it, so
  // polling loops finish deterministically; the RTC shows a fixed date.
  let ns = 0;
  const clock = { nowNs: () => (ns += 1000) };
  const wallClock = new Date(Date.UTC(2026, 10, 25, 21, 4, 37, 500));

  const serial: number[] = [];
  const debugcon: number[] = [];
  const a20 = new A20Gate((enabled) => backend.setA20(enabled));
  const pit = new Pit({ clock });
  const kbc = new I8042({ a20: a20.keyboardController });
  const post = new PostCodePort();
  attachPit(machine.io, pit, new PortB(pit, clock));
  attachI8042(machine.io, kbc);
  attachCmos(machine.io, new Cmos({ clock: { now: () => wallClock } }));
  attachUart(machine.io, new Uart16550({ sink: { write: (b) => serial.push(...b) } }));
  machine.addIoDevice(0xe9, 1, new DebugConsole({ write: (b) => debugcon.push(...b) }));
  machine.addIoDevice(0x80, 1, post);
  machine.addIoDevice(0x92, 1, new SystemControlA({ a20: a20.port92 }));

  machine.backend.setState(realModeState(loadBootSector(machine.memory, image)));
  const result = machine.run({ timeoutMs: 20_000 });
  machine.dispose();
  return { result, serial: String.fromCharCode(...serial), debugcon: String.fromCharCode(...debugcon), post, wallClock, a20 };
}

describe('a boot sector driving the legacy chips (interpreter)', () => {
  it('reports the RTC time, the PIT terminal count, the 8042 self test and both A20 states on COM1', () => {
    const { result, serial, debugcon, post, wallClock, a20 } = run();
    expect(result.stop).toBe('hlt');
    const two = (n: number) => String(n).padStart(2, '0');
    const time = `${two(wallClock.getUTCHours())}:${two(wallClock.getUTCMinutes())}:${two(wallClock.getUTCSeconds())}`;
    expect(serial.split('\r\n')).toEqual([
      time,
      message('msg_pit'),
      message('msg_kbc_ok'),
      message('msg_a20_off') + message('msg_wraps'),
      message('msg_a20_on') + message('msg_separate'),
      '',
    ]);
    expect(debugcon).toBe('debugcon ok\n');
    expect(post.lastCode).toBe(Number(/^POST_CODE\s+equ (0x[0-9a-f]+)/m.exec(source)![1]));
    expect(a20.enabled).toBe(true);
  });
});
