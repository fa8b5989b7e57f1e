#!/bin/sh
# Runs the KVM backend's real-KVM tests (and, optionally, the kvm-exit benchmark) on a
# machine without /dev/kvm: boots a Debian kernel in QEMU with software emulation (TCG),
# whose emulated AMD CPU has SVM + NPT, loads kvm-amd there, and runs vitest inside it.
# The guest sees this machine's root file system read-only over 9p, with a tmpfs overlay
# for writes, so the checkout is used as it is and never modified. Slow (~5 min): TCG
# emulates every instruction, and the KVM guest runs nested inside it.
#
# Needs: qemu-system-x86 and busybox-static (apt-get install qemu-system-x86 busybox-static),
# a built checkout (pnpm build), and apt access to download the kernel package.
#
# Usage: packages/backend-kvm/scripts/test-under-qemu.sh [--bench]
set -eu

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
WORK=${TINYVM_QEMU_WORK:-${TMPDIR:-/tmp}/tinyvm-kvm-qemu}
BENCH=0
[ "${1:-}" = "--bench" ] && BENCH=1
# TINYVM_DIFFTEST_COUNT=N also runs `pnpm difftest --count N --seed S` (packages/difftest) inside,
# S from TINYVM_DIFFTEST_SEED (default 1).
DIFFTEST=${TINYVM_DIFFTEST_COUNT:-0}
DIFFTEST_SEED=${TINYVM_DIFFTEST_SEED:-1}
# TINYVM_QEMU_TESTS="path ..." also runs those vitest files or folders inside (e.g. packages/pc examples).
EXTRA_TESTS=${TINYVM_QEMU_TESTS:-}
# TINYVM_RUN_LIMIT_MS=N is passed on to the guest (the pc tests' limit on one guest run; raise
# it with vitest's --testTimeout in TINYVM_QEMU_TESTS when the nested KVM is too slow for 15 s).
RUN_LIMIT_MS=${TINYVM_RUN_LIMIT_MS:-}
# TINYVM_QEMU_COMMAND="..." also runs that shell command inside, from the checkout (e.g. the CLI).
EXTRA_COMMAND=${TINYVM_QEMU_COMMAND:-}

for tool in qemu-system-x86_64 busybox; do
  command -v "$tool" >/dev/null || { echo "test-under-qemu: $tool is missing (apt-get install qemu-system-x86 busybox-static)"; exit 2; }
done
BUSYBOX=$(command -v busybox)
# The initramfs has no libc: busybox must be static (ldd fails on a static binary).
if ldd "$BUSYBOX" >/dev/null 2>&1; then
  echo "test-under-qemu: $BUSYBOX is not statically linked (apt-get install busybox-static)"; exit 2
fi

mkdir -p "$WORK"
cd "$WORK"

# The kernel: the package linux-image-amd64 currently depends on, unpacked once.
if [ ! -d kernel/boot ]; then
  package=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -1)
  [ -n "$package" ] || { echo "test-under-qemu: cannot find the Debian kernel package"; exit 2; }
  rm -f linux-image-*.deb
  apt-get download "$package" >/dev/null
  rm -rf kernel && mkdir kernel && dpkg-deb -x linux-image-*.deb kernel
fi
VMLINUZ=$(ls kernel/boot/vmlinuz-* | head -1)
MODULES=$(ls -d kernel/lib/modules/*/kernel | head -1)

# The initramfs: busybox, the modules for virtio 9p, overlayfs and KVM (in load order), and /init.
rm -rf initrd && mkdir -p initrd/bin initrd/modules initrd/proc initrd/sys initrd/dev initrd/lower initrd/rw initrd/root
cp "$BUSYBOX" initrd/bin/busybox
LOAD_ORDER="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci 9pnet 9pnet_virtio netfs fscache 9p overlay irqbypass ccp kvm kvm-amd"
for module in $LOAD_ORDER; do
  path=$(find "$MODULES" -name "$module.ko" | head -1)
  [ -n "$path" ] || { echo "test-under-qemu: module $module not found in $MODULES"; exit 2; }
  cp "$path" initrd/modules/
done

: > extra.sh
if [ -n "$EXTRA_COMMAND" ]; then printf '%s\n' "$EXTRA_COMMAND" > extra.sh; fi
cat > guest.sh <<EOF
cd "$ROOT"
export CI=1
export TINYVM_RUN_LIMIT_MS="$RUN_LIMIT_MS"
status=0
npx vitest run packages/backend-kvm/src/backend.test.ts || status=1
npx vitest run packages/fallback/src/fallback.kvm.test.ts packages/difftest/src/difftest.kvm.test.ts || status=1
if [ -n "$EXTRA_TESTS" ]; then npx vitest run $EXTRA_TESTS || status=1; fi
if [ -s "$WORK/extra.sh" ]; then sh "$WORK/extra.sh" || status=1; fi
if [ $DIFFTEST -gt 0 ]; then node packages/difftest/dist/cli.js --count $DIFFTEST --seed $DIFFTEST_SEED || status=1; fi
if [ $BENCH = 1 ]; then TINYVM_BENCH_ITERATIONS=100000 node bench/kvm-exit/run.mjs || status=1; fi
echo "test-under-qemu: guest status \$status"
EOF

cat > initrd/init <<EOF
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for module in $LOAD_ORDER; do insmod /modules/\$module.ko; done
[ -c /dev/kvm ] || echo "test-under-qemu: no /dev/kvm in the guest (does the emulated CPU have SVM?)"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose host /lower
mount -t tmpfs rw /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /root
mount -t devtmpfs dev /root/dev
mount -t proc proc /root/proc
mount -t sysfs sys /root/sys
chroot /root /bin/sh "$WORK/guest.sh" 2>&1
poweroff -f
EOF
chmod +x initrd/init
(cd initrd && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 > ../initrd.gz)

# One vCPU: multi-threaded TCG soft-locked the guest on a two-core host.
qemu-system-x86_64 -machine q35,accel=tcg -cpu max -m 3072 -smp 1 -nographic -no-reboot \
  -kernel "$VMLINUZ" -initrd initrd.gz -append "console=ttyS0 quiet panic=-1" \
  -virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap | tee qemu.log
grep -q 'test-under-qemu: guest status 0' qemu.log
