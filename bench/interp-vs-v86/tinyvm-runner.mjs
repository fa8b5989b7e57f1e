// Runs one benchmark guest on tinyvm's interpreter (@tinyvm/backend-interp)
// through the ordinary Machine loop, the way a user would.
//
// Timing matches v86-runner.mjs: a small device on port E9h takes
// performance.now() when the guest writes 'S' and 'E', so the span covers the
// guest's work and the exits it makes, not machine set-up.
import { createInterpBackend } from '@tinyvm/backend-interp';
import { Machine, realModeState } from '@tinyvm/core';
import { DEBUG_PORT, LOAD_ADDRESS, MARK_END, MARK_START, processCpuMs } from './guests.mjs';

/** Conventional memory, as on a PC: the guests use 0-3FFFFh. */
const RAM_SIZE = 0xa0000;

/**
 * @typedef {object} TinyvmRun
 * @property {number} ms             wall time from the guest's 'S' to its 'E'
 * @property {number} cpuMs          CPU time of the process (all threads) over the same span
 * @property {number | undefined} instructions  the interpreter's count for the whole guest (REP counted once)
 * @property {(address: number, length: number) => Uint8Array} read  guest memory after the run
 */

/**
 * @param {Uint8Array} guestBytes
 * @param {{ timeoutMs: number, model?: '8086' | '286' | '386' }} options
 * @returns {TinyvmRun}
 */
export function runOnTinyvm(guestBytes, { timeoutMs, model = '386' }) {
  const backend = createInterpBackend({ model });
  const machine = new Machine({ backend });
  try {
    machine.addRam({ base: 0, size: RAM_SIZE, name: 'ram' });
    machine.memory.write(LOAD_ADDRESS, guestBytes);
    const marks = { start: NaN, end: NaN, cpuStart: 0, cpuEnd: 0 };
    machine.addIoDevice(DEBUG_PORT, 1, {
      name: 'bench-marks',
      read: () => 0xff,
      write(_offset, _size, value) {
        if (value === MARK_START) {
          marks.start = performance.now();
          marks.cpuStart = processCpuMs();
        } else if (value === MARK_END) {
          marks.end = performance.now();
          marks.cpuEnd = processCpuMs();
        }
      },
    });
    backend.setState(realModeState({ cs: 0, ip: LOAD_ADDRESS }));
    const result = machine.run({ timeoutMs });
    if (result.stop !== 'hlt') {
      const why = result.error ? `${result.error.code}: ${result.error.message}` : result.stop;
      throw new Error(`stopped before HLT (${why})`);
    }
    if (Number.isNaN(marks.start) || Number.isNaN(marks.end)) throw new Error('HLT without both timing marks');
    const memory = machine.memory.view(0, RAM_SIZE).slice();
    return {
      ms: marks.end - marks.start,
      cpuMs: marks.cpuEnd - marks.cpuStart,
      instructions: result.instructions,
      read: (address, length) => memory.subarray(address, address + length),
    };
  } finally {
    machine.dispose();
  }
}
