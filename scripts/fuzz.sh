#!/usr/bin/env bash
# Coverage-guided fuzzing of the attestation verifier, the trust policy reader and the .modinfo ELF reader: SharpFuzz instruments the
# assemblies, afl-fuzz (Debian package afl++) drives them. Prints, per target, the executions and the crashes found.
# usage: scripts/fuzz.sh [seconds per target, default 30] [work folder, default a temp folder]
# Exit 0 when no target crashed, 1 when one did (the inputs are kept under <work>/findings/<target>/crashes), 2 when
# afl-fuzz could not start a target,
# 3 when afl-fuzz is not installed. docs/fuzzing.md has the longer run.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-30}"
work="${2:-$(mktemp -d /tmp/kernelagent-fuzz.XXXXXX)}"
mkdir -p "$work"
if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "fuzz: afl-fuzz is not installed (Debian package afl++); skipped" >&2
  exit 3
fi

project="$repo/tests/fuzz/KernelAgent.Fuzz"
out="$work/bin"
tools="$repo/.work/tools"
[[ -x "$tools/sharpfuzz" ]] || dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
dotnet build "$project" -c Release -o "$out" -nologo -v quiet >"$work/build.log" 2>&1 || { echo "fuzz: the harness does not build:" >&2; grep -E "error" "$work/build.log" | sort -u | head -n 20 >&2; exit 1; }
# Seeds first: instrumented code only runs under afl-fuzz (it writes to afl's shared memory).
dotnet "$out/KernelAgent.Fuzz.dll" seeds "$work/seeds"
"$tools/sharpfuzz" "$out/KernelAgent.Store.dll"
"$tools/sharpfuzz" "$out/kernel-agent.dll"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
mkdir -p "$work/findings"
dotnet_path="$(command -v dotnet)"
crashed=0
for target in attestation policy elf; do
  args=("$target")
  [[ "$target" == attestation || "$target" == policy ]] && args+=("$work/seeds/trusted.pub")
  afl-fuzz -i "$work/seeds/$target" -o "$work/findings/$target" -t 5000 -m none -V "$seconds" \
    -- "$dotnet_path" "$out/KernelAgent.Fuzz.dll" "${args[@]}" >"$work/$target.log" 2>&1 || true
  stats="$work/findings/$target/default/fuzzer_stats"
  if [[ ! -f "$stats" ]]; then
    echo "fuzz $target: afl-fuzz did not start; its last lines:" >&2
    tail -n 15 "$work/$target.log" >&2
    # Not a finding: the machine could not run afl-fuzz (exit 2 says so; the suite reports it without failing).
    [[ $crashed -eq 1 ]] || crashed=2
    continue
  fi
  execs="$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats")"
  crashes="$(awk -F' *: *' '$1=="saved_crashes"||$1=="unique_crashes"{print $2}' "$stats" | head -n1)"
  paths="$(awk -F' *: *' '$1=="corpus_count"||$1=="paths_total"{print $2}' "$stats" | head -n1)"
  echo "fuzz $target: ${seconds}s, $execs executions, $paths inputs in the corpus, $crashes crashes"
  [[ "${crashes:-0}" == 0 ]] || { crashed=1; echo "  crashing inputs: $work/findings/$target/default/crashes" >&2; }
done
exit "$crashed"
