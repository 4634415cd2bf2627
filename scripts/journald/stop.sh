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
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pidfile"
