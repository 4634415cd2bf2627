#!/usr/bin/env bash
# The systemd guest's initramfs: busybox-static, the boot modules of kernel.sh (virtio, ext4) and
# scripts/e2e/guest/systemd-init, which mounts the root disk and starts systemd. A newc cpio, uncompressed.
#
# usage: systemd-initramfs.sh CACHE KERNEL_DIR OUT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 3 ]] || e2e_die "usage: systemd-initramfs.sh CACHE KERNEL_DIR OUT"
cache="$1" kernel="$2" out="$3"
[[ -d "$kernel/modules/lib/modules" ]] || e2e_die "systemd-initramfs.sh: $kernel has no modules/ (run kernel.sh)"
e2e_apt_root "$cache"
busybox_deb="$(e2e_deb "$cache" busybox-static:amd64)"

root="$(mktemp -d "${TMPDIR:-/tmp}/kae2e-sd-initramfs.XXXXXX")"
trap 'rm -rf "$root"' EXIT
dpkg-deb --fsys-tarfile "$busybox_deb" | tar -x -C "$root" ./bin/busybox
cp "$here/guest/systemd-init" "$root/init"
chmod 0755 "$root/init"
cp -a "$kernel/modules/." "$root/"
mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null --reproducible -o -H newc --owner=0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
