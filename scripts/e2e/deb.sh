#!/usr/bin/env bash
# Prints the path of a Debian package (e.g. jool-dkms), downloaded once with the machine's apt sources and kept
# by its sha256 under CACHE/debs (scripts/e2e/lib.sh e2e_deb): the end-to-end tests' real DKMS drivers.
#
# usage: deb.sh CACHE PACKAGE
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

[[ $# -eq 2 ]] || e2e_die "usage: deb.sh CACHE PACKAGE"
[[ "$2" =~ ^[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?$ ]] || e2e_die "deb.sh: '$2' is not a Debian package name"
e2e_apt_root "$1"
e2e_deb "$1" "$2"
