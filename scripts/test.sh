#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need, idempotently, then runs every
# test of the solution and prints one closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

step "install the real peers the integration tests use (bitcoind, anvil, Node 22 + js-libp2p)"
bash devnet/install-all.sh
bash devnet/compile-contracts.sh --check

step "restore and build (Release)"
dotnet restore DltSigner.sln --nologo -v quiet
dotnet build DltSigner.sln -c Release --no-restore --nologo -v quiet -clp:ErrorsOnly

step "test"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test DltSigner.sln -c Release --no-build --nologo -v quiet \
  --logger "console;verbosity=minimal" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Sum the per-assembly summaries: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
awk '
  /(Passed|Failed)! +- +Failed: / {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i + 1))
      if ($i == "Failed:") f += $(i + 1)
      if ($i == "Passed:") p += $(i + 1)
      if ($i == "Skipped:") s += $(i + 1)
    }
    n++
  }
  END {
    if (n == 0) { print "tests: no test assembly reported a summary"; exit }
    printf "tests: %d passed, %d failed, %d skipped\n", p, f, s
  }' "$log"
exit "$status"
