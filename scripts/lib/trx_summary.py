#!/usr/bin/env python3
"""Sums the outcomes of every TRX file under a folder and prints the closing line CI reads:
'N passed, N failed, N skipped'. Lists failed tests above it, each with the first lines of its message. A test run
that exited with an error (a NAME.exit file beside its NAME results folder) but left no failed test in its TRX
counts as one failure, so a crashed or killed run is never read as green. Exit 0 always; the caller decides."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
MESSAGE_LINES = 6


def main() -> int:
    folder = sys.argv[1]
    passed = failed = skipped = 0
    failures = []
    files = sorted(glob.glob(f"{folder}/**/*.trx", recursive=True))
    for path in files:
        root = ET.parse(path).getroot()
        for result in root.iter(f"{NS}UnitTestResult"):
            outcome = result.get("outcome")
            if outcome == "Passed":
                passed += 1
            elif outcome in ("NotExecuted", "Inconclusive"):
                skipped += 1
            else:
                failed += 1
                message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
                text = (message.text or "").strip() if message is not None else ""
                failures.append((result.get("testName"), text))
    if not files:
        print(f"no test results found under {folder}", file=sys.stderr)
        failed += 1
    # dotnet test exits 8 when the filter selected no test in a project: that is not a failure.
    for exit_file in sorted(glob.glob(f"{folder}/**/*.exit", recursive=True)):
        with open(exit_file, encoding="utf-8") as f:
            code = f.read().strip()
        if code in ("0", "8"):
            continue
        run = exit_file[: -len(".exit")]
        run_failed = any(
            result.get("outcome") not in ("Passed", "NotExecuted", "Inconclusive")
            for path in glob.glob(f"{run}/**/*.trx", recursive=True)
            for result in ET.parse(path).getroot().iter(f"{NS}UnitTestResult"))
        if not run_failed:
            failed += 1
            failures.append((os.path.relpath(run, folder), f"the test run exited {code} without a failed test in its results"))
    # CI keeps only the tail of the output: each failure's cause goes here, a few lines of it, not only its name.
    for name, text in failures:
        print(f"FAILED: {name}")
        for line in text.splitlines()[:MESSAGE_LINES]:
            print(f"    {line[:400]}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
