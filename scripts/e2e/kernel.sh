#!/usr/bin/env bash
# Prepares one exact Debian kernel for booting in qemu: downloads linux-image-<ABI>-<arch>-unsigned (cached
# by its sha256), keeps the kernel image, its config, and the few modules the guest needs before anything
# else can happen (virtio PCI, network, block, ext4 for the persistent disk) with their dependencies and a
# modules.dep for them. Debian builds all of these as modules; the unsigned image package still carries
# modules signed by Debian's build key, so they also load with module.sig_enforce=1.
#
# usage: kernel.sh CACHE ARCH ABI [EXTRA]   e.g. kernel.sh /var/cache/kernelagent-e2e amd64 6.1.0-56
#   EXTRA: comma-separated in-tree modules a driver depends on (e.g. videodev for v4l2loopback), shipped with
#   their dependencies too, for the agent to load from modules.dep (the whole modules tree is extracted for them).
# Prints the prepared folder: vmlinuz, config, release, version (package version), modules/lib/modules/<rel>/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 3 || $# -eq 4 ]] || e2e_die "usage: kernel.sh CACHE ARCH ABI [EXTRA]"
cache="$1" arch="$2" abi="$3" extra="${4:-}"
[[ "$extra" =~ ^[A-Za-z0-9_,-]*$ ]] || e2e_die "EXTRA '$extra' is not a comma-separated list of module names"
[[ "$abi" =~ ^[0-9]+\.[0-9]+\.[0-9]+-[0-9]+$ ]] || e2e_die "ABI '$abi' is not of the form 6.1.0-56"
e2e_machine "$arch" >/dev/null
release="$abi-$arch"

# Modules loaded at guest start; dependencies are added from each module's own "depends" field.
# crc32c_generic backs ext4's soft dependency "crypto-crc32c".
boot_modules=(virtio_pci virtio_net virtio_blk ext4 crc32c_generic)
IFS=',' read -r -a extra_modules <<<"$extra"

e2e_apt_root "$cache"
deb="$(e2e_deb "$cache" "linux-image-$release-unsigned:$arch")"
digest="$(basename "$deb" .deb)"
out="$cache/kernels/$digest${extra:+-$(printf '%s' "$extra" | sha256sum | cut -c1-12)}"
if [[ -e "$out/.complete" ]]; then
  echo "$out"
  exit 0
fi

e2e_log "extracting kernel $release from $(basename "$deb")"
mkdir -p "$cache/kernels"
work="$(mktemp -d "$cache/kernels/.extract.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Only the folders the boot modules and their dependencies live in: the whole tree is 400 MB.
mkdir -p "$work/root"
if ((${#extra_modules[@]})); then
  dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/root" --wildcards \
    "./boot/vmlinuz-$release" "./boot/config-$release" "./lib/modules/$release/*"
else
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work/root" --wildcards --no-wildcards-match-slash \
  "./boot/vmlinuz-$release" "./boot/config-$release" "./lib/modules/$release/modules.*" \
  "./lib/modules/$release/kernel/drivers/virtio/*.ko" "./lib/modules/$release/kernel/drivers/net/*.ko" \
  "./lib/modules/$release/kernel/drivers/block/*.ko" "./lib/modules/$release/kernel/fs/*.ko" \
  "./lib/modules/$release/kernel/fs/*/*.ko" "./lib/modules/$release/kernel/lib/*.ko" \
  "./lib/modules/$release/kernel/lib/*/*.ko" "./lib/modules/$release/kernel/crypto/*.ko" \
  "./lib/modules/$release/kernel/net/core/*.ko"
fi
tree="$work/root/lib/modules/$release"
[[ -f "$work/root/boot/vmlinuz-$release" && -d "$tree" ]] || e2e_die "$deb holds no boot/vmlinuz-$release or lib/modules/$release"

mkdir -p "$work/out/modules/lib/modules/$release"
cp "$work/root/boot/vmlinuz-$release" "$work/out/vmlinuz"
cp "$work/root/boot/config-$release" "$work/out/config"
echo "$release" >"$work/out/release"
dpkg-deb -f "$deb" Version >"$work/out/version"

# name -> path, with '-' and '_' equal as the kernel treats them.
declare -A paths=()
while IFS= read -r path; do
  name="$(basename "$path" .ko)"
  paths["${name//-/_}"]="$path"
done < <(cd "$tree" && find kernel -name '*.ko')

declare -A seen=()
queue=("${boot_modules[@]}" "${extra_modules[@]}")
while ((${#queue[@]})); do
  name="${queue[0]//-/_}"
  queue=("${queue[@]:1}")
  [[ -n "${seen[$name]:-}" ]] && continue
  seen[$name]=1
  path="${paths[$name]:-}"
  if [[ -z "$path" ]]; then
    # Built into this kernel (e.g. virtio on some flavours): nothing to ship.
    grep -q "/$name.ko\$" "$tree/modules.builtin" ||
      e2e_die "module $name is neither in the folders kernel.sh extracts nor built into $release"
    continue
  fi
  mkdir -p "$work/out/modules/lib/modules/$release/$(dirname "$path")"
  cp "$tree/$path" "$work/out/modules/lib/modules/$release/$path"
  deps="$(modinfo -F depends "$tree/$path")"
  IFS=',' read -r -a more <<<"$deps"
  queue+=("${more[@]}")
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
  [[ -e "$tree/$f" ]] && cp "$tree/$f" "$work/out/modules/lib/modules/$release/"
done
# kmod's depmod on a private folder (-b): it only reads and writes files there.
depmod -b "$work/out/modules" "$release"

touch "$work/out/.complete"
rm -rf "$out"
# Another run may have finished the same kernel meanwhile; both results are identical.
mv -T "$work/out" "$out" 2>/dev/null || [[ -e "$out/.complete" ]]
echo "$out"
