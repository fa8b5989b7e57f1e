// The library API as a test author uses it: start a guest, wait for the
// screen, type, read the screen and the serial output.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GuestStoppedError, LiveMachine, startMachine, WaitTimeoutError } from './session.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const guest = (name: string) => join(packageDir, 'test-guests', `${name}.bin`);
// Without --load/--entry an image boots through the BIOS. echo-keys (polls the 8042 itself, which the BIOS's
// IRQ 1 handler would race) and cursor (ends in HLT with interrupts on) are flat guests: --load 0x7c00.
const hello = join(packageDir, '..', '..', 'examples', 'hello', 'hello.bin');
const scratch = mkdtempSync(join(tmpdir(), 'tinyvm-session-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let vm: LiveMachine | undefined;
afterEach(() => {
  vm?.dispose();
  vm = undefined;
});

describe('startMachine', () => {
  it('waitForScreen runs the guest until the text appears; screen.text() has the rows', async () => {
    vm = await startMachine({ image: hello, load: 0, backend: 'interp' });
    const match = await vm.waitForScreen(/Hello from (\w+)!/);
    expect(match[1]).toBe('tinyvm');
    expect(vm.screen.text().split('\n')[0]).toBe('Hello from tinyvm!');
    expect(vm.screen.rows()).toHaveLength(25);
  });

  it('keyboard.type and waitForScreen: a conversation with a guest that echoes keys', async () => {
    vm = await startMachine({ image: guest('echo-keys'), load: 0x7c00, backend: 'interp' });
    await vm.waitForScreen(/echo-keys/);
    await vm.keyboard.type('abc{Enter}Shifted!{F2}');
    await vm.waitForScreen(/Shifted/);
    // Shift reaches the guest around 'S' and '!' (echo-keys capitalises letters only: '!' shows as its key, 1).
    expect(vm.screen.rows().slice(2, 4)).toEqual(['abc', 'Shifted1[3c]']);
  });

  it('the event loop keeps turning while the guest runs (a timer fires during a wait)', async () => {
    vm = await startMachine({ image: guest('serial-hello'), backend: 'interp' });
    let fired = false;
    setTimeout(() => (fired = true), 20);
    await expect(vm.waitForScreen(/never/, { timeoutMs: 300 })).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(fired).toBe(true);
  });

  it('waitForSerial reads COM1; a wait that cannot be met names what the screen shows', async () => {
    vm = await startMachine({ image: guest('serial-hello'), backend: 'interp' });
    await vm.waitForSerial(/serial ok\r\n/);
    expect(vm.serial.text()).toBe('booted: serial ok\r\n');
    const error = await vm.waitForScreen(/nope/, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).code).toBe('wait-timeout');
    expect((error as Error).message).toMatch(/did not match \/nope\/ within 100 ms; it shows:\nready/);
  });

  it('a guest that halts before the screen matches: GuestStoppedError, at once', async () => {
    vm = await startMachine({ image: hello, load: 0, backend: 'interp' });
    const started = performance.now();
    const error = await vm.waitForScreen(/Goodbye/, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GuestStoppedError);
    expect((error as GuestStoppedError).stop).toBe('hlt');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(vm.stopped).toBe('hlt');
  });

  it('screen.screenshot writes a 720×400 PNG', async () => {
    vm = await startMachine({ image: hello, load: 0, backend: 'interp' });
    await vm.run();
    const file = join(scratch, 'hello.png');
    vm.screen.screenshot(file);
    expect(existsSync(file)).toBe(true);
    const bytes = readFileSync(file);
    // PNG signature, then IHDR's width and height (big-endian).
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([720, 400]);
  });

  it('a disk through the BIOS (pc: { bios: true }): typing reaches INT 16h and the teletype echo shows it', async () => {
    const keyboardDisk = join(packageDir, '..', 'pc', 'src', 'test-guests', 'keyboard.bin');
    vm = await startMachine({ image: keyboardDisk, backend: 'interp', pc: { bios: true } });
    await vm.waitForScreen(/^>$/m); // the prompt "> " (screen text drops trailing blanks)
    await vm.keyboard.type('dir a:');
    await vm.waitForScreen(/^> dir a:$/m);
  });

  it('refuses pc.bios with load (a disk through the BIOS, or a flat image: not both)', async () => {
    await expect(startMachine({ image: guest('echo-keys'), load: 0x7c00, backend: 'interp', pc: { bios: true } })).rejects.toMatchObject({ code: 'usage' });
  });

  it('mode 13h: screen.frame() is the 320×200 framebuffer with the palette', async () => {
    vm = await startMachine({ image: guest('mode13-bars'), backend: 'interp' });
    // The guest draws once and spins: run it in short turns until the bars are there (a loaded host may take a while).
    const drawn = () => { const f = vm!.screen.frame(); return f.kind === 'graphics' && f.pixels[30] === 1; };
    for (let turn = 0; turn < 60 && !drawn(); turn++) await vm.run({ timeoutMs: 250 });
    const frame = vm.screen.frame();
    expect(frame.kind).toBe('graphics');
    if (frame.kind !== 'graphics') return;
    expect([frame.width, frame.height]).toEqual([320, 200]);
    // Column 30 is in the second bar: palette entry 1, blue.
    const index = frame.pixels[30];
    expect(index).toBe(1);
    expect([...frame.palette.subarray(index * 3, index * 3 + 3)]).toEqual([0, 0, 0xaa]);
  });

  it('image bytes work as well as a path; bad images fail before a backend opens', async () => {
    vm = await startMachine({ image: readFileSync(hello), load: 0, backend: 'interp' });
    await vm.waitForScreen(/Hello/);
    await expect(startMachine({ image: new Uint8Array(10), backend: 'interp' })).rejects.toMatchObject({ code: 'image-bad-size' });
  });
});
