#!/usr/bin/env bash
# Agent size and speed, measured and printed (no assertions):
#   binary size of the NativeAOT kernel-agent, start-up time of `identity`, and `once --no-load` on a hit from a
#   directory store against `--version` (interleaved runs, medians, ratio): wall time, peak RSS, and the agent's own
#   time to "verified, ready to load".
# usage: [KA_AGENT_DIR=<published agent>] scripts/bench/agent.sh [runs]    (needs the farm's build deps; reuses KA_TEST_CACHE for headers)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"
work="$(mktemp -d /tmp/kernelagent-bench.XXXXXX)"
cache="${KA_TEST_CACHE:-/tmp/kernelagent-test-cache}"
trap 'kill "${farm_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

# KA_AGENT_DIR: an already published agent folder (e.g. packaging's) to measure instead of publishing one.
if [[ -n "${KA_AGENT_DIR:-}" ]]; then
  cp -a "$KA_AGENT_DIR" "$work/agent"
else
  echo "== publishing the NativeAOT agent" >&2
  dotnet publish "$repo/agent" -c Release -r linux-x64 -o "$work/agent" -nologo -v quiet >/dev/null
fi
dotnet build "$repo/buildfarm" -c Release -nologo -v quiet >/dev/null
agent="$work/agent/kernel-agent"

# A host root with a real Debian 12 identity, so the farm can build for it.
root="$work/host"
release="6.1.0-56-amd64"
build="#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"
mkdir -p "$root/etc" "$root/proc/sys/kernel" "$root/lib/modules/$release"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n' >"$root/etc/os-release"
echo "$release" >"$root/proc/sys/kernel/osrelease"
echo "$build" >"$root/proc/sys/kernel/version"
touch "$root/lib/modules/$release/modules.order" "$root/lib/modules/$release/modules.builtin"

echo "== starting a farm and building once (warm-up)" >&2
KERNEL_BUILDFARM_Headers__Cache__Directory="$cache/headers" KERNEL_BUILDFARM_Headers__Debian__AptDirectory="$cache/apt" \
  KERNEL_BUILDFARM_Headers__Debian__RefreshInterval=00:00:00 \
  dotnet "$repo/buildfarm/bin/Release/net10.0/kernel-buildfarm.dll" serve --state-dir "$work/farm" \
  --listen 127.0.0.1:57051 --http-listen 127.0.0.1:57052 >"$work/farm.log" 2>&1 &
farm_pid=$!
for _ in $(seq 1 100); do [[ -f "$work/farm/keys/signing-key.pub" ]] && break; sleep 0.2; done
mkdir -p "$work/keys" && cp "$work/farm/keys/signing-key.pub" "$work/keys/"
common=(--host-root "$root" --driver kagent_sample --driver-version 1.0.0 --trusted-keys "$work/keys")
"$agent" once --no-load "${common[@]}" --state-dir "$work/state" --farm http://127.0.0.1:57051 --cache-dir "$work/cache0" >/dev/null 2>&1

size=$(stat -c %s "$agent")
sodium=$(stat -c %s "$work/agent/libsodium.so")

start_ms=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N); "$agent" identity --host-root "$root" >/dev/null 2>&1; t1=$(date +%s%N)
  start_ms+=($(( (t1 - t0) / 1000 )))
done

# Interleaved, so both sides see the same load: the reference is `--version` (the NativeAOT runtime's start-up and
# exit with nothing else), the product `once --no-load` on a hit from the directory store (fresh cache and state
# folders each run, so the store is read, verified and installed every time).
measured() { # $1 = wall ms array name, $2 = RSS KiB array name, rest = command
  local -n wall_ref="$1" rss_ref="$2"; shift 2
  local t0 t1
  t0=$(date +%s%N); /usr/bin/time -o "$work/time" -f '%M' "$@" >"$work/out" 2>"$work/err"; t1=$(date +%s%N)
  wall_ref+=($(( (t1 - t0) / 1000000 ))); rss_ref+=("$(tail -n1 "$work/time")")
}
version_wall=(); version_rss=(); once_wall=(); once_rss=(); ready=()
for i in $(seq 1 "$runs"); do
  measured version_wall version_rss "$agent" --version
  rm -rf "$work/cache$i" "$work/state$i"
  measured once_wall once_rss "$agent" once --no-load --json "${common[@]}" --state-dir "$work/state$i" \
    --store "file://$work/farm/store" --cache-dir "$work/cache$i"
  grep -qi '"outcome": *"verified"' "$work/out" || { cat "$work/out" "$work/err" >&2; echo "once --no-load did not verify a store hit" >&2; exit 1; }
  ready+=("$(grep -o '"resolve_time": *"[^"]*"' "$work/out" | sed 's/.*"\([^"]*\)"$/\1/')")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
vw=$(median "${version_wall[@]}"); ow=$(median "${once_wall[@]}")
vr=$(( $(median "${version_rss[@]}") / 1024 )); orss=$(( $(median "${once_rss[@]}") / 1024 ))
echo "kernel-agent (NativeAOT, linux-x64): $((size / 1024 / 1024)) MiB binary ($size bytes) + libsodium.so $((sodium / 1024)) KiB"
echo "identity start-up, median of $runs: $(median "${start_ms[@]}") us"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| median of $runs, interleaved | reference: --version | once --no-load, store hit | ratio | goal (issue 15) |"
echo "|---|---:|---:|---:|---|"
echo "| wall ms | $vw | $ow | $(ratio "$ow" "$vw") | <= 30 ms idle, <= 2x --version |"
echo "| peak RSS MiB | $vr | $orss | $(ratio "$orss" "$vr") | <= 20 MiB |"
echo "time from start of the pass to verified, ready to load (agent's own measure), median: $(printf '%s\n' "${ready[@]}" | sort | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
