#!/usr/bin/env python3
"""Reads a guest console log (boot.sh --log) and prints the demo's summary.

The guest's init prints "KAE2E <what> <value>" lines; the agent's pass result is the JSON between
"KAE2E result-begin" and "KAE2E result-end" (the agent's own last-pass.json).

usage: report.py CONSOLE_LOG KEY=VALUE...   (host-side timings: build, farm_start, kernel, initramfs, vm_wall,
                                              total; and driver, arch, compilations, modules)
modules=a,b,c names the driver's modules (default kagent_sample); the guest lists /proc/modules as "KAE2E module".
Exit code: 0 when every module was loaded, 1 otherwise.
"""
import json
import sys


def parse(path):
    markers, result_lines, in_result = {}, [], False
    dmesg, modules = [], []
    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            line = raw.rstrip("\r\n")
            if line.startswith("KAE2E result-begin"):
                in_result = True
                continue
            if line.startswith("KAE2E result-end"):
                in_result = False
                continue
            if in_result:
                result_lines.append(line)
                continue
            if line.startswith("KAE2E "):
                what, _, value = line[6:].partition(" ")
                if what == "dmesg":
                    dmesg.append(value)
                elif what == "module":
                    modules.append(value)
                else:
                    markers[what] = value
    result = json.loads("\n".join(result_lines)) if result_lines else {}
    return markers, result, dmesg, modules


def seconds(span):
    """TimeSpan text "hh:mm:ss.fffffff" -> seconds."""
    if not span:
        return None
    h, m, s = span.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)


def main():
    markers, result, dmesg, modules = parse(sys.argv[1])
    host = dict(arg.split("=", 1) for arg in sys.argv[2:])
    expected = [m for m in host.get("modules", "kagent_sample").split(",") if m]
    present = {line.split(" ", 1)[0]: line for line in modules}
    if expected == ["kagent_sample"]:
        loaded_line = markers.get("proc-modules", "absent")
        loaded = loaded_line != "absent"
    else:
        missing = [m for m in expected if m not in present]
        loaded = not missing
        loaded_line = ", ".join(m for m in expected if m in present) + (f"; NOT loaded: {', '.join(missing)}" if missing else "")
    greeting = next((d for d in dmesg if "kagent_sample: loaded" in d), None)

    resolve = seconds(result.get("resolve_time"))
    duration = seconds(result.get("duration"))
    ready = float(markers.get("uptime-ready", "nan"))

    if result.get("source") == "Farm" and result.get("farm_built"):
        how = "MISS: the farm compiled, signed and published it on demand"
    elif result.get("source") == "Farm":
        how = "HIT: the farm had already published it, no compile"
    elif result.get("source"):
        how = f"HIT from the agent's {result['source'].lower()} (no farm call)"
    else:
        how = "no artifact"

    rows = [
        ("kernel", f"{markers.get('boot', '?')}"),
        ("driver", host.get("driver", "?")),
        ("variant key", result.get("variant_key", "?")),
        ("artifact", "sha256:" + result["artifact_digest"] if result.get("artifact_digest") else "none"),
        ("build id", f"{result.get('build_id') or '-'}  ({how})"),
        ("farm compiles", f"{host.get('compilations', '?')} during this run"),
        ("agent", f"exit {markers.get('agent-exit', '?')}: {result.get('outcome', '?')}: {result.get('message', '')}"),
        ("/proc/modules", loaded_line),
        ("kernel log", greeting.split("] ", 1)[-1] if greeting else "(no kagent_sample line)"),
    ]
    times = [
        ("build the farm, publish the AOT agent", host.get("build")),
        ("farm start", host.get("farm_start")),
        ("kernel image fetch", host.get("kernel")),
        ("initramfs", host.get("initramfs")),
        ("VM boot to agent start (guest clock)", f"{ready:.1f}"),
        ("agent resolve (identity, farm build, fetch, verify)", f"{resolve:.1f}" if resolve is not None else None),
        ("agent install + load", f"{duration - resolve:.1f}" if resolve is not None and duration is not None else None),
        ("VM total (qemu wall clock)", host.get("vm_wall")),
        ("total", host.get("total")),
    ]
    width = max(len(k) for k, _ in rows)
    print("== summary")
    for key, value in rows:
        print(f"  {key:<{width}}  {value}")
    print("  times (s):")
    twidth = max(len(k) for k, _ in times)
    for key, value in times:
        if value is not None and value != "nan":
            print(f"    {key:<{twidth}}  {value:>6}")
    return 0 if loaded and markers.get("agent-exit") == "0" else 1


if __name__ == "__main__":
    sys.exit(main())
