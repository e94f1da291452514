#!/usr/bin/env bash
# Side-by-side benchmarks of Braid and OpenSSH on the same throwaway sshd, in one run.
#   bench/run.sh [quick|full|slow]
# Writes bench/RESULTS.md (date, machine, medians, spread, ratio). Root's ~/.bashrc is hidden from the
# sessions of the test sshd for both tools alike (see scripts/lib/sshd.sh).
#
#   quick (< ~5 min): latency 20 runs per command; throughput 256 MiB, 5 interleaved rounds; memory
#                     per open session and 100 concurrent sessions.
#   full:             latency 60 runs per command; throughput 1 GiB, 7 interleaved rounds; the rest of
#                     quick, then the slow link.
#   slow:             only the slow link: 100 ms RTT between two network namespaces this script
#                     creates and deletes (bench/lib/slownet.sh): fresh and shared sessions, -O check,
#                     64 MiB down through one channel of a master.
# Rows that need connection sharing say "not available yet" when a Braid master does not come up
# (or its passengers do not go through it); the OpenSSH side is measured anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-quick}
case $mode in quick|full|slow) ;; *) echo "usage: bench/run.sh [quick|full|slow]" >&2; exit 2 ;; esac
source scripts/lib/deps.sh
source scripts/lib/sshd.sh
source bench/lib/slownet.sh
source bench/lib/slowlink.sh
source bench/lib/sessions.sh
braid_install_deps
[ -x out/braid ] && [ -z "${BENCH_REBUILD:-}" ] || scripts/build.sh

if [ "$mode" = full ]; then
  runs=60; passes=3; tp_bytes=1073741824; tp_label="1 GiB"; tp_rounds=7
elif [ "$mode" = slow ]; then
  runs=20; passes=2; tp_bytes=0; tp_label=""; tp_rounds=0
else
  runs=20; passes=2; tp_bytes=268435456; tp_label="256 MiB"; tp_rounds=5
fi
ciphers=(aes128-gcm@openssh.com aes256-gcm@openssh.com chacha20-poly1305@openssh.com)

D=$(mktemp -d /tmp/bb.XXXXXX); chmod 700 "$D"
# Benchmark a snapshot of the binary: a rebuild of out/braid during the run changes nothing here (and
# cannot fail with "Text file busy"), and every Braid process of this run is recognisable by its path.
# BENCH_BRAID_BIN / BENCH_OUT exist to test this script itself (e.g. BENCH_BRAID_BIN=/usr/bin/ssh
# BENCH_OUT=/tmp/selftest.md exercises the shared-session rows before Braid's sharing works).
cp "${BENCH_BRAID_BIN:-out/braid}" "$D/braid"
out_md=${BENCH_OUT:-bench/RESULTS.md}
B=$D/braid
SSH=$(command -v ssh)
C="-F $D/ssh_config"
results=$D/results.md; notes=$D/notes.md
: > "$results"; : > "$notes"
note() { echo "- $*" >> "$notes"; }
log() { echo "[bench $(date +%T)] $*" >&2; }
# NSX: prefix that runs client commands in the slow link's client namespace (empty on loopback).
# rtt_ms: when set, latency cells also say how many round trips of the link they took.
NSX=""; rtt_ms=""

# --- processes of this run -------------------------------------------------------------------------
# masters: one line per master "tool sock pid launcher_pid"
masters=$D/masters; : > "$masters"
# is_mine PID: a Braid process of this run, or an OpenSSH client whose command line names this run's dir.
is_mine() {
  local exe; exe=$(readlink "/proc/$1/exe" 2>/dev/null) || return 1
  [ "$exe" = "$B" ] && return 0
  [ "$exe" = "$(readlink -f "$SSH")" ] && tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF "$D/" && return 0
  return 1
}
kill_mine() { local p; for p in "$@"; do [ -n "$p" ] && is_mine "$p" && kill "$p" 2>/dev/null || true; done; }
cleanup() {
  set +e
  local tool sock pid lp p
  while read -r tool sock pid lp; do
    timeout 3 "$tool" $C -S "$sock" -O exit h </dev/null >/dev/null 2>&1
  done < "$masters"
  sleep 0.2
  while read -r tool sock pid lp; do kill_mine $(braid_descendants "$lp" 2>/dev/null) "$lp" "$pid"; done < "$masters"
  # anything else this run started that is still alive (e.g. a master that never answered -O check)
  for p in $(ls /proc | grep -E '^[0-9]+$'); do [ "$p" != $$ ] && is_mine "$p" && kill "$p" 2>/dev/null; done
  slownet_teardown "$D/slow"
  braid_sshd_stop "$D"
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# MaxSessions 200: the concurrency rows open 100 sessions on one connection (OpenSSH's default is 10).
braid_sshd_start "$D" "MaxSessions 200"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
log "sshd on 127.0.0.1:$SSHD_PORT (pid $SSHD_PID), mode $mode"

logins() { cat "$D/sshd.log" "$D/slow/sshd.log" 2>/dev/null | grep -c 'Accepted publickey' || true; }

# --- master handling -------------------------------------------------------------------------------
# start_master TOOL SOCK [extra options...]: starts a ControlPersist master (-N -f) and waits up to
# 6 s for `-O check` to answer "Master running (pid=N)". Prints the master pid, or fails.
start_master() {
  local tool=$1 sock=$2; shift 2
  local err=$sock.err out lp i mpid=""
  $NSX "$tool" $C "$@" -o ControlMaster=yes -o ControlPath="$sock" -o ControlPersist=yes -N -f h \
    </dev/null >/dev/null 2>"$err" &
  lp=$!
  for i in $(seq 60); do
    if [ -S "$sock" ]; then
      out=$(timeout 3 "$tool" $C -S "$sock" -O check h </dev/null 2>&1 || true)
      if [[ $out =~ Master\ running\ \(pid=([0-9]+)\) ]]; then mpid=${BASH_REMATCH[1]}; break; fi
    fi
    sleep 0.1
  done
  if [ -z "$mpid" ]; then
    local why="no answer to \`-O check\` within 6 s"
    [ -S "$sock" ] || why="no control socket after 6 s"
    if kill -0 "$lp" 2>/dev/null; then why="$why; the \`-N -f\` command had not returned (ended by the benchmark)"
    else wait "$lp" 2>/dev/null && why="$why; the \`-N -f\` command exited 0" || why="$why; the \`-N -f\` command exited $?"; fi
    echo "$why" > "$sock.why"
    kill_mine $(braid_descendants "$lp") "$lp"; wait "$lp" 2>/dev/null || true
    return 1
  fi
  echo "$tool $sock $mpid $lp" >> "$masters"
  for i in $(seq 20); do kill -0 "$lp" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$lp" 2>/dev/null && note "$(basename "$tool") master on $(basename "$sock"): the \`-N -f\` launcher (pid $lp) had not returned 2 s after the master answered."
  echo "$mpid"
}

# passenger_ok TOOL SOCK: one `true` through the master succeeds without a new login at the sshd.
passenger_ok() {
  local before after; before=$(logins)
  timeout 10 $NSX "$1" $C -S "$2" h true </dev/null >/dev/null 2>"$2.passenger.err" || return 1
  sleep 0.1; after=$(logins)
  [ "$before" = "$after" ] || { echo "passenger logged in directly instead of using the master" > "$2.passenger.err"; return 1; }
}

# try_sharing KEY TOOL SOCK [extra options]: master up and a passenger through it -> MPID[KEY], else WHY[KEY].
declare -A MPID WHY
try_sharing() {
  local key=$1 tool=$2 sock=$3; shift 3
  local pid
  if ! pid=$(start_master "$tool" "$sock" "$@"); then
    WHY[$key]="master did not come up: $(cat "$sock.why" 2>/dev/null)"
    [ -s "$sock.err" ] && WHY[$key]+="; its stderr: \`$(head -c 200 "$sock.err" | tr '\n\r`' '   ' | sed 's/ *$//')\`"
    return 1
  fi
  if ! passenger_ok "$tool" "$sock"; then
    WHY[$key]="master up (pid $pid) but a passenger failed: $(head -c 200 "$sock.passenger.err" | tr '\n\r' '  ')"
    return 1
  fi
  MPID[$key]=$pid
}

# --- latency: hyperfine, alternating passes ----------------------------------------------------------
# hyperfine_pair NAME BRAID_CMD SSH_CMD [BRAID_UNAVAILABLE_TEXT]
# Each command is run once first; a side that fails is reported instead of aborting the row. The runs are
# split into $passes hyperfine passes whose order alternates (braid first, then openssh first, ...).
hyperfine_pair() {
  local name=$1 bcmd=$2 scmd=$3 bdown=${4:-} per=$((runs / passes)) p warm
  local -a names=() cmds=()
  local bstat=ok sstat=ok rc
  if [ -n "$bdown" ]; then bstat=$bdown
  else timeout 30 $NSX $bcmd </dev/null >/dev/null 2>"$D/pre.err" && rc=0 || rc=$?
       [ "$rc" = 0 ] || bstat="failed (exit $rc: $(head -c 120 "$D/pre.err" | tr '\n\r' '  '))"; fi
  timeout 30 $NSX $scmd </dev/null >/dev/null 2>"$D/pre.err" && rc=0 || rc=$?
  [ "$rc" = 0 ] || sstat="failed (exit $rc)"
  rm -f "$D"/h.*.json
  for p in $(seq "$passes"); do
    names=(); cmds=()
    if [ $((p % 2)) = 1 ]; then
      [ "$bstat" = ok ] && { names+=(braid); cmds+=("$bcmd"); }
      [ "$sstat" = ok ] && { names+=(openssh); cmds+=("$scmd"); }
    else
      [ "$sstat" = ok ] && { names+=(openssh); cmds+=("$scmd"); }
      [ "$bstat" = ok ] && { names+=(braid); cmds+=("$bcmd"); }
    fi
    [ ${#cmds[@]} = 0 ] && break
    local -a args=()
    local i; for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
    warm=1; [ "$p" = 1 ] && warm=3
    if ! timeout 300 $NSX hyperfine -N --warmup "$warm" --runs "$per" --export-json "$D/h.$p.json" "${args[@]}" \
         >/dev/null 2>"$D/h.err"; then
      echo "| $name | failed (hyperfine: $(grep -m1 -i error "$D/h.err" | tr '|' '/')) | | |" >> "$results"; return
    fi
  done
  python3 - "$name" "$bstat" "$sstat" "${rtt_ms:-0}" "$D"/h.*.json >> "$results" <<'PY'
import json, sys, statistics
name, bstat, sstat, rtt, files = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:]
times = {"braid": [], "openssh": []}
for f in files:
    for r in json.load(open(f))["results"]:
        times[r["command"]] += [x * 1000 for x in r["times"]]
def cell(k, stat):
    if stat != "ok": return stat, None
    t = sorted(times[k]); m = statistics.median(t)
    rtts = f" = {m/rtt:.2f} RTT" if rtt > 0 else ""
    return f"{m:.1f} ms{rtts} ({t[len(t)//10]:.1f}–{t[(len(t)*9)//10]:.1f})", m
b, bm = cell("braid", bstat); o, om = cell("openssh", sstat)
ratio = f"{bm/om:.2f}×" if bm and om else "–"
print(f"| {name} | {b} | {o} | {ratio} |")
PY
}

# --- throughput: own loop, interleaved round-robin ---------------------------------------------------
# Each variant is "label|tool|direction|opts": opts are extra client options (-S sock or -c cipher).
tp_run() { # tool dir opts -> prints seconds, or fails
  local tool=$1 dir=$2 opts=$3 s e rc
  s=$(date +%s%N)
  if [ "$dir" = up ]; then
    head -c "$tp_bytes" /dev/zero | timeout 300 $NSX "$tool" $C $opts h 'cat > /dev/null' 2>>"$D/tp.err" && rc=0 || rc=$?
  else
    timeout 300 $NSX "$tool" $C $opts h "head -c $tp_bytes /dev/zero" </dev/null >/dev/null 2>>"$D/tp.err" && rc=0 || rc=$?
  fi
  e=$(date +%s%N)
  # a run that ends without a word (e.g. the 300 s timeout, exit 124) still says how it ended
  [ "$rc" = 0 ] || { echo "$(basename "$tool") $dir $opts: exit $rc after $(( (e - s) / 1000000 )) ms" >> "$D/tp.err"; return 1; }
  echo "$(( (e - s) / 1000 ))"   # microseconds
}

throughput() { # args: variant specs "row|side|tool|dir|opts"
  local tpfile=$D/tp.tsv spec row side tool dir opts us r
  : > "$tpfile"
  for r in $(seq "$tp_rounds"); do
    log "throughput round $r/$tp_rounds"
    for spec in "$@"; do
      IFS='|' read -r row side tool dir opts <<< "$spec"
      if us=$(tp_run "$tool" "$dir" "$opts"); then echo -e "$row\t$side\t$us" >> "$tpfile"
      else echo -e "$row\t$side\tFAIL" >> "$tpfile"; fi
    done
  done
  python3 - "$tpfile" "$tp_bytes" >> "$results" <<'PY'
import sys, statistics
rows, nbytes = {}, int(sys.argv[2])
for line in open(sys.argv[1]):
    row, side, us = line.rstrip("\n").split("\t")
    rows.setdefault(row, {"braid": [], "openssh": []})[side].append(us)
def cell(v):
    ok = [nbytes / 1e6 / (int(x) / 1e6) for x in v if x != "FAIL"]
    fails = len(v) - len(ok)
    if not ok: return "failed", None
    t = sorted(ok); m = nbytes / 1e6 / statistics.median([int(x) / 1e6 for x in v if x != "FAIL"])
    s = f"{m:.0f} MB/s ({t[0]:.0f}–{t[-1]:.0f})"
    if fails: s += f", {fails} of {len(v)} runs failed"
    return s, m
for row, d in rows.items():
    b, bm = cell(d["braid"]); o, om = cell(d["openssh"])
    ratio = f"{bm/om:.2f}×" if bm and om else "–"
    print(f"| {row} | {b} | {o} | {ratio} |")
PY
}

rss() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null; }
rssanon() { awk '/^RssAnon/{print $2}' "/proc/$1/status" 2>/dev/null; }
mem_row() { # name braid_kB_or_text openssh_kB_or_text
  local b=$2 o=$3 bc oc ratio="–"
  [[ $b =~ ^[0-9]+$ ]] && bc="$b kB" || bc=$b
  [[ $o =~ ^[0-9]+$ ]] && oc="$o kB" || oc=$o
  [[ $b =~ ^[0-9]+$ && $o =~ ^[0-9]+$ ]] && ratio=$(awk -v b="$b" -v o="$o" 'BEGIN{printf "%.2f×", b/o}')
  echo "| $1 | $bc | $oc | $ratio |" >> "$results"
}

NA="not available yet"

if [ "$mode" != slow ]; then
# --- 1. fresh connections ----------------------------------------------------------------------------
log "fresh connections"
kex_b=$(timeout 30 "$B" $C -v h true </dev/null 2>&1 | sed -n 's/.*kex: algorithm: \([^ \r]*\).*/\1/p' | head -1)
kex_o=$(timeout 30 "$SSH" $C -v h true </dev/null 2>&1 | sed -n 's/.*kex: algorithm: \([^ \r]*\).*/\1/p' | head -1)
hyperfine_pair "fresh connection \`h true\`, curve25519-sha256" \
  "$B $C -o KexAlgorithms=curve25519-sha256 h true" "$SSH $C -o KexAlgorithms=curve25519-sha256 h true"
hyperfine_pair "fresh connection \`h true\`, default kex of each" "$B $C h true" "$SSH $C h true"
note "Default kex negotiated with this sshd: Braid \`${kex_b:-?}\`, OpenSSH \`${kex_o:-?}\`."

# --- 2. shared sessions, -O check, master memory -------------------------------------------------------
log "starting masters"
bshare=0; oshare=0
try_sharing b "$B" "$D/b.sock" && bshare=1 || true
try_sharing o "$SSH" "$D/o.sock" && oshare=1 || true
[ $bshare = 1 ] || note "Braid connection sharing: $NA — ${WHY[b]}."
[ $oshare = 1 ] || note "OpenSSH connection sharing failed: ${WHY[o]}."
[ $bshare = 1 ] && note "Braid master pid ${MPID[b]} ($(readlink /proc/${MPID[b]}/exe 2>/dev/null | sed "s|$D/|<run dir>/|")); shared sessions were checked to log in no second time at the sshd."
bdown=""; [ $bshare = 1 ] || bdown=$NA

# "Idle" = 5 s after the last session, for both: a Braid master hands back the code pages it no longer
# uses 2 s into each idle spell (OpenSSH's stays as it is).
sleep 5
b_rss0=$NA; o_rss0="failed"
[ $bshare = 1 ] && b_rss0=$(rss "${MPID[b]}")
[ $oshare = 1 ] && o_rss0=$(rss "${MPID[o]}")
[ $bshare = 1 ] && [ $oshare = 1 ] && note "RssAnon of the idle masters: Braid $(rssanon "${MPID[b]}") kB, OpenSSH $(rssanon "${MPID[o]}") kB."

if [ $oshare = 1 ] || [ $bshare = 1 ]; then
  log "shared sessions"
  hyperfine_pair "shared session \`-S sock h true\` (each tool's own master)" \
    "$B $C -S $D/b.sock h true" "$SSH $C -S $D/o.sock h true" "$bdown"
  hyperfine_pair "\`-O check\`" "$B $C -S $D/b.sock -O check h" "$SSH $C -S $D/o.sock -O check h" "$bdown"
else
  echo "| shared session \`-S sock h true\` | $NA | failed | – |" >> "$results"
  echo "| \`-O check\` | $NA | failed | – |" >> "$results"
fi
mem_row "idle master VmRSS (5 s idle), after one session" "$b_rss0" "$o_rss0"
sleep 5
b_rss1=$NA; o_rss1="failed"
[ $bshare = 1 ] && b_rss1=$(rss "${MPID[b]}")
[ $oshare = 1 ] && o_rss1=$(rss "${MPID[o]}")
mem_row "idle master VmRSS (5 s idle), after the shared-session runs ($(( runs + 4 + passes )) sessions)" "$b_rss1" "$o_rss1"

# --- 2b. many sessions: memory per open session, concurrency ------------------------------------------
if [ $bshare = 1 ] && [ $oshare = 1 ]; then
  sessions_bench "${MPID[b]}" "${MPID[o]}"
else
  echo "| memory per extra open session, 100 concurrent sessions | $NA | | – |" >> "$results"
fi

# --- 3. throughput -----------------------------------------------------------------------------------
specs=()
if [ $bshare = 1 ] && [ $oshare = 1 ]; then
  log "starting one master per cipher"
  for c in "${ciphers[@]}"; do
    n=${c%%@*}
    try_sharing "b-$n" "$B" "$D/b-$n.sock" -c "$c" || true
    try_sharing "o-$n" "$SSH" "$D/o-$n.sock" -c "$c" || true
  done
fi
for c in "${ciphers[@]}"; do
  n=${c%%@*}
  if [ -n "${MPID[b-$n]:-}" ] && [ -n "${MPID[o-$n]:-}" ]; then
    bo="-S $D/b-$n.sock"; oo="-S $D/o-$n.sock"; kind="shared"
  else
    bo="-c $c"; oo="-c $c"; kind="fresh connection"
    [ $bshare = 1 ] && [ $oshare = 1 ] && note "Throughput $n: a master with \`-c $c\` did not come up (${WHY[b-$n]:-}${WHY[o-$n]:-}); measured over fresh connections."
  fi
  for dir in up down; do
    specs+=("$tp_label $dir, $kind, $n|braid|$B|$dir|$bo" "$tp_label $dir, $kind, $n|openssh|$SSH|$dir|$oo")
  done
done
[ $bshare = 1 ] && [ $oshare = 1 ] || note "Throughput was measured over fresh connections (\`-c CIPHER\` on each client; the ~0.1–0.2 s handshake is included) because Braid's connection sharing is $NA."
log "throughput: $tp_label, ${#specs[@]} variants × $tp_rounds rounds"
throughput "${specs[@]}"
fi # not slow

# --- 4. slow link ----------------------------------------------------------------------------------------
[ "$mode" = quick ] || slowlink_bench
if [ -s "$D/tp.err" ]; then note "stderr of throughput runs (up to 3 lines): \`$(head -3 "$D/tp.err" | tr -d '\r`' | tr '\n' ';' | sed "s|$D/|<run dir>/|g")\`"; fi

load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# --- RESULTS.md ----------------------------------------------------------------------------------------
rev=$(git rev-parse --short HEAD 2>/dev/null || echo '?')
dirty=$(git status --porcelain -- src 2>/dev/null | wc -l)
{
  echo "# Benchmark results"
  echo
  echo "Generated by \`bench/run.sh $mode\` on $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -srm), $(nproc) cores,"
  echo "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB;"
  echo "load average $load_start at the start, $load_end at the end (the machine is shared; compare ratios, not absolute times)."
  echo "OpenSSH: $(ssh -V 2>&1); sshd: $(/usr/sbin/sshd -V 2>&1 | head -1 || true)."
  echo "Braid: $($B -V 2>&1 | tr -d '\r' || echo '?'), out/braid built $(date -u -r out/braid '+%Y-%m-%d %H:%M UTC'), tree $rev$([ "$dirty" -gt 0 ] && echo " + uncommitted changes in src/")."
  echo
  echo "| what | Braid | OpenSSH | Braid/OpenSSH |"
  echo "|---|---|---|---|"
  cat "$results"
  echo
  echo "## Notes"
  echo
  echo "- Latency: hyperfine -N, $runs runs per command in $passes passes of alternating order (plus warm-up);"
  echo "  median with the 10th–90th percentile in brackets. Lower is better; ratio < 1 means Braid is faster."
  if [ "$mode" != slow ]; then
    echo "- Throughput: $tp_label of zeros, up = \`head -c N /dev/zero | CLIENT h 'cat > /dev/null'\`,"
    echo "  down = \`CLIENT h 'head -c N /dev/zero' > /dev/null\`; wall clock per run, $tp_rounds rounds, every variant"
    echo "  once per round in turn; MB/s = bytes / 10^6 / median seconds (min–max of the runs in brackets)."
    echo "  Higher is better; ratio > 1 means Braid is faster. Shared rows use one master per cipher (\`-c\` on the master)."
    echo "- Memory: VmRSS from /proc/PID/status of the master (pid from \`-O check\`); lower is better."
  fi
  echo "- Masters: \`CLIENT -F cfg -o ControlMaster=yes -o ControlPath=SOCK -o ControlPersist=yes -N -f h\`;"
  echo "  passengers \`CLIENT -F cfg -S SOCK h true\`. Root's ~/.bashrc is hidden from the sshd's sessions for both."
  if [ "$mode" != slow ]; then
    echo "- Memory per open session: 50 passengers \`CLIENT -F cfg -S SOCK h 'sleep 30'\` at once on the master of the"
    echo "  shared-session rows; (master RssAnon once all 50 remote \`sleep\` run − RssAnon before) / 50; then they are ended by PID."
    echo "- Concurrency: 100 passengers \`CLIENT -F cfg -S SOCK h 'sleep 1'\` started at once, wall clock until all have exited;"
    echo "  3 rounds in alternating order, median (min–max). The test sshd has \`MaxSessions 200\` for every row."
  fi
  if [ "$mode" != quick ]; then
    echo "- 100 ms RTT rows: two network namespaces created (and deleted) by this run, 50 ms delay per direction"
    echo "  (bench/lib/slownet.sh); sshd in one, every client process in the other. \"= N RTT\" is the median divided by"
    echo "  the measured TCP connect time. 64 MiB down = \`CLIENT -S SOCK h 'head -c 67108864 /dev/zero' > /dev/null\`,"
    echo "  default cipher, 5 rounds in turn, median; OpenSSH's 2 MiB channel window allows at most ~21 MB/s there."
  fi
  cat "$notes"
  if [ -f bench/NOTES.md ]; then echo; cat bench/NOTES.md; fi
} > "$out_md"
cat "$out_md"

