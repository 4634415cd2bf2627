#!/usr/bin/env bash
# Boots the systemd guest once: the Debian kernel (kernel.sh) with the suite's initramfs
# (systemd-initramfs.sh), the root disk (a copy of systemd-image.sh's image) as /dev/vda and a payload
# disk made from --payload DIR (label KAE2EPAYLOAD) as /dev/vdb, whose run.sh the image's
# kae2e-runner.service runs once the boot is complete, with its output on the serial console; the guest
# then powers off and qemu exits. TCG only; user-mode networking (the host's 127.0.0.1 is 10.0.2.2), or
# no network device at all with --no-network.
#
# usage: systemd-boot.sh --kernel DIR --initrd FILE --root IMAGE --payload DIR [--no-network]
#                        [--append "k=v ..."] [--timeout SECONDS] [--log FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

kernel="" initrd="" rootimg="" payload="" network=1 append="" timeout_s=900 log=/dev/null
while (($#)); do
  case "$1" in
    --kernel) kernel="$2"; shift 2 ;;
    --initrd) initrd="$2"; shift 2 ;;
    --root) rootimg="$2"; shift 2 ;;
    --payload) payload="$2"; shift 2 ;;
    --no-network) network=0; shift ;;
    --append) append="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    --log) log="$2"; shift 2 ;;
    *) e2e_die "systemd-boot.sh: unknown argument '$1'" ;;
  esac
done
[[ -f "$kernel/vmlinuz" && -f "$initrd" && -f "$rootimg" && -f "$payload/run.sh" ]] ||
  e2e_die "systemd-boot.sh: --kernel DIR, --initrd FILE, --root IMAGE and --payload DIR (with run.sh) are required"

disk="$(mktemp "${TMPDIR:-/tmp}/kae2e-payload.XXXXXX.img")"
trap 'rm -f "$disk"' EXIT
size_mb=$(( $(du -sm "$payload" | cut -f1) * 3 / 2 + 32 ))
mke2fs -q -t ext4 -L KAE2EPAYLOAD -d "$payload" "$disk" "${size_mb}M" >&2

# shellcheck disable=SC2054 # commas belong to qemu option values
args=(-accel tcg -cpu max -m 1536 -smp 2 -nodefaults -display none -no-reboot
  -chardev stdio,id=console,signal=on -serial chardev:console
  -kernel "$kernel/vmlinuz" -initrd "$initrd"
  -drive "file=$rootimg,format=raw,if=virtio"
  -drive "file=$disk,format=raw,if=virtio,readonly=on")
if ((network)); then
  # shellcheck disable=SC2054
  args+=(-netdev user,id=n0 -device virtio-net-pci,netdev=n0)
fi
set +e
timeout --foreground -k 5 "$timeout_s" qemu-system-x86_64 "${args[@]}" \
  -append "console=ttyS0 panic=-1 quiet systemd.show_status=false $append" </dev/null 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
((rc != 124)) || e2e_die "the guest did not power off within $timeout_s s"
exit "$rc"
