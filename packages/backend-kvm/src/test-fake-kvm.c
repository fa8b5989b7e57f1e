/*
 * A fake /dev/kvm for tests on machines without KVM: a shared object that
 * stands in for libc (TINYVM_KVM_LIBC) and implements open("/fake/kvm"), close
 * and the KVM ioctls the backend uses, with the kernel's own structs from
 * <linux/kvm.h>. Every other libc symbol resolves to the real libc.
 *
 * Its "CPU" executes only the handful of 16-bit instructions the test guests in
 * test-guests/ use, reading code and data through the memory slots the backend
 * registered (so a wrong userspace_addr, slot or segment base shows up as a
 * wrong result). It follows the KVM API where the backend depends on it:
 *   - I/O and MMIO reads complete on the next KVM_RUN, before immediate_exit
 *     is checked; the data travel in the mmapped kvm_run (PIO data at page 1);
 *   - KVM_RUN fails with EINTR when immediate_exit is set or a signal arrives
 *     while the guest runs (the spinning guest waits in ppoll for one);
 *   - KVM_RUN's argument must be 0; unknown ioctls fail with ENOTTY/EINVAL.
 * It is not KVM: it proves the backend's plumbing, not KVM's semantics.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FAKE_PATH "/fake/kvm"
#define RUN_SIZE (3 * 4096)
#define MAX_FDS 4096
#define MAX_SLOTS 32

enum kind { NONE, SYSTEM, VM, VCPU };

struct slot {
  int used;
  uint32_t flags;
  uint64_t base, size;
  uint8_t *host;
};

struct vcpu {
  struct kvm_regs regs;
  struct kvm_sregs sregs;
  struct kvm_run *run;
  int vm;
  /* An access KVM_RUN must finish first: 0 none, 1 IN to AL, 2 MMIO read into CX. */
  int pending;
};

struct vm {
  struct slot slots[MAX_SLOTS];
  uint64_t tss, identity;
};

static enum kind kinds[MAX_FDS];
/* For the system fd: 1 = an old kernel without KVM_CAP_IMMEDIATE_EXIT, 2 = API version 11. */
static int variants[MAX_FDS];
static struct vm vms[MAX_FDS];
static struct vcpu vcpus[MAX_FDS];

/* Counters the tests read through fake_kvm_stats(). */
static long live_vms, live_vcpus, runs;

long fake_kvm_stats(int which) {
  return which == 0 ? live_vms : which == 1 ? live_vcpus : runs;
}

static int fail(int code) {
  errno = code;
  return -1;
}

static int new_fd(enum kind kind) {
  int fd = (int)syscall(SYS_memfd_create, "fake-kvm", MFD_CLOEXEC);
  if (fd < 0) return -1;
  if (fd >= MAX_FDS) {
    syscall(SYS_close, fd);
    return fail(EMFILE);
  }
  kinds[fd] = kind;
  return fd;
}

int open(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  mode_t mode = va_arg(args, mode_t);
  va_end(args);
  int variant = strcmp(path, FAKE_PATH) == 0 ? 0 : strcmp(path, FAKE_PATH "-old") == 0 ? 1
    : strcmp(path, FAKE_PATH "-v11") == 0 ? 2 : -1;
  if (variant >= 0) {
    int fd = new_fd(SYSTEM);
    if (fd >= 0) variants[fd] = variant;
    return fd;
  }
  return (int)syscall(SYS_openat, AT_FDCWD, path, flags, mode);
}

int close(int fd) {
  if (fd >= 0 && fd < MAX_FDS) {
    if (kinds[fd] == VM) live_vms--;
    if (kinds[fd] == VCPU) {
      live_vcpus--;
      munmap(vcpus[fd].run, RUN_SIZE);
    }
    kinds[fd] = NONE;
  }
  return (int)syscall(SYS_close, fd);
}

/* Guest-physical address -> host pointer for `len` bytes inside one slot, or NULL (MMIO). */
static uint8_t *guest(struct vm *vm, uint64_t address, uint64_t len, int write) {
  for (int i = 0; i < MAX_SLOTS; i++) {
    struct slot *s = &vm->slots[i];
    if (!s->used || address < s->base || address + len > s->base + s->size) continue;
    if (write && (s->flags & KVM_MEM_READONLY)) return NULL;
    return s->host + (address - s->base);
  }
  return NULL;
}

static void reset(struct vcpu *cpu) {
  memset(&cpu->regs, 0, sizeof cpu->regs);
  memset(&cpu->sregs, 0, sizeof cpu->sregs);
  cpu->regs.rip = 0xfff0;
  cpu->regs.rflags = 2;
  cpu->sregs.cs = (struct kvm_segment){ .base = 0xffff0000, .limit = 0xffff, .selector = 0xf000, .type = 0xb, .present = 1, .s = 1 };
  cpu->sregs.apic_base = 0xfee00900;
  cpu->sregs.interrupt_bitmap[1] = 4; /* a pending interrupt SET_SREGS must preserve */
  cpu->sregs.cr0 = 0x60000010;
}

static void io_exit(struct vcpu *cpu, int direction, uint16_t port, uint8_t value) {
  struct kvm_run *run = cpu->run;
  run->exit_reason = KVM_EXIT_IO;
  run->io.direction = direction;
  run->io.size = 1;
  run->io.port = port;
  run->io.count = 1;
  run->io.data_offset = 4096;
  ((uint8_t *)run)[4096] = value;
}

static void mmio_exit(struct vcpu *cpu, uint64_t address, int is_write, uint16_t value) {
  struct kvm_run *run = cpu->run;
  run->exit_reason = KVM_EXIT_MMIO;
  run->mmio.phys_addr = address;
  run->mmio.len = 2;
  run->mmio.is_write = is_write;
  memset(run->mmio.data, 0, 8);
  memcpy(run->mmio.data, &value, 2);
}

/* Waits for a signal like a guest spinning in `jmp $`: EINTR once one arrives. */
static int spin(struct vcpu *cpu) {
  for (;;) {
    if (cpu->run->immediate_exit) break;
    struct timespec tick = { 0, 1000000 };
    if (ppoll(NULL, 0, &tick, NULL) < 0 && errno == EINTR) break;
  }
  cpu->run->exit_reason = KVM_EXIT_INTR;
  return fail(EINTR);
}

static int run(int fd) {
  struct vcpu *cpu = &vcpus[fd];
  struct vm *vm = &vms[cpu->vm];
  struct kvm_run *r = cpu->run;
  runs++;
  /* Finish the previous exit's access first (api.rst, KVM_EXIT_IO/MMIO note). */
  if (cpu->pending == 1) cpu->regs.rax = (cpu->regs.rax & ~0xffULL) | ((uint8_t *)r)[r->io.data_offset];
  if (cpu->pending == 2) cpu->regs.rcx = (cpu->regs.rcx & ~0xffffULL) | (uint16_t)(r->mmio.data[0] | r->mmio.data[1] << 8);
  cpu->pending = 0;
  if (r->immediate_exit) {
    r->exit_reason = KVM_EXIT_INTR;
    return fail(EINTR);
  }
  for (int steps = 0; steps < 1000; steps++) {
    uint64_t pc = cpu->sregs.cs.base + (cpu->regs.rip & 0xffff);
    uint8_t *code = guest(vm, pc, 6, 0);
    if (!code) {
      r->exit_reason = KVM_EXIT_INTERNAL_ERROR;
      r->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
      r->internal.ndata = 1;
      r->internal.data[0] = pc;
      return 0;
    }
    __u64 *ip = &cpu->regs.rip;
    uint16_t imm16 = (uint16_t)(code[1] | code[2] << 8);
    switch (code[0]) {
    case 0xb0: /* mov al, imm8 */
      cpu->regs.rax = (cpu->regs.rax & ~0xffULL) | code[1];
      *ip += 2;
      break;
    case 0xb8: /* mov ax, imm16 */
      cpu->regs.rax = (cpu->regs.rax & ~0xffffULL) | imm16;
      *ip += 3;
      break;
    case 0xba: /* mov dx, imm16 */
      cpu->regs.rdx = (cpu->regs.rdx & ~0xffffULL) | imm16;
      *ip += 3;
      break;
    case 0xe6: /* out imm8, al */
      *ip += 2;
      io_exit(cpu, KVM_EXIT_IO_OUT, code[1], (uint8_t)cpu->regs.rax);
      return 0;
    case 0xee: /* out dx, al */
      *ip += 1;
      io_exit(cpu, KVM_EXIT_IO_OUT, (uint16_t)cpu->regs.rdx, (uint8_t)cpu->regs.rax);
      return 0;
    case 0xe4: /* in al, imm8 */
      *ip += 2;
      io_exit(cpu, KVM_EXIT_IO_IN, code[1], 0);
      cpu->pending = 1;
      return 0;
    case 0x88: /* mov bl, al (88 C3 only) */
      if (code[1] != 0xc3) goto unknown;
      cpu->regs.rbx = (cpu->regs.rbx & ~0xffULL) | (cpu->regs.rax & 0xff);
      *ip += 2;
      break;
    case 0x8e: /* mov ds, ax (8E D8 only): real-mode base = selector << 4 */
      if (code[1] != 0xd8) goto unknown;
      cpu->sregs.ds.selector = (uint16_t)cpu->regs.rax;
      cpu->sregs.ds.base = (uint64_t)(uint16_t)cpu->regs.rax << 4;
      *ip += 2;
      break;
    case 0x8b: /* mov cx, [disp16] (8B 0E only) */
    case 0x89: { /* mov [disp16], cx (89 0E only) */
      if (code[1] != 0x0e) goto unknown;
      uint64_t address = cpu->sregs.ds.base + (uint16_t)(code[2] | code[3] << 8);
      int write = code[0] == 0x89;
      uint8_t *host = guest(vm, address, 2, write);
      *ip += 4;
      if (host && write) {
        memcpy(host, &cpu->regs.rcx, 2);
        break;
      }
      if (host) {
        cpu->regs.rcx = (cpu->regs.rcx & ~0xffffULL) | (uint16_t)(host[0] | host[1] << 8);
        break;
      }
      mmio_exit(cpu, address, write, (uint16_t)cpu->regs.rcx);
      if (!write) cpu->pending = 2;
      return 0;
    }
    case 0x41: /* inc cx */
      cpu->regs.rcx = (cpu->regs.rcx & ~0xffffULL) | (uint16_t)(cpu->regs.rcx + 1);
      *ip += 1;
      break;
    case 0x66: /* dec ecx (66 49 only); sets ZF */
      if (code[1] != 0x49) goto unknown;
      cpu->regs.rcx = (uint32_t)(cpu->regs.rcx - 1);
      cpu->regs.rflags = (cpu->regs.rflags & ~0x40ULL) | ((uint32_t)cpu->regs.rcx == 0 ? 0x40 : 0);
      *ip += 2;
      break;
    case 0x75: /* jnz rel8 */
      *ip += 2;
      if (!(cpu->regs.rflags & 0x40)) *ip += (int8_t)code[1];
      break;
    case 0xeb: /* jmp rel8; jmp $ spins until a signal */
      if (code[1] == 0xfe) return spin(cpu);
      *ip += 2 + (int8_t)code[1];
      break;
    case 0x2e: { /* cs: lidt [disp16] (2E 0F 01 1E only) */
      if (code[1] != 0x0f || code[2] != 0x01 || code[3] != 0x1e) goto unknown;
      uint8_t *table = guest(vm, cpu->sregs.cs.base + (uint16_t)(code[4] | code[5] << 8), 6, 0);
      if (!table) goto unknown;
      cpu->sregs.idt.limit = (uint16_t)(table[0] | table[1] << 8);
      cpu->sregs.idt.base = table[2] | table[3] << 8 | table[4] << 16 | (uint32_t)table[5] << 24;
      *ip += 6;
      break;
    }
    case 0xcd: /* int imm8: beyond the IVT limit nothing can be delivered -> triple fault */
      if ((uint32_t)code[1] * 4 + 3 > cpu->sregs.idt.limit) {
        r->exit_reason = KVM_EXIT_SHUTDOWN;
        return 0;
      }
      goto unknown;
    case 0xf4: /* hlt: RIP moves past it, as on KVM */
      *ip += 1;
      r->exit_reason = KVM_EXIT_HLT;
      return 0;
    default:
    unknown:
      r->exit_reason = KVM_EXIT_INTERNAL_ERROR;
      r->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
      r->internal.ndata = 2;
      r->internal.data[0] = pc;
      r->internal.data[1] = code[0];
      return 0;
    }
    *ip &= 0xffff;
  }
  /* A guest that runs on without exiting: hand back control like a timer interrupt would. */
  r->exit_reason = KVM_EXIT_INTR;
  return fail(EINTR);
}

static int system_ioctl(int fd, unsigned long request, unsigned long arg) {
  switch (request) {
  case KVM_GET_API_VERSION: return variants[fd] == 2 ? 11 : KVM_API_VERSION;
  case KVM_CHECK_EXTENSION:
    if (variants[fd] == 1 && arg == KVM_CAP_IMMEDIATE_EXIT) return 0;
    switch (arg) {
    case KVM_CAP_USER_MEMORY: case KVM_CAP_SET_TSS_ADDR: case KVM_CAP_SET_IDENTITY_MAP_ADDR:
    case KVM_CAP_READONLY_MEM: case KVM_CAP_IMMEDIATE_EXIT: return 1;
    case KVM_CAP_NR_MEMSLOTS: return MAX_SLOTS;
    default: return 0;
    }
  case KVM_GET_VCPU_MMAP_SIZE: return RUN_SIZE;
  case KVM_CREATE_VM: {
    if (arg != 0) return fail(EINVAL);
    int vm = new_fd(VM);
    if (vm < 0) return -1;
    memset(&vms[vm], 0, sizeof vms[vm]);
    live_vms++;
    return vm;
  }
  default: return fail(ENOTTY);
  }
}

static int vm_ioctl(int fd, unsigned long request, unsigned long arg) {
  struct vm *vm = &vms[fd];
  switch (request) {
  case KVM_SET_TSS_ADDR: vm->tss = arg; return 0;
  case KVM_SET_IDENTITY_MAP_ADDR: vm->identity = *(uint64_t *)arg; return 0;
  case KVM_SET_USER_MEMORY_REGION: {
    const struct kvm_userspace_memory_region *region = (const void *)arg;
    if (region->slot >= MAX_SLOTS || (region->flags & ~KVM_MEM_READONLY) || region->guest_phys_addr % 4096 ||
        region->memory_size % 4096 || region->userspace_addr % 4096) return fail(EINVAL);
    struct slot *s = &vm->slots[region->slot];
    /* memory_size 0 deletes the slot (api.rst, KVM_SET_USER_MEMORY_REGION). */
    if (region->memory_size == 0) {
      *s = (struct slot){ 0 };
      return 0;
    }
    *s = (struct slot){ 1, region->flags, region->guest_phys_addr, region->memory_size, (uint8_t *)(uintptr_t)region->userspace_addr };
    /* Touch the first and last byte, as KVM's page faults would: a bad address faults here. */
    volatile uint8_t probe = s->host[0] + s->host[s->size - 1];
    (void)probe;
    return 0;
  }
  case KVM_CREATE_VCPU: {
    int vcpu = new_fd(VCPU);
    if (vcpu < 0) return -1;
    if (ftruncate(vcpu, RUN_SIZE) < 0) return -1;
    struct vcpu *cpu = &vcpus[vcpu];
    memset(cpu, 0, sizeof *cpu);
    cpu->vm = fd;
    cpu->run = mmap(NULL, RUN_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (cpu->run == MAP_FAILED) return -1;
    reset(cpu);
    live_vcpus++;
    return vcpu;
  }
  default: return fail(ENOTTY);
  }
}

static int vcpu_ioctl(int fd, unsigned long request, unsigned long arg) {
  struct vcpu *cpu = &vcpus[fd];
  switch (request) {
  case KVM_RUN: return arg != 0 ? fail(EINVAL) : run(fd);
  case KVM_GET_REGS: memcpy((void *)arg, &cpu->regs, sizeof cpu->regs); return 0;
  case KVM_SET_REGS: memcpy(&cpu->regs, (void *)arg, sizeof cpu->regs); return 0;
  case KVM_GET_SREGS: memcpy((void *)arg, &cpu->sregs, sizeof cpu->sregs); return 0;
  case KVM_SET_SREGS: memcpy(&cpu->sregs, (void *)arg, sizeof cpu->sregs); return 0;
  default: return fail(ENOTTY);
  }
}

int ioctl(int fd, unsigned long request, ...) {
  va_list args;
  va_start(args, request);
  unsigned long arg = va_arg(args, unsigned long);
  va_end(args);
  if (fd < 0 || fd >= MAX_FDS) return fail(EBADF);
  switch (kinds[fd]) {
  case SYSTEM: return system_ioctl(fd, request, arg);
  case VM: return vm_ioctl(fd, request, arg);
  case VCPU: return vcpu_ioctl(fd, request, arg);
  default: return (int)syscall(SYS_ioctl, fd, request, arg);
  }
}
