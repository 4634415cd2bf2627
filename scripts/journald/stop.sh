#!/usr/bin/env bash
# Stops the journald that start.sh <dir> started, by the pid it recorded. Leaves <dir> in place.
#   usage: stop.sh <dir>
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <dir>" >&2
  exit 2
fi
pidfile=$(realpath -m "$1")/journald.pid
if [[ ! -e "$pidfile" ]]; then
  exit 0
fi
pid=$(cat "$pidfile")

running() {
  # A zombie has exited already; its parent (no longer start.sh) reaps it in its own time.
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ "$state" != "Z" ]]
}

if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "systemd-journal" ]] && kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 100); do
    running "$pid" || break
    sleep 0.05
  done
  if running "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pidfile"
