#!/usr/bin/env bash
# Every test: installs what is missing (apt-get), builds out/braid (Native AOT), runs all xunit projects.
# Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
braid_install_deps || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
scripts/build.sh || { echo "build failed"; exit 1; }
export BRAID_BIN="$PWD/out/braid"
log=$(mktemp)
status=0
for proj in tests/*/*.csproj; do
  echo "== $proj"
  dotnet test "$proj" -nologo -v:q 2>&1 | tee -a "$log" | grep -vE '^\s*$' | tail -40
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] || status=1
exit $status
