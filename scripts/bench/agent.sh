#!/usr/bin/env bash
# Agent size and speed, measured and printed (no assertions):
#   binary size of the NativeAOT kernel-agent, start-up time of `identity`, and for `once --no-load` on a
#   hit from a directory store: wall time, peak RSS, and the agent's own time to "verified, ready to load".
# usage: scripts/bench/agent.sh [runs]    (needs the farm's build deps; reuses KA_TEST_CACHE for headers)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-20}"
work="$(mktemp -d /tmp/kernelagent-bench.XXXXXX)"
cache="${KA_TEST_CACHE:-/var/cache/kernelagent-test}"
trap 'kill "${farm_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== publishing the NativeAOT agent" >&2
dotnet publish "$repo/agent" -c Release -r linux-x64 -o "$work/agent" -nologo -v quiet >/dev/null
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
KERNEL_BUILDFARM_Headers__Cache__Directory="$cache/headers-cache" \
  dotnet "$repo/buildfarm/bin/Release/net10.0/kernel-buildfarm.dll" serve --state-dir "$work/farm" \
  --listen 127.0.0.1:57051 --http-listen 127.0.0.1:57052 >"$work/farm.log" 2>&1 &
farm_pid=$!
for _ in $(seq 1 100); do [[ -f "$work/farm/keys/signing-key.pub" ]] && break; sleep 0.2; done
mkdir -p "$work/keys" && cp "$work/farm/keys/signing-key.pub" "$work/keys/"
common=(--host-root "$root" --driver kagent_sample --driver-version 1.0.0 --trusted-keys "$work/keys" --state-dir "$work/state")
"$agent" once --no-load "${common[@]}" --farm http://127.0.0.1:57051 --cache-dir "$work/cache0" >/dev/null 2>&1

size=$(stat -c %s "$agent")
sodium=$(stat -c %s "$work/agent/libsodium.so")

start_ms=()
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s%N); "$agent" identity --host-root "$root" >/dev/null 2>&1; t1=$(date +%s%N)
  start_ms+=($(( (t1 - t0) / 1000 )))
done

wall=(); rss=(); ready=()
for i in $(seq 1 "$runs"); do
  rm -rf "$work/cache$i"
  out=$( { /usr/bin/time -f '%e %M' "$agent" once --no-load --json "${common[@]}" \
          --store "file://$work/farm/store" --cache-dir "$work/cache$i" 2>"$work/err" ; } ; tail -n1 "$work/err")
  read -r w r <<<"$(tail -n1 <<<"$out")"
  wall+=("$w"); rss+=("$r")
  ready+=("$(grep -o '"resolve_time": *"[^"]*"' <<<"$out" | sed 's/.*"\([^"]*\)"$/\1/')")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "kernel-agent (NativeAOT, linux-x64): $((size / 1024 / 1024)) MiB binary ($size bytes) + libsodium.so $((sodium / 1024)) KiB"
echo "identity start-up, median of $runs: $(median "${start_ms[@]}") us"
echo "once --no-load on a directory-store hit, median of $runs: wall $(median "${wall[@]}") s, peak RSS $(( $(median "${rss[@]}") / 1024 )) MiB"
echo "time from start of the pass to verified, ready to load (agent's own measure), median: $(printf '%s\n' "${ready[@]}" | sort | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
