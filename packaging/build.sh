#!/usr/bin/env bash
# Builds the .deb and .rpm packages of kernel-agent and kernel-buildfarm, then lints them.
#
#   packaging/build.sh [--arch amd64|arm64|all] [--out DIR] [--work DIR] [--no-lint]
#
#   --arch     architecture(s) to build (default all: amd64 and arm64)
#   --out      where the packages go (default artifacts/packages)
#   --work     publish output, staging trees, rpmbuild folders (default artifacts/packaging)
#   --no-lint  skip lintian/rpmlint
#
# Produces, per architecture, kernel-agent_<version>_<arch>.deb, kernel-agent-<version>-1.<rpmarch>.rpm
# and the same two for kernel-buildfarm. The version comes from Directory.Build.props, the
# changelogs from CHANGELOG.md. Installs the Debian packages it needs when they are missing.
# Environment: KA_PACKAGE_MAINTAINER ("Name <mail>"), KA_RPM_RELEASE (default 1), SOURCE_DATE_EPOCH.
# Exit status: 0 built and clean, 3 built but lintian/rpmlint found problems, other values: no packages.
set -euo pipefail

PACKAGING="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$PACKAGING/.." && pwd)"
export PACKAGING REPO

# shellcheck source=packaging/lib/common.sh
source "$PACKAGING/lib/common.sh"
# shellcheck source=packaging/lib/publish.sh
source "$PACKAGING/lib/publish.sh"
# shellcheck source=packaging/lib/stage.sh
source "$PACKAGING/lib/stage.sh"
# shellcheck source=packaging/lib/deb.sh
source "$PACKAGING/lib/deb.sh"
# shellcheck source=packaging/lib/rpm.sh
source "$PACKAGING/lib/rpm.sh"
# shellcheck source=packaging/lib/lint.sh
source "$PACKAGING/lib/lint.sh"
# shellcheck source=scripts/lib/packages.sh
source "$REPO/scripts/lib/packages.sh"

usage() { sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit "${1:-0}"; }

arches=(amd64 arm64)
out="$REPO/artifacts/packages"
work="$REPO/artifacts/packaging"
lint=true
while (($#)); do
  case "$1" in
    --arch)
      case "${2:-}" in
        amd64 | arm64) arches=("$2") ;;
        all) arches=(amd64 arm64) ;;
        *) die "--arch takes amd64, arm64 or all (got '${2:-}')" ;;
      esac
      shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --work) work="${2:?--work needs a folder}"; shift 2 ;;
    --no-lint) lint=false; shift ;;
    -h | --help) usage 0 ;;
    *) printf 'packaging: unknown argument %s\n' "$1" >&2; usage 2 ;;
  esac
done
mkdir -p "$out" "$work"
out="$(cd "$out" && pwd)"
work="$(cd "$work" && pwd)"

VERSION="$(product_version "$REPO")"
EPOCH="$(source_date_epoch "$REPO")"
MAINTAINER="$(package_maintainer)"
RPM_RELEASE="${KA_RPM_RELEASE:-1}"
export VERSION EPOCH MAINTAINER RPM_RELEASE

started=$SECONDS
mapfile -t needed < <(build_packages "${arches[@]}")
ensure_packages "${needed[@]}"
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"

log "KernelAgent $VERSION for ${arches[*]} -> $out"
built=()
for arch in "${arches[@]}"; do
  step=$SECONDS
  publish_agent "$REPO" "$arch" "$work" "$work/publish/agent-$arch"
  publish_farm "$REPO" "$arch" "$work" "$work/publish/buildfarm-$arch"
  log "published $arch in $((SECONDS - step)) s"
  for pkg in kernel-agent kernel-buildfarm; do
    load_manifest "$pkg"
    stage="$work/stage/$pkg-$arch"
    stage_package "$pkg" "$stage" "$work/publish/$PKG_COMPONENT-$arch" "$VERSION" "$EPOCH"
    build_deb "$pkg" "$arch" "$stage" "$work" "$out"
    build_rpm "$pkg" "$arch" "$stage" "$work" "$out"
    built+=("$out/${pkg}_${VERSION}_${arch}.deb" "$out/$pkg-$VERSION-$RPM_RELEASE.$(rpm_arch "$arch").rpm")
  done
done

status=0
if $lint; then
  step=$SECONDS
  lint_packages "$out" "${built[@]}" || status=3
  log "linted in $((SECONDS - step)) s (reports in $out/lint)"
fi
printf '%s\n' "${built[@]}"
log "done in $((SECONDS - started)) s"
exit "$status"
