#!/usr/bin/env python3
"""Start-up of `kernel-buildfarm serve`: wall and CPU time from process start to the first answered GET /metrics, median of N runs.

Usage: bench/serve-startup.py FARM_EXECUTABLE [RUNS]   (figures for docs/benchmarks.md, "Farm start-up")
Each run starts the farm on free loopback ports with a state folder prepared by a first, unmeasured start
(so the signing key exists, as on every start after the first), waits for /metrics, then stops it.
"""
import os, socket, statistics, subprocess, sys, tempfile, time, urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """User + system CPU the process has used so far (proc(5), fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_once(farm, state):
    grpc, http = free_port(), free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [farm, "serve", "--state-dir", state, "--listen", f"127.0.0.1:{grpc}", "--http-listen", f"127.0.0.1:{http}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.monotonic() - started < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{http}/metrics", timeout=1) as response:
                    if response.status == 200:
                        return time.monotonic() - started, cpu_seconds(process.pid)
            except OSError:
                time.sleep(0.005)
        raise SystemExit(f"{farm} did not answer /metrics within 60 s")
    finally:
        process.terminate()
        process.wait()


def main():
    farm, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 7
    with tempfile.TemporaryDirectory(prefix="farm-startup-") as state:
        start_once(farm, state)
        results = [start_once(farm, state) for _ in range(runs)]
    times, cpu = [r[0] for r in results], [r[1] for r in results]
    print(f"{farm}: first /metrics answer after {statistics.median(times):.3f} s wall, {statistics.median(cpu):.2f} s CPU "
          f"(median of {runs}; {min(times):.3f}-{max(times):.3f} s wall, {min(cpu):.2f}-{max(cpu):.2f} s CPU)")


main()
