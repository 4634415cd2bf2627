#!/usr/bin/env bash
# Starts or stops the build farm on its embedded default (directory store under the state folder, builds
# in-process, signing key generated on first start at STATE/keys/signing-key.pem), bound to 127.0.0.1.
# Agents in a qemu guest reach it as 10.0.2.2, so the store URL it hands out says so.
#
# usage: farm.sh start FARM_DLL STATE GRPC_PORT HTTP_PORT [PUBLIC_HOST]   (PUBLIC_HOST default 10.0.2.2)
#        farm.sh stop STATE
# start returns once the gRPC port accepts connections; the farm's log is STATE/farm.log, its pid STATE/farm.pid.
# Environment: KERNEL_BUILDFARM_* settings pass through (e.g. KERNEL_BUILDFARM_Headers__Cache__Directory).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/e2e/lib.sh
source "$here/lib.sh"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

case "${1:-}" in
  start)
    [[ $# -ge 5 ]] || e2e_die "usage: farm.sh start FARM_DLL STATE GRPC_PORT HTTP_PORT [PUBLIC_HOST]"
    dll="$2" state="$3" grpc="$4" http="$5" public_host="${6:-10.0.2.2}"
    [[ -f "$dll" ]] || e2e_die "farm.sh: $dll does not exist (dotnet build buildfarm -c Release)"
    mkdir -p "$state"
    state="$(cd "$state" && pwd)"
    if [[ -e "$state/farm.pid" ]] && kill -0 "$(cat "$state/farm.pid")" 2>/dev/null; then
      e2e_die "farm.sh: a farm already runs with state $state (pid $(cat "$state/farm.pid"))"
    fi
    for p in "$grpc" "$http"; do
      ! port_open "$p" || e2e_die "farm.sh: 127.0.0.1:$p is already in use"
    done
    setsid dotnet "$dll" serve --state-dir "$state" --listen "127.0.0.1:$grpc" --http-listen "127.0.0.1:$http" \
      --public-store-url "http://$public_host:$http/store/" </dev/null >>"$state/farm.log" 2>&1 &
    echo $! >"$state/farm.pid"
    for _ in $(seq 1 300); do
      if port_open "$grpc" && port_open "$http"; then exit 0; fi
      kill -0 "$(cat "$state/farm.pid")" 2>/dev/null || { tail -n 30 "$state/farm.log" >&2; e2e_die "the farm exited during start"; }
      sleep 0.2
    done
    tail -n 30 "$state/farm.log" >&2
    e2e_die "the farm did not listen on 127.0.0.1:$grpc within 60 s"
    ;;
  stop)
    [[ $# -eq 2 ]] || e2e_die "usage: farm.sh stop STATE"
    pidfile="$2/farm.pid"
    [[ -e "$pidfile" ]] || exit 0
    pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
    ;;
  *) e2e_die "usage: farm.sh start|stop ..." ;;
esac
