# Debian packages the real-component tests use, and a helper that installs only what is missing.
# shellcheck shell=bash

TEST_PACKAGES=(
  # independent DSSE verifier and Prometheus text parser (tests/interop)
  python3 openssl python3-prometheus-client
  # S3: a throwaway single-node Ceph with radosgw
  radosgw ceph-mon ceph-osd uuid-runtime
  # journald: a private systemd-journald and journalctl; unshare
  systemd util-linux
  # module tooling: depmod/modinfo
  kmod
  # the farm's real builds: kbuild, sandbox, 6.12 BTF, arm64 cross compiler, dpkg-deb, apt
  gcc make bubblewrap dwarves gcc-aarch64-linux-gnu dpkg-dev apt
  # RPM kernels' headers: rpm2archive unpacks kernel-devel; rpmbuild makes the tests' fake one; rpmkeys checks
  # its signature, made by rpmsign with a throwaway gpg key; apt-ftparchive writes a local Debian repository's Release
  rpm2cpio rpm gnupg gpgv apt-utils
  # end to end: a real Debian kernel booted in qemu (TCG) with a busybox initramfs
  qemu-system-x86 qemu-system-arm busybox-static cpio e2fsprogs
  # packaging: the arm64 agent run under user-mode emulation
  qemu-user
  # coverage-guided fuzzing of the attestation verifier and the ELF reader (scripts/fuzz.sh, SharpFuzz)
  afl++
  # scale-out: a throwaway nats-server with JetStream (farm replicas and build workers)
  nats-server
)

# Node.js for the independent gRPC client: Debian's package unless a node is already on PATH.
command -v node >/dev/null 2>&1 || TEST_PACKAGES+=(nodejs npm)

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
