#!/usr/bin/env bash
# The whole test suite, from a fresh Debian/Ubuntu machine with the .NET SDK:
#   bash scripts/test.sh            unit tests, then the integration tests against real components
#   bash scripts/test.sh --unit     the fast unit tests only
# Installs the Debian packages the real-component tests need, starts the servers they use (Ceph
# radosgw, systemd-journald) on 127.0.0.1 under a temp folder, stops them afterwards, and ends with
# the line "N passed, N failed, N skipped".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unit_only=false
[[ "${1:-}" == "--unit" ]] && unit_only=true

work="$(mktemp -d /tmp/kernelagent-test.XXXXXX)"
results="$work/results"
export KA_TEST_CACHE="${KA_TEST_CACHE:-/var/cache/kernelagent-test}"
mkdir -p "$results/unit" "$results/integration" "$KA_TEST_CACHE"

log() { printf '== [%4ds] %s\n' "$SECONDS" "$*" >&2; }

# shellcheck source=scripts/lib/packages.sh
source "$repo/scripts/lib/packages.sh"
# shellcheck source=scripts/e2e/packages.sh
source "$repo/scripts/e2e/packages.sh"
# shellcheck source=scripts/lib/modules-fixture.sh
source "$repo/scripts/lib/modules-fixture.sh"

cleanup() {
  set +e
  if [[ -n "${radosgw_dir:-}" ]]; then "$repo/scripts/radosgw/stop.sh" "$radosgw_dir" >/dev/null 2>&1; fi
  if [[ -n "${journal_dir:-}" ]]; then "$repo/scripts/journald/stop.sh" "$journal_dir" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT

if ! $unit_only; then
  log "installing test dependencies (Debian packages)"
  ensure_packages "${TEST_PACKAGES[@]}" "${E2E_PACKAGES[@]}" "${E2E_PACKAGES_ARM64[@]}"

  log "installing the independent gRPC client (npm)"
  (cd "$repo/tests/interop" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

  log "preparing real Debian modules for the .modinfo tests"
  KA_TEST_MODULES_DIR="$(prepare_modules_fixture "$KA_TEST_CACHE")"
  export KA_TEST_MODULES_DIR

  if [[ -x "$repo/scripts/radosgw/start.sh" ]]; then
    log "starting Ceph radosgw on 127.0.0.1"
    radosgw_dir="$work/radosgw"
    mkdir -p "$radosgw_dir"
    "$repo/scripts/radosgw/start.sh" "$radosgw_dir" "${KA_TEST_S3_PORT:-17480}" >"$work/radosgw.out"
    set -a; source "$radosgw_dir/env"; set +a
  fi

  if [[ -x "$repo/scripts/journald/start.sh" ]]; then
    log "starting a private systemd-journald"
    journal_dir="$work/journal"
    "$repo/scripts/journald/start.sh" "$journal_dir"
    export KA_TEST_JOURNAL_DIR="$journal_dir"
  fi
fi

log "building"
dotnet build "$repo/KernelAgent.sln" -c Release -warnaserror -nologo -v quiet

# One dotnet test per test project, all at once, each with its own results folder: run as one solution, two
# projects that start in the same microsecond write the same TRX file name and one project's results are lost.
# Each project's exit code is kept beside its results, so a project that dies without a TRX still counts as failed.
run_tests() { # $1 = label, rest = filter arguments
  local label="$1"; shift
  log "running $label tests"
  local project name pids=()
  for project in "$repo"/tests/KernelAgent.*.Tests/KernelAgent.*.Tests.csproj; do
    name="$(basename "$project" .csproj)"
    (
      code=0
      dotnet test --project "$project" -c Release --no-build \
        --results-directory "$results/$label/$name" --report-xunit-trx "$@" || code=$?
      echo "$code" > "$results/$label/$name.exit"
    ) &
    pids+=("$!")
  done
  wait "${pids[@]}"
}

run_tests unit --filter-not-trait "Category=Integration"
if ! $unit_only; then
  # The packages (NativeAOT agent, self-contained farm, both architectures) are built once here: the packaging
  # tests read them, and the end-to-end guests run the agent binary they ship instead of publishing their own.
  # A failed build leaves both unset, so the tests build for themselves and report the failure with its transcript.
  log "building the packages once for the packaging and end-to-end tests"
  packages_work="$KA_TEST_CACHE/packaging-work"
  status=0
  bash "$repo/packaging/build.sh" --arch all --out "$work/packages" --work "$packages_work" >"$work/packages.out" 2>&1 || status=$?
  if [[ $status -eq 0 || $status -eq 3 ]]; then
    export KA_TEST_PACKAGES_DIR="$work/packages" KA_TEST_AGENT_PUBLISH_DIR="$packages_work/publish"
  else
    log "packaging/build.sh failed (exit $status); the tests build for themselves. Its last lines:"
    tail -n 20 "$work/packages.out" >&2
  fi
  run_tests integration --filter-trait "Category=Integration"

  log "fuzzing the attestation verifier and the ELF reader (SharpFuzz + afl-fuzz, 20 s each; docs/fuzzing.md)"
  fuzz_status=0
  bash "$repo/scripts/fuzz.sh" 20 "$work/fuzz" || fuzz_status=$?
fi
log "done"

summary="$(python3 "$repo/scripts/lib/trx_summary.py" "$results")"
echo "$summary"
[[ "${fuzz_status:-0}" -ne 1 ]] || { echo "fuzzing found a crash (see above)"; exit 1; }
[[ "$(tail -n1 <<<"$summary")" == *" 0 failed"* ]]
