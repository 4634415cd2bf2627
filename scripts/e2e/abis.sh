#!/usr/bin/env bash
# Lists the Debian 6.1 kernel ABIs whose unsigned image the configured archive offers for ARCH, newest first
# (e.g. "6.1.0-56"). Old ABIs leave the archive, so callers pick from this list instead of pinning one.
#
# usage: abis.sh CACHE ARCH
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 2 ]] || e2e_die "usage: abis.sh CACHE ARCH"
cache="$1" arch="$2"
e2e_machine "$arch" >/dev/null
e2e_apt_root "$cache"
APT_CONFIG="$E2E_APT_CONFIG" apt-cache pkgnames linux-image-6.1.0- |
  sed -n "s/^linux-image-\(6\.1\.0-[0-9]*\)-$arch-unsigned\$/\1/p" | sort -rV
