#!/usr/bin/env bash
# A real multi-module DKMS driver built by the farm against `dkms build` of the same package for the same kernel,
# cold and warm, interleaved in one run (both sides see the same machine load), with the load average recorded:
#   farm cold   a new farm (empty headers cache and store): the agent's request to the module fetched and verified
#               (header download, extract, dkms.conf read in the sandbox, make, strip, sign, publish, fetch)
#   dkms cold   the same header .debs (already downloaded) extracted into a new root, then `dkms add` + `dkms build`
#   farm warm   the same farm restarted with its store emptied (headers cache kept): the same request again
#   dkms warm   `dkms add` + `dkms build` into a new dkms tree, headers root already extracted
# dkms runs in bubblewrap with a private /var/lib/dkms and /usr/src (links to the extracted headers), so nothing
# is installed on this machine. The farm's side is driven by the NativeAOT agent (`once --no-load`) against a
# host root that carries the target kernel's exact identity.
#
# usage: bench/dkms-xtables.sh [--package xtables-addons-dkms] [--runs N] [--abi 6.1.0-NN]
#   --package  a Debian *-dkms package (default xtables-addons-dkms: 24 modules, 23 listed plus xt_asn)
#   --runs     warm pairs after the cold pair (default 2); the median warm pair is reported
#   --abi      Debian 6.1 ABI (default: the newest with an image in the archive)
# Environment: KA_TEST_CACHE (default /var/cache/kernelagent-test) holds the downloads and the published agent.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$repo/scripts/e2e/lib.sh"

package=xtables-addons-dkms runs=2 abi=""
while (($#)); do
  case "$1" in
    --package) package="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --abi) abi="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) e2e_die "unknown argument '$1' (see --help)" ;;
  esac
done
cache="${KA_TEST_CACHE:-/var/cache/kernelagent-test}/e2e"
mkdir -p "$cache"
work="$(mktemp -d /tmp/kernelagent-bench-dkms.XXXXXX)"
farm_state="$work/farm"
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() { "$repo/scripts/e2e/farm.sh" stop "$farm_state" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

for tool in dkms bwrap dotnet dpkg-deb; do command -v "$tool" >/dev/null || e2e_die "$tool is needed"; done
farm_dll="$repo/buildfarm/bin/Release/net10.0/kernel-buildfarm.dll"
[[ -f "$farm_dll" ]] || dotnet build "$repo/buildfarm" -c Release -nologo -v quiet >/dev/null
agent="$cache/agent/amd64/kernel-agent"
[[ -x "$agent" ]] || "$repo/scripts/e2e/publish-agent.sh" "$repo" amd64 "$cache/agent/amd64" >/dev/null

e2e_apt_root "$cache"
[[ -n "$abi" ]] || abi="$("$repo/scripts/e2e/abis.sh" "$cache" amd64 | head -n1)"
release="$abi-amd64"
e2e_log "kernel $release; package $package"
headers_debs=("$(e2e_deb "$cache" "linux-headers-$release:amd64")" "$(e2e_deb "$cache" "linux-headers-$abi-common:amd64")"
  "$(e2e_deb "$cache" "linux-kbuild-6.1:amd64")")
deb="$(e2e_deb "$cache" "$package")"
build_string="$(dpkg-deb --fsys-tarfile "${headers_debs[0]}" |
  tar -xO "./usr/src/linux-headers-$release/include/generated/utsversion.h" | sed -n 's/^#define UTS_VERSION "\(.*\)"$/\1/p')"
[[ -n "$build_string" ]] || e2e_die "no UTS_VERSION in linux-headers-$release"

# The driver's source tree for dkms, and its name and version as dkms.conf sets them.
dpkg-deb -x "$deb" "$work/deb"
tree="$(find "$work/deb/usr/src" -mindepth 1 -maxdepth 1 -type d | head -n1)"
name="$(sed -n 's/^PACKAGE_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$tree/dkms.conf")"
version="$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$tree/dkms.conf")"
[[ "$(basename "$tree")" == "$name-$version" ]] || e2e_die "$package: $tree is not <PACKAGE_NAME>-<PACKAGE_VERSION>"

# The farm: the .deb registered (its unlisted modules allowed, as dkms drops them silently), no build packages.
mkdir -p "$work/registrations"
export KERNEL_BUILDFARM_Drivers__RegistrationDirectory="$work/registrations"
export KERNEL_BUILDFARM_Headers__Cache__Directory="$work/farm-headers"
dotnet "$farm_dll" drivers add "$deb" --no-build-depends --print 2>/dev/null |
  sed 's/"AllowUnlistedModules": *false/"AllowUnlistedModules": true/' >"$work/registrations/$name-$version.json"
grep -q '"AllowUnlistedModules": *true' "$work/registrations/$name-$version.json" || e2e_die "registering $deb failed"

host="$work/host"
mkdir -p "$host/etc" "$host/proc/sys/kernel" "$host/lib/modules/$release"
cp /usr/lib/os-release "$host/etc/os-release" 2>/dev/null || printf 'ID=debian\nVERSION_ID="12"\n' >"$host/etc/os-release"
grep -q '^VERSION_ID="12"' "$host/etc/os-release" || printf 'ID=debian\nVERSION_ID="12"\n' >"$host/etc/os-release"
echo "$release" >"$host/proc/sys/kernel/osrelease"
echo "$build_string" >"$host/proc/sys/kernel/version"
touch "$host/lib/modules/$release/modules.order" "$host/lib/modules/$release/modules.builtin"

port=$((20000 + RANDOM % 20000))
farm_start() {
  "$repo/scripts/e2e/farm.sh" start "$farm_dll" "$farm_state" "$port" $((port + 1)) 127.0.0.1 >/dev/null
  mkdir -p "$work/keys" && cp "$farm_state/keys/signing-key.pub" "$work/keys/farm.pub"
}
farm_build() { # $1 = label; prints seconds
  local t0 t1
  t0="$(e2e_now_ms)"
  "$agent" once --no-load --host-root "$host" --driver "$name" --driver-version "$version" --trusted-keys "$work/keys" \
    --state-dir "$work/state-$1" --cache-dir "$work/cache-$1" --farm "http://127.0.0.1:$port" --build-deadline 01:00:00 \
    >"$work/agent-$1.log" 2>&1 || { tail -n 20 "$work/agent-$1.log" "$farm_state/farm.log" >&2; e2e_die "the farm's $1 build failed"; }
  t1="$(e2e_now_ms)"
  e2e_seconds "$t0" "$t1"
}
dkms_build() { # $1 = label, $2 = headers root; prints seconds
  local dkmstree="$work/dkms-$1" bw=(--bind / / --dev /dev --proc /proc --tmpfs /usr/src --tmpfs /var/lib/dkms) t0 t1 e
  for e in "$2"/usr/src/*; do bw+=(--symlink "$e" "/usr/src/$(basename "$e")"); done
  mkdir -p "$dkmstree"
  local m=(-m "$name" -v "$version" --sourcetree "$work/deb/usr/src" --dkmstree "$dkmstree")
  t0="$(e2e_now_ms)"
  bwrap "${bw[@]}" -- dkms add "${m[@]}" >"$work/dkms-$1.log" 2>&1 &&
    bwrap "${bw[@]}" -- dkms build "${m[@]}" -k "$release" --kernelsourcedir "/usr/src/linux-headers-$release" >>"$work/dkms-$1.log" 2>&1 ||
    { tail -n 30 "$work/dkms-$1.log" >&2; e2e_die "dkms $1 build failed"; }
  t1="$(e2e_now_ms)"
  e2e_seconds "$t0" "$t1"
}
extract_headers() { # $1 = root; prints seconds
  local t0 d
  t0="$(e2e_now_ms)"
  for d in "${headers_debs[@]}"; do dpkg-deb -x "$d" "$1"; done
  e2e_seconds "$t0" "$(e2e_now_ms)"
}
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

e2e_log "cold pair"
load_cold="$(loadavg)"
farm_start
farm_cold="$(farm_build cold)"
modules="$(find "$work/cache-cold" -name '*.ko' | wc -l)"
extract_s="$(extract_headers "$work/root")"
dkms_cold_build="$(dkms_build cold "$work/root")"
dkms_cold="$(awk -v a="$extract_s" -v b="$dkms_cold_build" 'BEGIN { printf "%.1f", a + b }')"
dkms_modules="$(find "$work/dkms-cold/$name/$version/$release/x86_64/module" -name '*.ko' | wc -l)"
e2e_log "cold: farm $farm_cold s ($modules modules), dkms $dkms_cold s ($dkms_modules modules; extract $extract_s s)"

farm_warm=() dkms_warm=() loads=()
for i in $(seq 1 "$runs"); do
  "$repo/scripts/e2e/farm.sh" stop "$farm_state"
  rm -rf "$farm_state/store"
  farm_start
  loads+=("$(loadavg)")
  farm_warm+=("$(farm_build "warm$i")")
  dkms_warm+=("$(dkms_build "warm$i" "$work/root")")
  e2e_log "warm $i: farm ${farm_warm[-1]} s, dkms ${dkms_warm[-1]} s (load ${loads[-1]})"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
fw="$(median "${farm_warm[@]}")" dw="$(median "${dkms_warm[@]}")"
echo
echo "$package ($name $version, $modules modules from the farm, $dkms_modules from dkms) for $release, $(dkms --version), $(nproc) cores"
echo "| build | farm s | dkms s | farm/dkms | load average (1/5/15 min) at start |"
echo "|---|---:|---:|---:|---|"
printf '| cold | %s | %s | %.2f | %s |\n' "$farm_cold" "$dkms_cold" "$(awk -v a="$farm_cold" -v b="$dkms_cold" 'BEGIN { print a / b }')" "$load_cold"
for i in $(seq 1 "$runs"); do
  printf '| warm %d | %s | %s | %.2f | %s |\n' "$i" "${farm_warm[i - 1]}" "${dkms_warm[i - 1]}" \
    "$(awk -v a="${farm_warm[i - 1]}" -v b="${dkms_warm[i - 1]}" 'BEGIN { print a / b }')" "${loads[i - 1]}"
done
printf 'warm medians: farm %s s, dkms %s s, ratio farm/dkms %.2f; load average now %s\n' "$fw" "$dw" "$(awk -v a="$fw" -v b="$dw" 'BEGIN { print a / b }')" "$(loadavg)"
