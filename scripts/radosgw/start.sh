#!/usr/bin/env bash
# Starts a throwaway single-node Ceph (one mon, one memstore OSD, one radosgw) for tests.
# Everything lives under DIR and listens on 127.0.0.1 only; cephx is on because radosgw hangs
# without it ("get_initial_auth_request returned -13"). Installs nothing: the caller provides the
# Debian packages radosgw, ceph-mon and ceph-osd. See shared notes radosgw.md for the why of each line.
#
# usage: start.sh DIR PORT [MON_PORT]
#   DIR       a new or empty folder that will hold config, keyring, mon data, logs, pid files
#   PORT      the radosgw HTTP port on 127.0.0.1
#   MON_PORT  the monitor's msgr2 port on 127.0.0.1 (default PORT+1)
# Prints KA_TEST_S3_ENDPOINT / KA_TEST_S3_ACCESS_KEY / KA_TEST_S3_SECRET_KEY lines and writes them
# to DIR/env. Stop with stop.sh DIR.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 DIR PORT [MON_PORT]" >&2
  exit 2
fi

dir=$(realpath -m "$1")
port=$2
mon_port=${3:-$((port + 1))}
# Fixed test credentials: the store under test gets them from the env lines, never from here.
access_key=KATESTACCESSKEY00001
secret_key=kernelagent-test-secret-key-0000000000001
rgw_name=client.rgw.gw
# Seconds each phase may take before the script gives up and shows the daemon's log.
mon_wait=${KA_RADOSGW_MON_WAIT:-30}
osd_wait=${KA_RADOSGW_OSD_WAIT:-60}
rgw_wait=${KA_RADOSGW_RGW_WAIT:-90}

for tool in ceph ceph-authtool monmaptool ceph-mon ceph-osd radosgw radosgw-admin uuidgen timeout; do
  if ! command -v "$tool" >/dev/null; then
    echo "start.sh: '$tool' is missing; install the Debian packages radosgw ceph-mon ceph-osd" >&2
    exit 3
  fi
done

if [[ -e "$dir/ceph.conf" ]]; then
  echo "start.sh: $dir already holds a cluster; stop it with stop.sh and use a new folder" >&2
  exit 2
fi

elapsed() {
  local us=$((${EPOCHREALTIME/[.,]/} - started))
  printf '%d.%d' $((us / 1000000)) $((us / 100000 % 10))
}

# True when something on 127.0.0.1:PORT answers an HTTP request with a status line (no curl needed).
http_answers() {
  local line
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  [[ $line == HTTP/* ]]
}

fail() {
  local what=$1 log=$2
  echo "start.sh: $what" >&2
  if [[ -f "$log" ]]; then
    echo "---- last lines of $log ----" >&2
    tail -n 40 "$log" >&2
  fi
  # Leave nothing running behind a failed start; the folder stays for the logs.
  "$(dirname "$0")/stop.sh" "$dir" >&2 || true
  exit 1
}

# True while the daemon NAME (mon.a, osd.0, client.rgw.gw) named by its pid file still runs.
alive() {
  local pidfile=$dir/run/$1.pid
  [[ ! -f $pidfile ]] || [[ -d /proc/$(<"$pidfile") ]]
}

# Waits up to SECONDS for CHECK to succeed; fails with the daemon's log if it exits or time runs out.
wait_for() {
  local what=$1 daemon=$2 seconds=$3 log=$4
  shift 4
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    alive "$daemon" || fail "$daemon exited before $what" "$log"
    ((SECONDS < deadline)) || fail "$what did not happen within ${seconds}s" "$log"
    sleep 0.2
  done
}

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

osd_up() { ceph_cli osd stat | grep -q ' 1 up'; }

for p in "$port" "$mon_port"; do
  if port_taken "$p"; then
    echo "start.sh: 127.0.0.1:$p is already in use; choose other ports" >&2
    exit 2
  fi
done

mkdir -p "$dir"/{run,log,mon,osd}
conf=$dir/ceph.conf
keyring=$dir/keyring
started=${EPOCHREALTIME/[.,]/}

# Every ceph CLI call gets a deadline: a client that cannot reach the mon otherwise waits forever.
ceph_cli() { timeout 30 ceph -c "$conf" --connect-timeout 20 "$@"; }

cat >"$conf" <<CONF
[global]
fsid = $(uuidgen)
mon host = v2:127.0.0.1:$mon_port
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
ms bind msgr1 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd objectstore = memstore
memstore device bytes = 2147483648
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.pid
keyring = $keyring
mon data = $dir/mon/\$cluster-\$id
osd data = $dir/osd/\$cluster-\$id
chdir = ""

[$rgw_name]
rgw frontends = beast endpoint=127.0.0.1:$port
rgw dns name = 127.0.0.1
CONF

ceph-authtool --create-keyring "$keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$keyring" --gen-key -n client.admin \
  --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
ceph-authtool "$keyring" --gen-key -n osd.0 \
  --cap mon 'allow profile osd' --cap mgr 'allow profile osd' --cap osd 'allow *' >/dev/null
ceph-authtool "$keyring" --gen-key -n "$rgw_name" --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null

fsid=$(sed -n 's/^fsid = //p' "$conf")
monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
ceph-mon -c "$conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$keyring" \
  || fail "ceph-mon --mkfs failed" "$dir/log/mon.a.log"
ceph-mon -c "$conf" -i a 2>>"$dir/log/mon.a.stderr" || fail "ceph-mon did not start" "$dir/log/mon.a.log"

wait_for "the monitor answering" mon.a "$mon_wait" "$dir/log/mon.a.log" ceph_cli mon stat
echo "start.sh: mon up after $(elapsed)s" >&2

osd_id=$(ceph_cli osd create) || fail "'ceph osd create' failed" "$dir/log/mon.a.log"
[[ $osd_id == 0 ]] || fail "expected OSD id 0, the monitor gave '$osd_id'" "$dir/log/mon.a.log"
mkdir -p "$dir/osd/ceph-0"
ceph-osd -c "$conf" -i 0 --mkfs >/dev/null 2>&1 || fail "ceph-osd --mkfs failed" "$dir/log/osd.0.log"
ceph_cli osd crush add osd.0 1 root=default host=localhost >/dev/null 2>&1 \
  || fail "'ceph osd crush add' failed" "$dir/log/mon.a.log"
ceph-osd -c "$conf" -i 0 2>>"$dir/log/osd.0.stderr" || fail "ceph-osd did not start" "$dir/log/osd.0.log"

wait_for "the OSD coming up" osd.0 "$osd_wait" "$dir/log/osd.0.log" osd_up
echo "start.sh: osd up after $(elapsed)s" >&2

radosgw -c "$conf" -n "$rgw_name" 2>>"$dir/log/$rgw_name.stderr" || fail "radosgw did not start" "$dir/log/$rgw_name.log"

wait_for "radosgw answering HTTP on 127.0.0.1:$port" "$rgw_name" "$rgw_wait" "$dir/log/$rgw_name.log" http_answers "$port"
echo "start.sh: radosgw serving after $(elapsed)s" >&2

timeout 60 radosgw-admin -c "$conf" user create --uid=kernelagent-test --display-name="KernelAgent tests" \
  --access-key="$access_key" --secret="$secret_key" >/dev/null \
  || fail "radosgw-admin user create failed" "$dir/log/$rgw_name.log"

{
  echo "KA_TEST_S3_ENDPOINT=http://127.0.0.1:$port"
  echo "KA_TEST_S3_ACCESS_KEY=$access_key"
  echo "KA_TEST_S3_SECRET_KEY=$secret_key"
} >"$dir/env"
cat "$dir/env"
echo "start.sh: ready after $(elapsed)s" >&2
