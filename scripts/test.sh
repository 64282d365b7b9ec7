#!/usr/bin/env bash
# The test command: installs what the tests need, builds everything, runs every test project,
# and prints one closing line "tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
dotnet build Sluice.slnx -c Release --nologo --verbosity quiet -warnaserror
results="$(mktemp -d)"
status=0
dotnet test Sluice.slnx -c Release --no-build --nologo --verbosity quiet \
  --logger "trx" --results-directory "$results" -- xUnit.ParallelizeTestCollections=true || status=$?
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + t - e))
  if [ "${f:-0}" -gt 0 ]; then
    # Each failed test's name and message, so a failing run says why without its result files.
    grep -o 'testName="[^"]*"[^>]*outcome="Failed"' "$trx" | sed 's/testName="\([^"]*\)".*/FAILED: \1/' || true
    sed -n '/<Message>/,/<\/Message>/p' "$trx" | sed 's/<\/\?Message>//g' | head -c 20000 || true
  fi
done
rm -rf "$results"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
exit $status
