// Runs one benchmark guest on v86 (https://github.com/copy/v86), headless in Node.
//
// v86 ships no BIOS, so the guest goes into a small ROM of our own (guests/rom.asm)
// that v86 maps below 1 MiB; the CPU resets into it and it copies the guest to
// 0000:7C00. A fresh emulator is made for every run so no JIT cache or memory
// carries over between guests or modes.
//
// Timing: the guest writes 'S' and 'E' to port E9h around its work. v86 calls
// the port handler synchronously from inside the emulated OUT (interpreted or
// JIT-compiled code alike), so performance.now() there brackets exactly the
// guest's work, without emulator start-up or the ROM stub.
import { createRequire } from 'node:module';
import { V86 } from 'v86';
import { DEBUG_PORT, MARK_END, MARK_START, processCpuMs, romImage } from './guests.mjs';

const require = createRequire(import.meta.url);
const WASM_PATH = require.resolve('v86/build/v86.wasm');
export const V86_VERSION = require('v86/package.json').version;

/**
 * @typedef {object} V86Run
 * @property {number} ms          wall time from the guest's 'S' to its 'E'
 * @property {number} cpuMs       CPU time of the process (all threads, so v86's background
 *                                wasm compilation too) over the same span
 * @property {number} counter     v86's own instruction counter over the same span (for reference)
 * @property {(address: number, length: number) => Uint8Array} read  guest memory after the run
 */

/**
 * @param {Uint8Array} guestBytes
 * @param {{ jit: boolean, timeoutMs: number }} options
 * @returns {Promise<V86Run>}
 */
export async function runOnV86(guestBytes, { jit, timeoutMs }) {
  const rom = romImage(guestBytes);
  const emulator = new V86({
    wasm_path: WASM_PATH,
    bios: { buffer: rom.buffer },
    memory_size: 2 * 1024 * 1024,
    vga_memory_size: 256 * 1024,
    // v86's documented switch for its x86-to-wasm compiler; off = interpreter only.
    disable_jit: !jit,
    autostart: false,
    disable_keyboard: true,
    disable_mouse: true,
    disable_speaker: true,
  });
  try {
    await new Promise((resolve) => emulator.add_listener('emulator-loaded', resolve));
    const io = emulator.v86?.cpu?.io;
    if (typeof io?.register_write !== 'function') {
      throw new Error(`v86 ${V86_VERSION} has no cpu.io.register_write to observe port ${DEBUG_PORT.toString(16)}h`);
    }
    const span = await new Promise((resolve, reject) => {
      let start = NaN;
      let cpuStart = 0;
      let startCounter = 0;
      const timer = setTimeout(() => reject(new Error(`no end mark within ${timeoutMs} ms`)), timeoutMs);
      io.register_write(DEBUG_PORT, {}, (value) => {
        const now = performance.now();
        if (value === MARK_START) {
          start = now;
          cpuStart = processCpuMs();
          startCounter = emulator.get_instruction_counter();
        } else if (value === MARK_END) {
          clearTimeout(timer);
          resolve({ ms: now - start, cpuMs: processCpuMs() - cpuStart, counter: (emulator.get_instruction_counter() - startCounter) >>> 0 });
        }
      });
      emulator.run();
    });
    await emulator.stop();
    // A copy of the first MiB (everything the guests touch), taken before destroy.
    const memory = emulator.read_memory(0, 0x100000).slice();
    return { ...span, read: (address, length) => memory.subarray(address, address + length) };
  } finally {
    await emulator.destroy();
  }
}
