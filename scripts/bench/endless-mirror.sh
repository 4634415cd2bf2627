#!/usr/bin/env bash
# Peak RSS of `kernel-agent once --no-load` against a hostile HTTP mirror that streams endless bytes for every
# object (scripts/bench/endless-mirror.py on 127.0.0.1), next to the same run against an empty directory store.
# Measured and printed, no assertions. usage: scripts/bench/endless-mirror.sh [agent binary] [runs]
#   default agent: the JIT build agent/bin/Release/net10.0/kernel-agent (dotnet build agent -c Release first);
#   pass a NativeAOT kernel-agent (dotnet publish agent -c Release -r linux-x64) to measure that one.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
agent="${1:-$repo/agent/bin/Release/net10.0/kernel-agent}"
runs="${2:-3}"
work="$(mktemp -d /tmp/kernelagent-endless.XXXXXX)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
trap 'kill "${mirror_pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

python3 "$repo/scripts/bench/endless-mirror.py" "$port" &
mirror_pid=$!
mkdir -p "$work/host/etc" "$work/host/proc/sys/kernel" "$work/keys" "$work/empty"
printf 'ID=debian\nVERSION_ID="12"\n' >"$work/host/etc/os-release"
echo "6.1.0-56-amd64" >"$work/host/proc/sys/kernel/osrelease"
echo "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-10-30)" >"$work/host/proc/sys/kernel/version"
openssl genpkey -algorithm ed25519 -out "$work/k.pem" 2>/dev/null
openssl pkey -in "$work/k.pem" -pubout -out "$work/keys/farm.pub"
config() {
  printf '{"Agent":{"HostRoot":"%s/host","DriverName":"kagent_sample","DriverVersion":"1.0.0","Stores":["%s"],' "$work" "$1"
  printf '"TrustedKeysDirectory":"%s/keys","CacheDirectory":"%s/cache","StateDirectory":"%s/state",' "$work" "$work" "$work"
  printf '"Install":false,"Load":false,"PrefetchInstalledKernels":false}}\n'
}
config "http://127.0.0.1:$port/store/" >"$work/endless.json"
config "file://$work/empty" >"$work/empty.json"
sleep 1
for store in empty endless; do
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "$store store: exit %x, wall %e s, peak RSS %M KiB" "$agent" once --config "$work/$store.json" --no-load 2>&1 >/dev/null | tail -1 || true
  done
done
