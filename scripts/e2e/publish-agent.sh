#!/usr/bin/env bash
# Publishes the agent as NativeAOT for the guest's architecture into OUT (kernel-agent + libsodium.so).
# arm64 on an x86_64 machine is a cross NativeAOT publish: the IL compiler targets arm64 itself; the link
# needs clang (it passes --target=aarch64-linux-gnu, which gcc refuses), the aarch64 binutils and the
# arm64 glibc of Debian's cross toolchain (packages clang, binutils-aarch64-linux-gnu, libc6-dev-arm64-cross,
# libgcc-12-dev-arm64-cross, all pulled in by gcc-aarch64-linux-gnu + clang).
#
# usage: publish-agent.sh REPO ARCH OUT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 3 ]] || e2e_die "usage: publish-agent.sh REPO ARCH OUT"
repo="$1" arch="$2" out="$3"
case "$arch" in
  amd64) rid=linux-x64 ;;
  arm64) rid=linux-arm64 ;;
  *) e2e_die "unknown architecture '$arch'" ;;
esac

args=(publish "$repo/agent" -c Release -r "$rid" -o "$out" -nologo -v quiet)
if [[ "$(e2e_machine "$arch")" != "$(uname -m)" ]]; then
  clang="$(command -v clang || compgen -c clang- | grep -E '^clang-[0-9]+$' | sort -V | tail -n1 || true)"
  [[ -n "$clang" ]] || e2e_die "cross-publishing the agent for $arch needs clang (Debian package clang)"
  command -v "$(e2e_triplet "$arch")-objcopy" >/dev/null ||
    e2e_die "cross-publishing the agent for $arch needs $(e2e_triplet "$arch")-objcopy (Debian package binutils-$(e2e_triplet "$arch"))"
  args+=(-p:CppCompilerAndLinker="$clang" -p:ObjCopyName="$(e2e_triplet "$arch")-objcopy")
fi
dotnet "${args[@]}" >&2 || e2e_die "dotnet publish of the agent for $rid failed"
for f in kernel-agent libsodium.so; do
  [[ -f "$out/$f" ]] || e2e_die "the published agent in $out has no $f"
done
file -L "$out/kernel-agent" | grep -q "$( [[ $arch == arm64 ]] && echo aarch64 || echo x86-64)" ||
  e2e_die "$out/kernel-agent is not an $arch binary"
