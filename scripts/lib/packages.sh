# Debian packages the real-component tests use, and a helper that installs only what is missing.
# shellcheck shell=bash

TEST_PACKAGES=(
  # independent DSSE verifier (tests/interop)
  python3 openssl
  # S3: a throwaway single-node Ceph with radosgw
  radosgw ceph-mon ceph-osd uuid-runtime
  # journald: a private systemd-journald and journalctl
  systemd
)

ensure_packages() {
  local missing=()
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    printf '== apt-get install %s\n' "${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}
