#!/usr/bin/env bash
# The root disk of the systemd guest: a Debian 12 minbase with systemd as PID 1 and every package the
# kernel-agent and kernel-buildfarm .debs depend on, so that `apt install ./*.deb` inside the guest needs
# no network. No kernel package inside: the guest boots with qemu's -kernel and the suite's own small
# initramfs (systemd-initramfs.sh), which mounts this disk as /.
#
# Built with mmdebstrap from the machine's own apt sources, as a sparse raw ext4 image, and cached under
# CACHE/systemd-guest/<digest>.img, the digest of the package set, of the sources and of the recipe, so
# later runs reuse it. The image carries one unit of the suite's, kae2e-runner.service: once the boot is
# complete it runs /run.sh from the disk labelled KAE2EPAYLOAD (a second disk each boot brings) with its
# output on the serial console, and powers off; without that disk it does nothing.
#
# usage: systemd-image.sh CACHE       prints the image's path
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 1 ]] || e2e_die "usage: systemd-image.sh CACHE"
cache="$1"
suite=bookworm
# systemd as PID 1 (systemd-sysv), udev for the device units; the agent's and the farm's dependencies
# (kmod, libssl3, ca-certificates; bubblewrap, make, gcc, libstdc++6); iproute2 for the guest's network.
packages=(systemd systemd-sysv udev kmod libssl3 ca-certificates bubblewrap make gcc libstdc++6 iproute2)
image_size=2G
# Bump when the mmdebstrap call or its hooks below change: the cached image is keyed by this, the package set,
# the sources and the runner unit, not by the whole script (comments and messages do not rebuild it).
recipe=1

command -v mmdebstrap >/dev/null || e2e_die "mmdebstrap is missing (Debian package mmdebstrap)"
command -v mke2fs >/dev/null || e2e_die "mke2fs is missing (Debian package e2fsprogs)"

sources="$(e2e_compose_sources | sed '/^Architectures:/d')"
[[ -n "$sources" ]] || e2e_die "no 'deb' source in /etc/apt/sources.list or /etc/apt/sources.list.d/"
digest="$({ printf '%s\n' "$recipe" "$suite" "${packages[@]}" "$image_size"; printf '%s\n' "$sources"; cat "$here/guest/kae2e-runner.service"; } |
  sha256sum | cut -c1-32)"
out="$cache/systemd-guest/$digest.img"
if [[ -e "$out" ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache/systemd-guest"
work="$(mktemp -d "$cache/systemd-guest/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
printf '%s\n' "$sources" >"$work/guest.sources"

e2e_log "building the systemd guest's root filesystem with mmdebstrap ($suite minbase + ${packages[*]})"
include="$(IFS=,; echo "${packages[*]}")"
# Documentation, manuals and translations are left out: the image stays small and builds faster.
mmdebstrap --quiet --mode=root --variant=minbase --architectures=amd64 --include="$include" \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/locale.alias' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='echo kae2e-guest >"$1/etc/hostname"' \
  --customize-hook='printf "/dev/vda / ext4 rw,relatime 0 1\n" >"$1/etc/fstab"' \
  --customize-hook='chroot "$1" passwd -d root >/dev/null' \
  --customize-hook="copy-in $here/guest/kae2e-runner.service /etc/systemd/system" \
  --customize-hook='mkdir -p "$1/etc/systemd/system/multi-user.target.wants"' \
  --customize-hook='ln -s ../kae2e-runner.service "$1/etc/systemd/system/multi-user.target.wants/kae2e-runner.service"' \
  --customize-hook='for u in apt-daily.timer apt-daily-upgrade.timer getty@tty1.service serial-getty@ttyS0.service systemd-timesyncd.service e2scrub_reap.service; do ln -sf /dev/null "$1/etc/systemd/system/$u"; done' \
  --customize-hook='rm -f "$1/etc/machine-id" && : >"$1/etc/machine-id"' \
  "$suite" "$work/root" "$work/guest.sources"

mke2fs -q -t ext4 -L kae2e-root -d "$work/root" "$work/image.img" "$image_size" >&2
mv "$work/image.img" "$out"
echo "$out"
