#!/usr/bin/env bash
# Boots a prepared kernel (kernel.sh) with an initramfs (initramfs.sh) in qemu, TCG only (KVM does not work
# nested on these machines), with user-mode networking only: the guest reaches the host's 127.0.0.1 as
# 10.0.2.2 through qemu's slirp; no bridge, no tap, nothing to configure on the host. The serial console
# goes to stdout (and to --log); qemu exits when the guest powers off.
#
# usage: boot.sh --arch ARCH --kernel DIR --initrd FILE [--disk IMAGE] [--append "k=v ..."]
#                [--timeout SECONDS] [--log FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

arch="" kernel="" initrd="" disk="" append="" timeout_s=300 log=/dev/null
while (($#)); do
  case "$1" in
    --arch) arch="$2"; shift 2 ;;
    --kernel) kernel="$2"; shift 2 ;;
    --initrd) initrd="$2"; shift 2 ;;
    --disk) disk="$2"; shift 2 ;;
    --append) append="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    *) e2e_die "boot.sh: unknown argument '$1'" ;;
  esac
done
[[ -f "$kernel/vmlinuz" && -f "$initrd" ]] || e2e_die "boot.sh: --kernel DIR (with vmlinuz) and --initrd FILE are required"

# shellcheck disable=SC2054 # commas belong to qemu option values
# panic=-1: reboot at once on a panic, and -no-reboot turns that reboot into qemu's exit.
common=(-m 512 -smp 1 -nodefaults -display none -no-reboot
  -chardev stdio,id=console,signal=on -serial chardev:console
  -kernel "$kernel/vmlinuz" -initrd "$initrd"
  -netdev user,id=n0 -device virtio-net-pci,netdev=n0)
if [[ -n "$disk" ]]; then
  # shellcheck disable=SC2054
  common+=(-drive "file=$disk,format=raw,if=none,id=d0" -device virtio-blk-pci,drive=d0)
fi
case "$arch" in
  amd64) qemu=(qemu-system-x86_64 -accel tcg -cpu max); console=ttyS0 ;;
  arm64) qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57 -accel tcg); console=ttyAMA0 ;;
  *) e2e_die "boot.sh: --arch amd64 or arm64" ;;
esac
command -v "${qemu[0]}" >/dev/null || e2e_die "${qemu[0]} is missing (Debian package qemu-system-x86 or qemu-system-arm)"

# The kernel's own messages stay on the console at warning level and above (quiet); KAE2E lines are
# printed by the guest's init, not by the kernel, so they always appear.
set +e
timeout --foreground -k 5 "$timeout_s" "${qemu[@]}" "${common[@]}" \
  -append "console=$console panic=-1 quiet $append" </dev/null 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
if ((rc == 124)); then
  e2e_die "the guest did not power off within $timeout_s s"
fi
exit "$rc"
