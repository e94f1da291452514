#!/usr/bin/env bash
# Every test: installs what is missing (apt-get), builds out/braid (Native AOT), runs all xunit projects.
# Ends with one line "N passed, N failed". Failing tests are printed with their messages.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
braid_install_deps || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
scripts/build.sh || { echo "build failed"; exit 1; }
export BRAID_BIN="$PWD/out/braid"
logs=$(mktemp -d)
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  echo "== $name"
  dotnet test "$proj" -nologo > "$logs/$name.log" 2>&1
  rc=$?
  grep -aE '^(Passed!|Failed!)' "$logs/$name.log" || tail -20 "$logs/$name.log"
  if [ $rc -ne 0 ]; then
    status=1
    # The failures with their messages (xunit prints them as "Failed Name [time]" blocks).
    sed -n '/^  Failed /,/^  Stack Trace:/p' "$logs/$name.log" | cut -c1-400 | head -150
    grep -E 'error (CS|MSB)' "$logs/$name.log" | head -20
  fi
done
# A short coverage-guided run of every fuzz target (AFL++; findings land in fuzz/out/TARGET/). Each
# target counts as one test: passed when its run found no crash or hang.
echo "== fuzz (each target 5 s)"
fuzzdir=$(mktemp -d)
BRAID_RELIABILITY_DIR=$fuzzdir scripts/fuzz.sh all 5 > "$logs/fuzz.txt" 2>&1 || status=1
if [ -s "$fuzzdir/fuzz.tsv" ]; then
  awk -F'\t' '{print "  " $2 ": " $3 " (" $4 ")"}' "$fuzzdir/fuzz.tsv"
  fuzz_ok=$(awk -F'\t' '$3 == "ok"' "$fuzzdir/fuzz.tsv" | wc -l)
  fuzz_bad=$(awk -F'\t' '$3 != "ok"' "$fuzzdir/fuzz.tsv" | wc -l)
else
  tail -20 "$logs/fuzz.txt"; fuzz_ok=0; fuzz_bad=1
fi
rm -rf "$fuzzdir"
passed=$(grep -ahoE 'Passed: +[0-9]+' "$logs"/*.log | awk -v f="$fuzz_ok" '{s+=$2} END {print s+f}')
failed=$(grep -ahoE 'Failed: +[0-9]+' "$logs"/*.log | awk -v f="$fuzz_bad" '{s+=$2} END {print s+f}')
rm -rf "$logs"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
