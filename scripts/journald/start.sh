#!/usr/bin/env bash
# Starts a throwaway systemd-journald for tests, isolated from the machine's own journal:
# a private mount namespace with <dir>/run over /run, <dir>/log over /var/log and a test
# journald.conf over /etc/systemd/journald.conf (see shared/notes/journald.md).
#   usage: start.sh <dir>
#   socket:  <dir>/run/systemd/journal/socket
#   journal: <dir>/run/log/journal/<machine-id>/system.journal
#   pid:     <dir>/journald.pid   (stop with stop.sh <dir>)
#   stdout-exec.py <dir> <identifier> <command...> runs a command with its output on this journald, as a unit's.
# Needs root (unshare -m), util-linux and the systemd package (systemd-journald, journalctl).
set -euo pipefail

journald=${KA_JOURNALD_BINARY:-/lib/systemd/systemd-journald}

if [[ "${1:-}" == "--inside" ]]; then
  # Second stage, already inside the private mount namespace: bind, then become journald
  # (exec keeps the pid that the first stage recorded).
  dir=$2
  mount --bind "$dir/run" /run
  mount --bind "$dir/log" /var/log
  mount --bind "$dir/journald.conf" /etc/systemd/journald.conf
  exec "$journald"
fi

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <dir>" >&2
  exit 2
fi
dir=$(realpath -m "$1")
socket=$dir/run/systemd/journal/socket

if [[ ! -x "$journald" ]]; then
  echo "start.sh: $journald not found: install the Debian package systemd" >&2
  exit 3
fi
if [[ -e "$dir/journald.pid" ]] && kill -0 "$(cat "$dir/journald.pid")" 2>/dev/null; then
  echo "start.sh: a journald already runs for $dir (pid $(cat "$dir/journald.pid"))" >&2
  exit 4
fi

mkdir -p "$dir/run" "$dir/log"
cat > "$dir/journald.conf" <<'CONF'
[Journal]
Storage=volatile
# Without this journald imports the whole kernel ring buffer.
ReadKMsg=no
RateLimitBurst=0
ForwardToSyslog=no
ForwardToWall=no
CONF

setsid unshare -m --propagation private "$0" --inside "$dir" \
  </dev/null >"$dir/journald.out" 2>&1 &
pid=$!
echo "$pid" > "$dir/journald.pid.tmp"
mv "$dir/journald.pid.tmp" "$dir/journald.pid"

# The socket usually appears in well under 0.1 s; allow 10 s on a loaded machine.
for _ in $(seq 1 200); do
  if [[ -S "$socket" ]]; then
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start.sh: journald exited early; its output:" >&2
    cat "$dir/journald.out" >&2
    rm -f "$dir/journald.pid"
    exit 5
  fi
  sleep 0.05
done
echo "start.sh: no socket at $socket after 10 s" >&2
kill "$pid" 2>/dev/null || true
rm -f "$dir/journald.pid"
exit 6
