#!/usr/bin/env bash
# Stops the throwaway Ceph that start.sh DIR started: radosgw, then the OSD, then the monitor (the
# order in which they depend on each other), each by the PID in its pid file, and waits for each to
# exit. Leaves DIR in place (logs stay readable); the caller deletes it.
#
# usage: stop.sh DIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi

dir=$(realpath -m "$1")
grace=${KA_RADOSGW_STOP_WAIT:-20}
status=0

stop_daemon() {
  local name=$1 comm=$2 pidfile=$dir/run/$1.pid pid
  [[ -f $pidfile ]] || return 0
  pid=$(<"$pidfile")
  # A stale pid file may name a recycled PID: only signal the process if it is the expected daemon.
  if [[ ! -d /proc/$pid ]] || [[ $(</proc/"$pid"/comm) != "$comm"* ]]; then
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + grace))
  while [[ -d /proc/$pid ]]; do
    if ((SECONDS >= deadline)); then
      echo "stop.sh: $name (pid $pid) did not exit within ${grace}s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      status=1
      sleep 0.5
      break
    fi
    sleep 0.1
  done
  rm -f "$pidfile"
}

stop_daemon client.rgw.gw radosgw
stop_daemon osd.0 ceph-osd
stop_daemon mon.a ceph-mon
exit "$status"
