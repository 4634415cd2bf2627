#!/usr/bin/env bash
# Builds the guest's initramfs (a newc cpio, uncompressed: the kernel unpacks it fastest in TCG):
#   /init                          scripts/e2e/guest/init
#   busybox, glibc, libssl         from userland.sh
#   /etc/os-release                Debian 12's (base-files)
#   /lib/modules/<rel>/            the boot modules of kernel.sh (virtio, ext4) and their modules.dep
#   /usr/lib/kernel-agent/         the NativeAOT kernel-agent and libsodium.so beside it
#   /etc/kernel-agent/agent.json   the agent's configuration
#   /etc/kernel-agent/trusted-keys the public keys the agent trusts
#   every --overlay folder         copied on top (e.g. a directory store at /srv/store)
#
# usage: initramfs.sh --out FILE --arch ARCH --kernel DIR --userland DIR --agent DIR --config FILE
#                     --trusted-keys DIR [--overlay DIR]...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

out="" arch="" kernel="" userland="" agent="" config="" keys="" overlays=()
while (($#)); do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    --kernel) kernel="$2"; shift 2 ;;
    --userland) userland="$2"; shift 2 ;;
    --agent) agent="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --trusted-keys) keys="$2"; shift 2 ;;
    --overlay) overlays+=("$2"); shift 2 ;;
    *) e2e_die "initramfs.sh: unknown argument '$1'" ;;
  esac
done
for v in out arch kernel userland agent config keys; do
  [[ -n "${!v}" ]] || e2e_die "initramfs.sh: --${v/keys/trusted-keys} is required"
done
triplet="$(e2e_triplet "$arch")"
for f in "$agent/kernel-agent" "$agent/libsodium.so" "$config" "$kernel/release"; do
  [[ -e "$f" ]] || e2e_die "initramfs.sh: $f is missing"
done
compgen -G "$keys/*.pub" >/dev/null || e2e_die "initramfs.sh: no *.pub key in $keys"

root="$(mktemp -d "${TMPDIR:-/tmp}/kae2e-initramfs.XXXXXX")"
trap 'rm -rf "$root"' EXIT
cp -a "$userland/." "$root/"
rm -f "$root/.complete"
sed "s/@TRIPLET@/$triplet/g" "$here/guest/init" >"$root/init"
chmod 0755 "$root/init"
cp -a "$kernel/modules/." "$root/"
mkdir -p "$root/usr/lib/kernel-agent" "$root/usr/bin" "$root/etc/kernel-agent/trusted-keys"
cp "$agent/kernel-agent" "$agent/libsodium.so" "$root/usr/lib/kernel-agent/"
ln -s ../lib/kernel-agent/kernel-agent "$root/usr/bin/kernel-agent"
cp "$config" "$root/etc/kernel-agent/agent.json"
cp "$keys"/*.pub "$root/etc/kernel-agent/trusted-keys/"
for o in "${overlays[@]}"; do
  cp -a "$o/." "$root/"
done

mkdir -p "$(dirname "$out")"
(cd "$root" && find . -print0 | LC_ALL=C sort -z | cpio --null --reproducible -o -H newc --owner=0:0 --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
