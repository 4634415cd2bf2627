#!/usr/bin/env bash
# The guest's user space, from Debian 12's own packages of the guest's architecture (cached by sha256):
# base-files (/etc/os-release: the agent reads the distribution from it), busybox-static (shell, mount,
# ip, modprobe, depmod, insmod), and what the NativeAOT agent needs at run time: glibc with its loader,
# libgcc_s (thread unwinding), and OpenSSL's libcrypto/libssl, which .NET opens with dlopen for hashing
# and TLS (ldd does not show them).
#
# usage: userland.sh CACHE ARCH
# Prints the folder: a root tree (bin/busybox, lib/..., usr/lib/...) to copy into the initramfs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 2 ]] || e2e_die "usage: userland.sh CACHE ARCH"
cache="$1" arch="$2"
triplet="$(e2e_triplet "$arch")"
packages=(busybox-static libc6 libgcc-s1 libssl3 base-files)

e2e_apt_root "$cache"
debs=()
for p in "${packages[@]}"; do
  debs+=("$(e2e_deb "$cache" "$p:$arch")")
done
key="$(printf '%s\n' "${debs[@]}" | sha256sum | cut -c1-32)"
out="$cache/userland/$arch-$key"
if [[ -e "$out/.complete" ]]; then
  echo "$out"
  exit 0
fi

mkdir -p "$cache/userland"
work="$(mktemp -d "$cache/userland/.build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
for deb in "${debs[@]}"; do
  dpkg-deb -x "$deb" "$work/root"
done

r="$work/root" o="$work/out"
mkdir -p "$o/bin" "$o/lib/$triplet" "$o/usr/lib/$triplet"
cp "$r/bin/busybox" "$o/bin/busybox"
# glibc and libgcc_s: every shared object of /lib/<triplet>, and the loader at the path the ELF
# interpreter field names (/lib64/ld-linux-x86-64.so.2, /lib/ld-linux-aarch64.so.1).
cp -a "$r/lib/$triplet"/*.so* "$o/lib/$triplet/"
for loader in lib64/ld-linux-x86-64.so.2 lib/ld-linux-aarch64.so.1; do
  if [[ -e "$r/$loader" || -L "$r/$loader" ]]; then
    mkdir -p "$o/$(dirname "$loader")"
    cp -a "$r/$loader" "$o/$loader"
  fi
done
cp -a "$r/usr/lib/$triplet"/libssl.so.3 "$r/usr/lib/$triplet"/libcrypto.so.3 "$o/usr/lib/$triplet/"
mkdir -p "$o/etc"
cp "$r/usr/lib/os-release" "$o/etc/os-release"
file "$o/bin/busybox" | grep -q "statically linked" || e2e_die "busybox from busybox-static:$arch is not static"

touch "$o/.complete"
rm -rf "$out"
mv -T "$o" "$out" 2>/dev/null || [[ -e "$out/.complete" ]]
echo "$out"
