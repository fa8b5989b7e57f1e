/*
 * Reference for bench/kvm-exit: the same guest and the same KVM_RUN loop as the
 * TypeScript Machine + KvmBackend, in plain C. Prints one line:
 *   exits <n> ns_per_exit <x>
 * Usage: kvm_exit <iterations> <port>
 * The guest (test-guests/out-loop.asm in packages/backend-kvm) is ECX times
 * `out dx, al; dec ecx; jnz`, then `hlt`, at 0000:1000 in real mode.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static const uint8_t guest[] = { 0xee, 0x66, 0x49, 0x75, 0xfb, 0xf4 };

static void die(const char *what) {
  fprintf(stderr, "kvm_exit: %s: %s\n", what, strerror(errno));
  exit(1);
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: kvm_exit <iterations> <port>\n");
    return 2;
  }
  unsigned long iterations = strtoul(argv[1], NULL, 0);
  unsigned port = strtoul(argv[2], NULL, 0);

  int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm < 0) die("open /dev/kvm");
  if (ioctl(kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) die("KVM_GET_API_VERSION");
  int vm = ioctl(kvm, KVM_CREATE_VM, 0);
  if (vm < 0) die("KVM_CREATE_VM");
  if (ioctl(vm, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0) die("KVM_SET_TSS_ADDR");

  size_t ram_size = 0x10000;
  uint8_t *ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (ram == MAP_FAILED) die("mmap ram");
  memcpy(ram + 0x1000, guest, sizeof guest);
  struct kvm_userspace_memory_region region = {
    .slot = 0, .flags = 0, .guest_phys_addr = 0, .memory_size = ram_size, .userspace_addr = (uintptr_t)ram,
  };
  if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0) die("KVM_SET_USER_MEMORY_REGION");

  int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
  if (vcpu < 0) die("KVM_CREATE_VCPU");
  int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
  if (run_size < 0) die("KVM_GET_VCPU_MMAP_SIZE");
  struct kvm_run *run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
  if (run == MAP_FAILED) die("mmap kvm_run");

  struct kvm_sregs sregs;
  if (ioctl(vcpu, KVM_GET_SREGS, &sregs) < 0) die("KVM_GET_SREGS");
  sregs.cs.base = 0;
  sregs.cs.selector = 0;
  if (ioctl(vcpu, KVM_SET_SREGS, &sregs) < 0) die("KVM_SET_SREGS");
  struct kvm_regs regs = { .rip = 0x1000, .rflags = 0x2, .rcx = iterations, .rdx = port };
  if (ioctl(vcpu, KVM_SET_REGS, &regs) < 0) die("KVM_SET_REGS");

  /* The "device": sums what the guest writes, as the TypeScript side's device does. */
  unsigned long exits = 0, sum = 0;
  double start = now_ns();
  for (;;) {
    if (ioctl(vcpu, KVM_RUN, 0) < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      die("KVM_RUN");
    }
    if (run->exit_reason == KVM_EXIT_IO) {
      exits++;
      if (run->io.direction == KVM_EXIT_IO_OUT && run->io.port == port) sum += ((uint8_t *)run)[run->io.data_offset];
      continue;
    }
    if (run->exit_reason == KVM_EXIT_HLT) break;
    fprintf(stderr, "kvm_exit: unexpected exit %u\n", run->exit_reason);
    return 1;
  }
  double elapsed = now_ns() - start;
  if (exits != iterations) {
    fprintf(stderr, "kvm_exit: %lu exits for %lu iterations\n", exits, iterations);
    return 1;
  }
  printf("exits %lu ns_per_exit %.1f sum %lu\n", exits, elapsed / exits, sum);
  return 0;
}
