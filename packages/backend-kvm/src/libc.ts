/**
 * The few libc functions the KVM backend needs, called through koffi.
 *
 * Every raw call sits behind a small typed function (in the manner of the
 * kvm-ioctls crate): callers never see a koffi handle, and each function says
 * what the kernel expects of its arguments. Failures come back as a negative
 * result plus `errno()`, which is read right after the call (koffi saves errno
 * when the native call returns, before any other JavaScript can run).
 *
 * Pointers are BigInts (koffi 3). User-space addresses on x86-64 are below
 * 2^47, so converting one to a Number is exact where a Number is needed.
 */
import koffi from 'koffi';

/**
 * TINYVM_KVM_LIBC names a shared object to use instead of libc: the tests load
 * a fake /dev/kvm this way (test-fake-kvm.c) on machines without KVM. It defines
 * open, close and ioctl; every other symbol resolves to the real libc.
 */
const libc = koffi.load(process.env.TINYVM_KVM_LIBC || 'libc.so.6');

// <fcntl.h>, <sys/mman.h> and <errno.h> values for Linux x86-64.
export const O_RDWR = 0o2;
export const O_CLOEXEC = 0o2000000;
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_NORESERVE = 0x4000;
/** mmap's failure value, (void *) -1, as koffi returns it. */
const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

export const ENOENT = 2;
export const EINTR = 4;
export const EAGAIN = 11;
export const EACCES = 13;
export const EPERM = 1;
export const ENOTTY = 25;

// x86-64 system call numbers (arch/x86/entry/syscalls/syscall_64.tbl).
const SYS_gettid = 186;
const SYS_tgkill = 234;

const c_open = libc.func('int open(const char *path, int flags, uint32_t mode)');
const c_close = libc.func('int close(int fd)');
/*
 * ioctl is variadic (`int ioctl(int fd, unsigned long request, ...)`). On x86-64
 * the third argument travels in a general register whether it is an integer or
 * a pointer, so two fixed prototypes of the same symbol are safe and avoid
 * koffi's slower variadic call path on the KVM_RUN hot path.
 */
const c_ioctl_value = libc.func('int ioctl(int fd, unsigned long request, unsigned long arg)');
const c_ioctl_pointer = libc.func('int ioctl(int fd, unsigned long request, void *arg)');
const c_mmap = libc.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)');
const c_munmap = libc.func('int munmap(void *addr, size_t length)');
const c_strerror = libc.func('const char *strerror(int errnum)');
/** syscall(2) is variadic too; gettid and tgkill take at most three integers. */
const c_syscall3 = libc.func('long syscall(long number, long a, long b, long c)');

/** errno of the last libc call made through this module. */
export function errno(): number {
  return koffi.errno();
}

/** "ENOENT (No such file or directory)". */
export function describeErrno(code: number): string {
  const name = Object.entries(koffi.os.errno).find(([, value]) => value === code)?.[0] ?? `errno ${code}`;
  return `${name} (${c_strerror(code) as string})`;
}

/** open(2). Returns the fd, or -1 with errno set. */
export function open(path: string, flags: number): number {
  return c_open(path, flags, 0) as number;
}

/** close(2). Errors are ignored by callers: the fd is gone either way (Linux closes it even on EINTR). */
export function close(fd: number): number {
  return c_close(fd) as number;
}

/** ioctl(2) whose argument is an integer passed by value (KVM_CREATE_VCPU id, KVM_SET_TSS_ADDR address, ...). */
export function ioctlWithValue(fd: number, request: number, value: number): number {
  return c_ioctl_value(fd, request, value) as number;
}

/**
 * ioctl(2) whose argument points at a struct the kernel reads or fills
 * (kvm_regs, kvm_sregs, ...). The memory must stay mapped for the call only.
 */
export function ioctlWithPointer(fd: number, request: number, pointer: bigint): number {
  return c_ioctl_pointer(fd, request, pointer) as number;
}

/**
 * mmap(2). Returns the address, or undefined with errno set. With MAP_FIXED the
 * range at `address` is replaced atomically (what `retireMapping` relies on).
 */
export function mmap(address: bigint | null, length: number, prot: number, flags: number, fd: number, offset = 0): bigint | undefined {
  const pointer = c_mmap(address, length, prot, flags, fd, offset) as bigint | null;
  return pointer === null || pointer === MAP_FAILED ? undefined : pointer;
}

/** munmap(2). */
export function munmap(address: bigint, length: number): number {
  return c_munmap(address, length) as number;
}

/** The calling thread's kernel thread id (the process id on the main thread). */
export function gettid(): number {
  return Number(c_syscall3(SYS_gettid, 0, 0, 0));
}

/** tgkill(2): sends `signal` to one thread of process `pid`. */
export function tgkill(pid: number, tid: number, signal: number): number {
  return Number(c_syscall3(SYS_tgkill, pid, tid, signal));
}

/** An ArrayBuffer over native memory, without a copy (koffi.view). */
export function viewMemory(address: bigint, length: number): ArrayBuffer {
  return koffi.view(address, length);
}
