/**
 * The exit decoder reads kvm_run images that a C program filled through the
 * kernel's own struct definition, so a wrong offset shows up as a wrong exit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExitReason } from '@tinyvm/core';
import { KvmExitDecoder } from './exits.js';
import { KVM_EXIT_IO, RUN } from './kvm-abi.js';
import { fromHex, noCompilerReason, runC } from './test-c.js';

/** Three pages, like KVM_GET_VCPU_MMAP_SIZE on x86: kvm_run, the PIO data page, the coalesced-MMIO ring. */
const MAP_SIZE = 3 * 4096;
const PIO_PAGE = 4096;

const SCENARIOS = `
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
static unsigned char map[${MAP_SIZE}] __attribute__((aligned(4096)));
static struct kvm_run *run = (struct kvm_run *)map;
static void dump(const char *name) {
  printf("%s ", name);
  for (size_t i = 0; i < sizeof map; i++) printf("%02x", map[i]);
  printf("\\n");
  memset(map, 0, sizeof map);
}
int main(void) {
  run->exit_reason = KVM_EXIT_IO; run->io.direction = KVM_EXIT_IO_OUT; run->io.size = 2; run->io.port = 0x3f8;
  run->io.count = 3; run->io.data_offset = ${PIO_PAGE};
  for (int i = 0; i < 6; i++) map[${PIO_PAGE} + i] = 0x11 + i;
  dump("io-out");
  run->exit_reason = KVM_EXIT_IO; run->io.direction = KVM_EXIT_IO_IN; run->io.size = 1; run->io.port = 0x60;
  run->io.count = 1; run->io.data_offset = ${PIO_PAGE};
  dump("io-in");
  run->exit_reason = KVM_EXIT_MMIO; run->mmio.phys_addr = 0xb8000; run->mmio.len = 2; run->mmio.is_write = 1;
  run->mmio.data[0] = 0x41; run->mmio.data[1] = 0x07;
  dump("mmio-write");
  run->exit_reason = KVM_EXIT_MMIO; run->mmio.phys_addr = 0x1fee00000ULL; run->mmio.len = 8; run->mmio.is_write = 0;
  dump("mmio-read");
  run->exit_reason = KVM_EXIT_HLT; dump("hlt");
  run->exit_reason = KVM_EXIT_SHUTDOWN; dump("shutdown");
  run->exit_reason = KVM_EXIT_INTR; dump("intr");
  run->exit_reason = KVM_EXIT_FAIL_ENTRY; run->fail_entry.hardware_entry_failure_reason = 0x80000021ULL;
  run->fail_entry.cpu = 3; dump("fail-entry");
  run->exit_reason = KVM_EXIT_INTERNAL_ERROR; run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
  run->internal.ndata = 3; run->internal.data[0] = 0x10; run->internal.data[1] = 0x20; run->internal.data[2] = 0x123456789ULL;
  dump("internal-error");
  run->exit_reason = KVM_EXIT_INTERNAL_ERROR; run->internal.suberror = KVM_INTERNAL_ERROR_SIMUL_EX; run->internal.ndata = 200;
  dump("internal-error-ndata-too-big");
  run->exit_reason = KVM_EXIT_DEBUG; run->debug.arch.exception = 1; run->debug.arch.pc = 0x7c05; dump("debug");
  run->exit_reason = KVM_EXIT_X86_RDMSR; dump("rdmsr");
  run->exit_reason = KVM_EXIT_SYSTEM_EVENT; run->system_event.type = KVM_SYSTEM_EVENT_RESET; dump("system-reset");
  run->exit_reason = KVM_EXIT_SYSTEM_EVENT; run->system_event.type = KVM_SYSTEM_EVENT_CRASH; dump("system-crash");
  run->exit_reason = KVM_EXIT_UNKNOWN; run->hw.hardware_exit_reason = 0x1234; dump("unknown");
  run->exit_reason = 77; dump("future");
  return 0;
}
`;

if (noCompilerReason) console.log(`exits: skipping the kvm_run decoding tests: ${noCompilerReason}`);

describe.skipIf(noCompilerReason !== undefined)('decoding kvm_run filled through <linux/kvm.h>', () => {
  const images = new Map<string, Uint8Array>();
  beforeAll(() => {
    for (const line of runC(SCENARIOS).trim().split('\n')) {
      const [name, hex] = line.split(' ');
      images.set(name, fromHex(hex));
    }
  });

  /** Copies a scenario into a fresh kvm_run-sized buffer and decodes it. */
  function decode(name: string): { exit: ExitReason; map: Uint8Array; decoder: KvmExitDecoder } {
    const map = new Uint8Array(MAP_SIZE);
    map.set(images.get(name)!);
    const decoder = new KvmExitDecoder(map.buffer);
    return { exit: decoder.decode(), map, decoder };
  }

  it('reads a REP OUTSW batch: port, size, count and the data KVM put in the PIO page', () => {
    const { exit } = decode('io-out');
    expect(exit).toMatchObject({ kind: 'io', direction: 'out', port: 0x3f8, size: 2, count: 3 });
    expect(exit.kind === 'io' && [...exit.data]).toEqual([0x11, 0x12, 0x13, 0x14, 0x15, 0x16]);
  });

  it('gives an IN exit a view of the PIO page, so what the machine writes is what KVM reads back', () => {
    const { exit, map } = decode('io-in');
    expect(exit).toMatchObject({ kind: 'io', direction: 'in', port: 0x60, size: 1, count: 1 });
    if (exit.kind !== 'io') throw new Error('not io');
    exit.data[0] = 0xab;
    expect(map[PIO_PAGE]).toBe(0xab);
  });

  it('reads an MMIO write to the VGA text buffer', () => {
    const { exit } = decode('mmio-write');
    expect(exit).toMatchObject({ kind: 'mmio', address: 0xb8000, size: 2, write: true });
    expect(exit.kind === 'mmio' && [...exit.data]).toEqual([0x41, 0x07]);
  });

  it('answers an 8-byte MMIO read in kvm_run.mmio.data, above 4 GiB', () => {
    const { exit, map } = decode('mmio-read');
    expect(exit).toMatchObject({ kind: 'mmio', address: 0x1_fee0_0000, size: 8, write: false });
    if (exit.kind !== 'mmio') throw new Error('not mmio');
    exit.data.set([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...map.subarray(RUN.MMIO_DATA, RUN.MMIO_DATA + 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('maps HLT, SHUTDOWN and INTR to hlt, shutdown and interrupted', () => {
    expect(decode('hlt').exit).toEqual({ kind: 'hlt' });
    expect(decode('shutdown').exit).toEqual({ kind: 'shutdown' });
    expect(decode('intr').exit).toEqual({ kind: 'interrupted' });
  });

  it('reads a failed entry: hardware reason and cpu', () => {
    expect(decode('fail-entry').exit).toEqual({ kind: 'fail-entry', reason: 0x80000021, cpu: 3 });
  });

  it('reads an internal error with its sub-reason in words and its data words', () => {
    expect(decode('internal-error').exit).toEqual({
      kind: 'internal-error', suberror: 1, reason: 'emulation failure', data: [0x10, 0x20, 0x123456789],
    });
  });

  it('never reads internal.data past its 16 words, whatever ndata says', () => {
    const { exit } = decode('internal-error-ndata-too-big');
    expect(exit).toMatchObject({ kind: 'internal-error', suberror: 2, reason: 'simultaneous exceptions' });
    expect(exit.kind === 'internal-error' && exit.data.length).toBe(16);
  });

  it('reads a debug exit: exception vector and pc', () => {
    expect(decode('debug').exit).toEqual({ kind: 'debug', exception: 1, pc: 0x7c05 });
  });

  it('hands other exits over as unsupported with the raw code and its KVM_EXIT_ name', () => {
    expect(decode('rdmsr').exit).toEqual({ kind: 'unsupported', code: 29, description: 'KVM_EXIT_X86_RDMSR' });
    expect(decode('future').exit).toEqual({ kind: 'unsupported', code: 77, description: 'KVM_EXIT_77' });
    expect(decode('unknown').exit).toEqual({
      kind: 'unsupported', code: 0, description: 'KVM_EXIT_UNKNOWN (hardware exit reason 0x1234)',
    });
  });

  it('treats a system reset event as shutdown and reports other system events', () => {
    expect(decode('system-reset').exit).toEqual({ kind: 'shutdown' });
    expect(decode('system-crash').exit).toEqual({
      kind: 'unsupported', code: 24, description: 'KVM_EXIT_SYSTEM_EVENT type 3 (CRASH)',
    });
  });

  it('reuses one exit object and one data view per kind (no allocation per exit)', () => {
    const map = new Uint8Array(MAP_SIZE);
    map.set(images.get('io-out')!);
    const decoder = new KvmExitDecoder(map.buffer);
    const first = decoder.decode();
    const firstData = first.kind === 'io' ? first.data : undefined;
    map[PIO_PAGE] = 0x99;
    const second = decoder.decode();
    expect(second).toBe(first);
    expect(second.kind === 'io' && second.data).toBe(firstData);
    expect(second.kind === 'io' && second.data[0]).toBe(0x99);
  });
});

describe('malformed I/O exits', () => {
  function ioExit(size: number, count: number, dataOffset: number): ExitReason {
    const map = new Uint8Array(MAP_SIZE);
    const view = new DataView(map.buffer);
    view.setUint32(RUN.EXIT_REASON, KVM_EXIT_IO, true);
    view.setUint8(RUN.IO_SIZE, size);
    view.setUint32(RUN.IO_COUNT, count, true);
    view.setBigUint64(RUN.IO_DATA_OFFSET, BigInt(dataOffset), true);
    return new KvmExitDecoder(map.buffer).decode();
  }

  it('refuses data outside the vCPU mapping instead of handing out a short view', () => {
    expect(ioExit(4, 2, MAP_SIZE - 4)).toMatchObject({ kind: 'unsupported', code: KVM_EXIT_IO });
    expect(ioExit(3, 1, PIO_PAGE)).toMatchObject({ kind: 'unsupported', code: KVM_EXIT_IO });
    expect(ioExit(4, 2, MAP_SIZE - 8)).toMatchObject({ kind: 'io', size: 4, count: 2 });
  });
});
