#!/usr/bin/env bash
# The main job, end to end, on one machine:
#   a real Debian kernel boots in qemu with only the KernelAgent agent in its initramfs; the agent reads its
#   exact kernel identity, misses, asks the build farm (running here, on its embedded default) over gRPC,
#   follows the build, fetches the signed module, verifies it (signature, digest, variant, vermagic) and
#   loads it. The VM prints the evidence; this script prints a summary.
# Run it again: the farm's store keeps the module, so the second run is a hit with no compile.
#
# usage: scripts/demo.sh [--abi 6.1.0-NN] [--arch amd64|arm64] [--driver SOURCE] [--keep DIR] [--cache DIR]
#   --abi    Debian kernel ABI to boot (default: the newest linux-image-6.1.0-*-unsigned in the archive)
#   --arch   amd64 (qemu-system-x86_64) or arm64 (qemu-system-aarch64 -M virt, cross-built module and agent)
#   --driver a real driver instead of the sample: a DKMS folder, a .tar.gz of one, a *-dkms .deb, or a Debian
#            package name (e.g. v4l2loopback-dkms, fetched with apt-get download and cached by digest). It is
#            registered with the farm (`drivers add`), built once from the host (amd64) to learn which in-tree
#            modules it depends on (e.g. videodev), and those ship in the VM; the VM's agent gets the published
#            artifact (a hit), loads those in-tree modules from modules.dep, then the driver's in dependency order.
#   --keep   keep the VM's files (initramfs, agent.json, keys, console log, run-vm.sh) in DIR
#   --cache  downloads, the published agent and the farm's state (default /var/cache/kernelagent-e2e,
#            or $KA_E2E_CACHE); delete DIR/farm to start again with a new farm (new key, empty store)
# Needs: a Debian or Ubuntu machine with the .NET SDK, root (apt-get install), and Debian package sources
# in the machine's apt configuration (the kernel image and the headers come from there).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e="$repo/scripts/e2e"
# shellcheck source=scripts/e2e/lib.sh
source "$e2e/lib.sh"
# shellcheck source=scripts/e2e/packages.sh
source "$e2e/packages.sh"
# shellcheck source=scripts/lib/packages.sh
source "$repo/scripts/lib/packages.sh"

abi="" arch=amd64 keep="" cache="${KA_E2E_CACHE:-/var/cache/kernelagent-e2e}"
driver=kagent_sample driver_version=1.0.0 driver_source="" driver_modules="kagent_sample" kernel_deps=""
while (($#)); do
  case "$1" in
    --abi) abi="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --cache) cache="$2"; shift 2 ;;
    --driver) driver_source="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) e2e_die "unknown argument '$1' (see --help)" ;;
  esac
done
e2e_machine "$arch" >/dev/null
started="$(e2e_now_ms)"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

if [[ -n "$keep" ]]; then
  mkdir -p "$keep"
  work="$(cd "$keep" && pwd)"
else
  work="$(mktemp -d /tmp/kernelagent-demo.XXXXXX)"
fi
farm_state="$cache/farm"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
  set +e
  "$e2e/farm.sh" stop "$farm_state" >/dev/null 2>&1
  [[ -z "$keep" ]] && rm -rf "$work"
}
trap cleanup EXIT

e2e_log "installing what the demo needs (Debian packages, only those missing)"
packages=("${E2E_PACKAGES[@]}")
[[ "$arch" == arm64 ]] && packages+=("${E2E_PACKAGES_ARM64[@]}")
if [[ $EUID -ne 0 ]]; then
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      e2e_die "package $p is missing and this is not root: run the demo with sudo, or apt-get install ${packages[*]}"
  done
else
  ensure_packages "${packages[@]}"
fi
command -v dotnet >/dev/null || e2e_die "the .NET SDK (dotnet) is not on PATH"

t="$(e2e_now_ms)"
e2e_log "building the farm and publishing the agent for $arch as NativeAOT"
dotnet build "$repo/buildfarm" -c Release -nologo -v quiet >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; e2e_die "building the farm failed"; }
farm_dll="$repo/buildfarm/bin/Release/net10.0/kernel-buildfarm.dll"
"$e2e/publish-agent.sh" "$repo" "$arch" "$cache/agent/$arch" 2>"$work/publish.log" ||
  { cat "$work/publish.log" >&2; e2e_die "publishing the agent failed"; }
build_s="$(e2e_seconds "$t" "$(e2e_now_ms)")"

t="$(e2e_now_ms)"
e2e_log "choosing and fetching the Debian kernel for $arch (downloads cached by digest under $cache)"
if [[ -z "$abi" ]]; then
  abi="$("$e2e/abis.sh" "$cache" "$arch" | head -n1)"
  [[ -n "$abi" ]] || e2e_die "no linux-image-6.1.0-*-$arch-unsigned in the machine's Debian package sources"
fi
release="$abi-$arch"
e2e_log "kernel: linux-image-$release-unsigned"
if [[ -n "$driver_source" ]]; then
  # shellcheck source=scripts/e2e/demo-driver.sh
  source "$e2e/demo-driver.sh"
  demo_register_driver
fi
kernel="$("$e2e/kernel.sh" "$cache" "$arch" "$abi" "$kernel_deps")"
userland="$("$e2e/userland.sh" "$cache" "$arch")"
kernel_s="$(e2e_seconds "$t" "$(e2e_now_ms)")"

t="$(e2e_now_ms)"
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
grpc_port=17051
while ! port_free "$grpc_port" || ! port_free $((grpc_port + 1)); do grpc_port=$((grpc_port + 2)); done
http_port=$((grpc_port + 1))
if [[ -e "$farm_state/keys/signing-key.pub" ]]; then
  e2e_log "starting the build farm (state kept from an earlier run: $farm_state)"
else
  e2e_log "starting the build farm on its embedded default (new state folder $farm_state: a new signing key)"
fi
"$e2e/farm.sh" start "$farm_dll" "$farm_state" "$grpc_port" "$http_port"
if [[ -n "$driver_source" ]]; then
  demo_prebuild_driver
  kernel="$("$e2e/kernel.sh" "$cache" "$arch" "$abi" "$kernel_deps")"
fi
farm_s="$(e2e_seconds "$t" "$(e2e_now_ms)")"
e2e_log "farm: gRPC 127.0.0.1:$grpc_port, store mirror http://127.0.0.1:$http_port/store/ (the VM sees 10.0.2.2)"

t="$(e2e_now_ms)"
mkdir -p "$work/trusted-keys"
cp "$farm_state/keys/signing-key.pub" "$work/trusted-keys/farm.pub"
cat >"$work/agent.json" <<EOF
{
  "Agent": {
    "DriverName": "$driver",
    "DriverVersion": "$driver_version",
    "Farm": { "Address": "http://10.0.2.2:$grpc_port" }
  }
}
EOF
"$e2e/initramfs.sh" --out "$work/initramfs.cpio" --arch "$arch" --kernel "$kernel" --userland "$userland" \
  --agent "$cache/agent/$arch" --config "$work/agent.json" --trusted-keys "$work/trusted-keys"
initramfs_s="$(e2e_seconds "$t" "$(e2e_now_ms)")"
boot=("$e2e/boot.sh" --arch "$arch" --kernel "$kernel" --initrd "$work/initramfs.cpio" --append "kae2e.scenario=agent" --timeout 600)
if [[ -n "$keep" ]]; then
  {
    echo '#!/usr/bin/env bash'
    echo '# Boots the demo VM again against the same farm (same state, ports and key).'
    echo 'set -e'
    printf '%q ' "$e2e/farm.sh" start "$farm_dll" "$farm_state" "$grpc_port" "$http_port"; echo
    printf 'trap %q EXIT\n' "$(printf '%q ' "$e2e/farm.sh" stop "$farm_state")"
    printf '%q ' "${boot[@]}"; echo
  } >"$work/run-vm.sh"
  chmod +x "$work/run-vm.sh"
fi

# The farm's compiler logs "Building <driver> for <variant>" once per kbuild run: the hit/miss proof.
farm_compilations() { grep -c "Building $driver for" "$farm_state/farm.log" || true; }
compilations_before="$(farm_compilations)"
e2e_log "booting Debian $release in qemu (TCG, user-mode network); the VM's console follows"
t="$(e2e_now_ms)"
set +e
"${boot[@]}" --log "$work/console.log" | sed -u '/^KAE2E result-begin/,/^KAE2E result-end/d; s/^/  | /'
boot_rc=${PIPESTATUS[0]}
set -e
vm_s="$(e2e_seconds "$t" "$(e2e_now_ms)")"
((boot_rc == 0)) || e2e_die "qemu failed (exit $boot_rc); console log: $work/console.log"

set +e
python3 "$e2e/report.py" "$work/console.log" driver="$driver $driver_version" arch="$arch" modules="$driver_modules" \
  compilations=$(($(farm_compilations) - compilations_before)) \
  build="$build_s" farm_start="$farm_s" kernel="$kernel_s" initramfs="$initramfs_s" vm_wall="$vm_s" \
  total="$(e2e_seconds "$started" "$(e2e_now_ms)")"
ok=$?
set -e
[[ -n "$keep" ]] && e2e_log "VM files kept in $work (console.log, initramfs.cpio, agent.json, run-vm.sh)"
exit "$ok"
