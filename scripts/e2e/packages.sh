# Debian packages the end-to-end run needs (the demo installs them; the test script should too).
# shellcheck shell=bash disable=SC2034

# Both architectures: the farm's compiler and sandbox, the guest's tools, and what the scripts use.
E2E_PACKAGES=(
  # the farm: kbuild of the sample driver in a bubblewrap sandbox; pahole for 6.12 kernels
  gcc make bubblewrap dwarves dpkg-dev
  # the guest: busybox is copied from busybox-static of the guest's architecture; the host builds
  # the initramfs and the persistent disk, and reads module dependencies with modinfo/depmod
  cpio kmod e2fsprogs xz-utils file python3
  qemu-system-x86
)
# arm64: the farm cross-compiles the module, the agent is cross-published (NativeAOT links with clang).
E2E_PACKAGES_ARM64=(qemu-system-arm gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu clang)
