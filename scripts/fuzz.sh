#!/usr/bin/env bash
# Coverage-guided fuzzing of Braid's parsers: AFL++ drives fuzz/Braid.Fuzz (SharpFuzz instruments the
# Braid assemblies so afl-fuzz sees branch coverage of the .NET code).
#
#   scripts/fuzz.sh list              the targets and what each covers
#   scripts/fuzz.sh TARGET SECONDS    fuzz one target for that long
#   scripts/fuzz.sh all SECONDS       fuzz every target, SECONDS each
#
# Seeds: fuzz/corpus/TARGET/. Findings: fuzz/out/TARGET/crashes and .../hangs (kept across runs).
# Each run appends "fuzz<TAB>TARGET<TAB>ok|crash|hang<TAB>execs=N seconds=S crashes=C hangs=H corpus=K"
# to $BRAID_RELIABILITY_DIR/fuzz.tsv (default out/reliability). Exits 1 if any run found a crash or hang.
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

usage() { echo "usage: scripts/fuzz.sh list | TARGET SECONDS | all SECONDS" >&2; exit 2; }

bin=fuzz/out/bin
driver="$bin/Braid.Fuzz.dll"

install_afl() {
  command -v afl-fuzz >/dev/null && return 0
  echo "installing: afl++" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends afl++ >&2
}

# Builds the driver (Release) and instruments a fresh copy: instrumentation rewrites the assemblies in
# place, so the build output itself is never instrumented and an incremental build stays correct.
build() {
  command -v dotnet >/dev/null || { echo "error: the .NET SDK (dotnet) is required" >&2; return 1; }
  dotnet build fuzz/Braid.Fuzz/Braid.Fuzz.csproj -c Release -o fuzz/out/build -nologo -v:q -clp:ErrorsOnly >&2 || return 1
  rm -rf "$bin" && cp -r fuzz/out/build "$bin"
  dotnet "$driver" instrument "$bin" >&2
}

stat_of() { awk -F' *: *' -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null; }

# fuzz_one TARGET SECONDS: one afl-fuzz run from the seeds, then the evidence line.
fuzz_one() {
  local target=$1 seconds=$2 out="fuzz/out/$1"
  [ -d "fuzz/corpus/$target" ] || { echo "no seeds in fuzz/corpus/$target" >&2; return 2; }
  rm -rf "$out/afl" "$out/tmp" && mkdir -p "$out/crashes" "$out/hangs" "$out/tmp"
  echo "== fuzz $target for ${seconds}s" >&2
  # -t: a run over 5 s is a hang; the heap limit turns a runaway allocation into OutOfMemoryException,
  # which the driver reports as a crash. AFL_SKIP_BIN_CHECK: the target is `dotnet`, not an afl-cc binary.
  # TMPDIR: the targets' sockets and files, which a child killed by afl-fuzz cannot remove itself.
  TMPDIR="$PWD/$out/tmp" AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_QUIET=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_FAST_CAL=1 AFL_MAP_SIZE=65536 \
  DOTNET_GCHeapHardLimit=0x40000000 DOTNET_TieredPGO=0 \
    afl-fuzz -i "fuzz/corpus/$target" -o "$out/afl" -t 5000 -m none -V "$seconds" \
      -- dotnet "$driver" run "$target" > "$out/afl.log" 2>&1
  local rc=$? stats="$out/afl/default/fuzzer_stats"
  local execs crashes hangs corpus result
  execs=$(stat_of "$stats" execs_done); crashes=$(stat_of "$stats" saved_crashes)
  hangs=$(stat_of "$stats" saved_hangs); corpus=$(stat_of "$stats" corpus_count)
  for f in "$out"/afl/default/crashes/id:*; do [ -e "$f" ] && cp "$f" "$out/crashes/"; done
  for f in "$out"/afl/default/hangs/id:*; do [ -e "$f" ] && cp "$f" "$out/hangs/"; done
  if [ -z "$execs" ]; then
    result=error; tail -5 "$out/afl.log" >&2
  elif [ "${crashes:-0}" -gt 0 ]; then result=crash
  elif [ "${hangs:-0}" -gt 0 ]; then result=hang
  else result=ok
  fi
  local dir="${BRAID_RELIABILITY_DIR:-out/reliability}"
  mkdir -p "$dir"
  printf 'fuzz\t%s\t%s\texecs=%s seconds=%s crashes=%s hangs=%s corpus=%s\n' \
    "$target" "$result" "${execs:-0}" "$seconds" "${crashes:-0}" "${hangs:-0}" "${corpus:-0}" | tee -a "$dir/fuzz.tsv"
  [ "$result" = ok ] || { [ $rc -eq 0 ] && echo "  findings in $out/crashes $out/hangs (replay: dotnet $driver replay $target FILE)" >&2; return 1; }
}

case "${1:-}" in
  list)
    [ $# -eq 1 ] || usage
    dotnet build fuzz/Braid.Fuzz/Braid.Fuzz.csproj -c Release -o fuzz/out/build -nologo -v:q -clp:ErrorsOnly >&2 || exit 1
    dotnet fuzz/out/build/Braid.Fuzz.dll list ;;
  "") usage ;;
  *)
    [ $# -eq 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || usage
    install_afl || exit 1
    build || { echo "fuzz build failed" >&2; exit 1; }
    targets=$1
    [ "$1" = all ] && targets=$(dotnet "$driver" list | cut -f1)
    status=0
    for t in $targets; do fuzz_one "$t" "$2" || status=1; done
    exit $status ;;
esac
