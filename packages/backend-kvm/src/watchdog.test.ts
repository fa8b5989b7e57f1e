/**
 * The deadline watchdog, without KVM: instead of KVM_RUN the test thread blocks
 * in ppoll(2), which a caught signal also interrupts with EINTR (it is never
 * restarted, even under SA_RESTART; signal(7)). The flag byte stands for
 * kvm_run.immediate_exit. KVM sees a signal that arrived just before entry
 * through immediate_exit; ppoll sees it because the test keeps the signal
 * blocked outside ppoll, which unblocks it atomically (as KVM_SET_SIGNAL_MASK would).
 */
import koffi from 'koffi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EINTR, errno } from './libc.js';
import { mapAnonymous, unmap, type Mapping } from './mapping.js';
import { WATCHDOG_SIGNAL, Watchdog } from './watchdog.js';

const libc = koffi.load('libc.so.6');
const ppoll = libc.func('int ppoll(void *fds, unsigned long nfds, void *timeout, void *sigmask)');
const pthreadSigmask = libc.func('int pthread_sigmask(int how, void *set, void *oldset)');
const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
/** sigset_t (128 bytes in glibc) holding only the watchdog's signal. */
const watchdogSignalSet = Buffer.alloc(128);
watchdogSignalSet[(WATCHDOG_SIGNAL - 1) >> 3] |= 1 << ((WATCHDOG_SIGNAL - 1) & 7);
const emptySignalSet = Buffer.alloc(128);

/** Blocks this thread for up to `timeoutMs` with every signal deliverable; returns how it ended and after how long. */
function blockInPoll(timeoutMs: number): { result: number; errno: number; ms: number } {
  const timeout = Buffer.alloc(16);
  timeout.writeBigInt64LE(BigInt(Math.floor(timeoutMs / 1000)), 0);
  timeout.writeBigInt64LE(BigInt((timeoutMs % 1000) * 1_000_000), 8);
  const start = performance.now();
  const result = ppoll(null, 0, timeout, emptySignalSet) as number;
  return { result, errno: errno(), ms: performance.now() - start };
}

describe('the deadline watchdog', () => {
  let flag: Mapping | undefined;
  let watchdog: Watchdog | undefined;

  function setUp(): { watchdog: Watchdog; flagByte: () => number } {
    flag = mapAnonymous(4096, 'test flag');
    watchdog = new Watchdog(flag.address + 1n);
    const bytes = new Uint8Array(flag.buffer);
    return { watchdog, flagByte: () => bytes[1] };
  }

  beforeEach(() => {
    pthreadSigmask(SIG_BLOCK, watchdogSignalSet, null);
  });

  afterEach(() => {
    pthreadSigmask(SIG_UNBLOCK, watchdogSignalSet, null);
    watchdog?.stop();
    if (flag) unmap(flag);
    watchdog = undefined;
    flag = undefined;
  });

  it('interrupts a blocked thread at the deadline, after setting the immediate-exit byte', () => {
    const { watchdog, flagByte } = setUp();
    const deadline = performance.now() + 150;
    watchdog.arm(deadline);
    const { result, errno: code } = blockInPoll(10_000);
    const late = performance.now() - deadline;
    expect({ result, code }).toEqual({ result: -1, code: EINTR });
    expect(late).toBeGreaterThanOrEqual(-5); // not (noticeably) before the deadline
    expect(late).toBeLessThan(3000); // and not at poll's own 10 s timeout
    expect(flagByte()).toBe(1);
    expect(watchdog.fires).toBe(1);
  });

  it('starts no thread and sends no signal when there is no deadline', () => {
    const { watchdog } = setUp();
    watchdog.disarm();
    const { result } = blockInPoll(200);
    expect(result).toBe(0);
    expect(watchdog.running).toBe(false);
    expect(watchdog.fires).toBe(0);
  });

  it('publishes a deadline once however many runs use it', () => {
    const { watchdog } = setUp();
    const deadline = performance.now() + 60_000;
    for (let i = 0; i < 1000; i++) watchdog.arm(deadline);
    expect(watchdog.publishes).toBe(1);
    watchdog.arm(deadline + 1);
    expect(watchdog.publishes).toBe(2);
    watchdog.disarm();
    watchdog.disarm();
    expect(watchdog.publishes).toBe(3);
  });

  it('wakes up for a deadline earlier than the one it sleeps towards', () => {
    const { watchdog } = setUp();
    watchdog.arm(performance.now() + 60_000);
    const deadline = performance.now() + 300;
    watchdog.arm(deadline);
    const { result, errno: code } = blockInPoll(10_000);
    expect({ result, code }).toEqual({ result: -1, code: EINTR });
    expect(performance.now() - deadline).toBeLessThan(3000);
  });

  it('fires again for the same deadline once an interruption was acknowledged', () => {
    const { watchdog } = setUp();
    const deadline = performance.now() + 100;
    watchdog.arm(deadline);
    expect(blockInPoll(10_000).errno).toBe(EINTR);
    // Without acknowledge(), re-arming the same deadline is free and sends nothing more.
    watchdog.acknowledge();
    watchdog.arm(deadline);
    const again = blockInPoll(10_000);
    expect({ result: again.result, code: again.errno }).toEqual({ result: -1, code: EINTR });
    expect(again.ms).toBeLessThan(3000);
    expect(watchdog.fires).toBe(2);
  });

  it('sends nothing after it was stopped', () => {
    const { watchdog } = setUp();
    watchdog.arm(performance.now() + 100);
    watchdog.stop();
    expect(blockInPoll(400).result).toBe(0);
  });
});
