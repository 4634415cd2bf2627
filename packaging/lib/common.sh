# Shared by packaging/build.sh and its steps: logging, the product version, architectures, build tools.
# shellcheck shell=bash

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'packaging: %s\n' "$*" >&2; exit 1; }

# The one place the version is defined: <Version> in Directory.Build.props.
product_version() {
  local props="$1/Directory.Build.props" version
  version="$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$props")"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([~+.][0-9A-Za-z.~+]*)?$ ]] \
    || die "no usable <Version> in $props (found '$version')"
  printf '%s\n' "$version"
}

# Build date for changelogs, man pages and file times: the last commit, so rebuilds of one commit match.
source_date_epoch() {
  local repo="$1"
  if [[ -n "${SOURCE_DATE_EPOCH:-}" ]]; then
    printf '%s\n' "$SOURCE_DATE_EPOCH"
  elif git -C "$repo" rev-parse HEAD >/dev/null 2>&1; then
    git -C "$repo" log -1 --format=%ct
  else
    stat -c %Y "$repo/CHANGELOG.md"
  fi
}

# One architecture, three spellings: Debian, rpm and .NET runtime identifier.
rpm_arch() { case "$1" in amd64) echo x86_64 ;; arm64) echo aarch64 ;; *) die "unknown arch $1" ;; esac; }
dotnet_rid() { case "$1" in amd64) echo linux-x64 ;; arm64) echo linux-arm64 ;; *) die "unknown arch $1" ;; esac; }
host_arch() { case "$(uname -m)" in x86_64) echo amd64 ;; aarch64) echo arm64 ;; *) uname -m ;; esac; }

# Debian packages the build needs; cross NativeAOT for arm64 links with clang and the cross binutils.
build_packages() {
  local arches=("$@") arch
  local packages=(dpkg-dev lintian man-db rpm rpmlint python3 file)
  for arch in "${arches[@]}"; do
    if [[ "$arch" != "$(host_arch)" && "$arch" == arm64 ]]; then
      packages+=(clang binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
    elif [[ "$arch" != "$(host_arch)" && "$arch" == amd64 ]]; then
      packages+=(clang binutils-x86-64-linux-gnu gcc-x86-64-linux-gnu libc6-dev-amd64-cross)
    fi
  done
  printf '%s\n' "${packages[@]}"
}

# Maintainer of the packages and their changelogs (deb-control(5), rpm Packager).
package_maintainer() {
  printf '%s\n' "${KA_PACKAGE_MAINTAINER:-KernelAgent developers <packaging@kernelagent.invalid>}"
}
