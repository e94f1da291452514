#!/usr/bin/env bash
# Regenerates docs/reliability.md from fresh evidence (the document is never edited by hand):
#   1. fuzzing: scripts/fuzz.sh all SECONDS, if that script exists;
#   2. the hardening tests: the Faults, Security and Load namespaces of Braid.Integration.Tests plus
#      Mux.RobustnessTests and Mux.SecurityTests, with BRAID_SOAK=full (the full load counts);
#   3. the tab-separated lines both leave in $BRAID_RELIABILITY_DIR rendered as one table per section.
#
#   scripts/reliability.sh [FUZZ_SECONDS]    seconds per fuzz target, default 60; 0 skips fuzzing
#
# Exits 1 if a hardening test failed or fuzzing found something; the document is written either way.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
braid_install_deps || exit 1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fuzz_seconds=${1:-60}
case $fuzz_seconds in ''|*[!0-9]*) echo "usage: scripts/reliability.sh [FUZZ_SECONDS]" >&2; exit 2 ;; esac
doc=docs/reliability.md
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BRAID_RELIABILITY_DIR="$work/evidence"
mkdir -p "$BRAID_RELIABILITY_DIR"
status=0

# ---- 1. fuzzing
fuzz_note="not run: scripts/fuzz.sh does not exist"
if [ "$fuzz_seconds" -eq 0 ]; then
  fuzz_note="not run: skipped (FUZZ_SECONDS=0)"
elif [ -x scripts/fuzz.sh ]; then
  echo "== fuzzing, ${fuzz_seconds}s per target" >&2
  start=$SECONDS
  scripts/fuzz.sh all "$fuzz_seconds" > "$work/fuzz.log" 2>&1
  rc=$?
  fuzz_note="scripts/fuzz.sh all $fuzz_seconds: exit code $rc, $((SECONDS - start)) s"
  [ $rc -eq 0 ] || status=1
fi

# ---- 2. the hardening tests
groups=(Faults Security Load Mux.RobustnessTests Mux.SecurityTests Core.SecretsInMemoryTests)
filter=""
for g in "${groups[@]}"; do
  # The trailing dot: a namespace or class exactly, not another whose name starts the same.
  filter+="${filter:+|}FullyQualifiedName~Braid.Integration.Tests.$g."
done
echo "== building out/braid" >&2
if scripts/build.sh; then
  echo "== hardening tests (BRAID_SOAK=full)" >&2
  start=$SECONDS
  BRAID_BIN="$PWD/out/braid" BRAID_SOAK=full dotnet test tests/Braid.Integration.Tests -nologo \
    --filter "$filter" --logger "console;verbosity=normal" > "$work/tests.log" 2>&1
  rc=$?
  test_seconds=$((SECONDS - start))
  [ $rc -eq 0 ] || status=1
else
  echo "build failed" > "$work/tests.log"
  status=1
  test_seconds=0
fi

# ---- 3. the document
md_cell() { sed -e 's/|/\\|/g'; }

# section_table SECTION TITLE: the section's lines as a table, or "not run".
section_table() {
  local file="$BRAID_RELIABILITY_DIR/$1.tsv"
  echo "## $2"
  echo
  if [ ! -s "$file" ]; then
    if [ "$1" = fuzz ]; then echo "Not run: ${fuzz_note#not run: }."; else echo "Not run: no test wrote evidence for this section."; fi
    echo
    return
  fi
  [ "$1" = fuzz ] && echo "$fuzz_note." && echo
  echo "| what was tried | result | detail |"
  echo "|---|---|---|"
  md_cell < "$file" | awk -F'\t' '{ printf "| %s | %s | %s |\n", $2, $3, $4 }'
  echo
}

# Inputs that once crashed or hung a target, fixed since: kept in fuzz/regressions and replayed by
# tests/Braid.Fuzz.Tests on every test run.
fuzz_regressions() {
  [ -d fuzz/regressions ] || return 0
  echo "Crashes and hangs found by fuzzing and fixed (each input stays in \`fuzz/regressions/\` and is"
  echo "replayed by \`tests/Braid.Fuzz.Tests\` on every run of scripts/test.sh):"
  echo
  echo "| target | input | first found as |"
  echo "|---|---|---|"
  local f
  for f in fuzz/regressions/*/*; do
    [ -f "$f" ] || continue
    echo "| $(basename "$(dirname "$f")") | \`$(basename "$f")\` | $(case "$f" in *hang*) echo hang ;; *) echo crash ;; esac) |"
  done
  echo
}

# Per group: passed and failed tests, from the console logger's "  Passed NAME [time]" lines.
test_counts() {
  echo "## Test results"
  echo
  echo "\`dotnet test tests/Braid.Integration.Tests\` with BRAID_SOAK=full, $test_seconds s in all."
  echo
  echo "| tests | passed | failed |"
  echo "|---|---|---|"
  local g p f
  for g in "${groups[@]}"; do
    p=$(grep -acE "^ +Passed Braid\.Integration\.Tests\.${g//./\\.}\." "$work/tests.log")
    f=$(grep -acE "^ +Failed Braid\.Integration\.Tests\.${g//./\\.}\." "$work/tests.log")
    if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then echo "| $g | not run | |"; else echo "| $g | $p | $f |"; fi
  done
  # The console logger's closing lines: "Test Run Successful." / "Test Run Failed.", "Total tests: N",
  # "     Passed: N", "     Failed: N".
  local outcome total passed failed
  outcome=$(grep -aE '^Test Run (Successful|Failed|Aborted)' "$work/tests.log" | tail -1)
  total=$(grep -aE '^Total tests: ' "$work/tests.log" | tail -1 | awk '{print $3}')
  passed=$(grep -aE '^ +Passed: +[0-9]+' "$work/tests.log" | tail -1 | awk '{print $2}')
  failed=$(grep -aE '^ +Failed: +[0-9]+' "$work/tests.log" | tail -1 | awk '{print $2}')
  echo
  if [ -n "$outcome" ]; then
    echo "${outcome%.}: ${total:-0} tests, ${passed:-0} passed, ${failed:-0} failed."
  else
    echo "The test run did not finish (build failure or crash): $(tail -1 "$work/tests.log")"
  fi
  if grep -aqE '^ +Failed Braid\.' "$work/tests.log"; then
    echo
    echo "Failed:"
    echo
    grep -aE '^ +Failed Braid\.' "$work/tests.log" | sed -E 's/^ +Failed /- `/; s/ \[.*$/`/'
  fi
  echo
}

cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
  echo "# Braid reliability evidence"
  echo
  echo "<!-- Generated by scripts/reliability.sh; do not edit by hand: run the script again. -->"
  echo
  echo "Generated by \`scripts/reliability.sh $fuzz_seconds\` on $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')."
  echo
  echo "Machine: $(nproc) CPUs ($cpu), Linux $(uname -r), $(ssh -V 2>&1), .NET SDK $(dotnet --version 2>/dev/null)."
  echo
  cat <<'EOF'
This page is the evidence behind Braid's hardening claims, regenerated as a whole by one script so that
it shows what the current code does, not what it once did. Each section is a table of things tried:

- **Fuzzing**: coverage-guided fuzzing (AFL++ through SharpFuzz) of every parser that reads bytes from
  outside: the SSH wire format and packets, key and known_hosts files, ssh_config, the mux protocol.
  A target passes when no input crashed or hung it in the time given.
- **Faults**: what happens when the network, the server or the machine misbehaves (connections cut
  mid-stream, servers that stop answering or send garbage, full disks, signals): Braid must fail with
  a clear message and the exit code OpenSSH would give, and never hang or leave processes behind.
- **Security**: attacks on the client and on the master's control socket (other users, hostile
  passengers, malformed requests, forged host keys): each must be refused.
- **Load**: real OpenSSH sshd, real `out/braid` passengers, one ControlPersist master: thousands of
  sessions one after another and in bursts of 100 at once, each output and exit code checked, and the
  master's open descriptors and resident memory compared before and after; and concurrent 1 GiB
  transfers up and down, hashed (SHA-256) where they are made and where they arrive.

A section that says "not run" had no evidence this time (its tests or tools were missing or skipped).
Timings depend on the machine and its load; they are recorded, never asserted.

EOF
  section_table fuzz "Fuzzing"
  fuzz_regressions
  section_table fault "Faults"
  section_table security "Security"
  section_table load "Load"
  test_counts
} > "$doc"

echo "wrote $doc" >&2
exit $status
