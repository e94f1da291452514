# Many sessions through one master, for bench/run.sh (sourced; uses its $C, $D, $NSX, note, log and
# mem_row): memory each extra open session costs the master, and the wall time of N simultaneous
# short sessions. The remote commands are recognised as children of this run's sshd ($SSHD_PID).

# sshd_children_running CMD: how many processes under the test sshd run exactly CMD.
sshd_children_running() {
  local p n=0
  for p in $(braid_descendants "$SSHD_PID"); do
    [ "$(tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline")" = "$1 " ] && n=$((n + 1))
  done
  echo "$n"
}

# stop_sshd_children CMD: ends those remote commands (by PID), which closes their sessions.
stop_sshd_children() {
  local p
  for p in $(braid_descendants "$SSHD_PID"); do
    [ "$(tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline")" = "$1 " ] && kill "$p" 2>/dev/null
  done
  return 0
}

# session_memory TOOL SOCK MPID N: opens N `sleep 30` passengers, waits until all run at the sshd, and
# prints "anon_before anon_with_N rss_before rss_with_N" (kB) of the master, or "fail WHY"; then closes them again.
session_memory() {
  local tool=$1 sock=$2 mpid=$3 n=$4 i a0 r0 a1 r1
  local -a pids=()
  a0=$(rssanon "$mpid"); r0=$(rss "$mpid")
  for i in $(seq "$n"); do
    $NSX "$tool" $C -S "$sock" h 'sleep 30' </dev/null >/dev/null 2>>"$D/mem.err" & pids+=($!)
  done
  for i in $(seq 200); do [ "$(sshd_children_running 'sleep 30')" -ge "$n" ] && break; sleep 0.1; done
  sleep 0.5   # let the master settle after the last open
  a1=$(rssanon "$mpid"); r1=$(rss "$mpid")
  local opened; opened=$(sshd_children_running 'sleep 30')
  stop_sshd_children 'sleep 30'
  for i in "${pids[@]}"; do wait "$i" 2>/dev/null || true; done
  if [ "$opened" -ge "$n" ]; then echo "$a0 $a1 $r0 $r1"; else echo "fail only $opened of $n sessions opened"; fi
}

# per_session_kb FIGURES N: RssAnon growth per session in kB, or the failure text.
per_session_kb() {
  local a0 a1 r0 r1; read -r a0 a1 r0 r1 <<< "$1"
  if [ "$a0" = fail ]; then echo "${1#fail }"; else echo $(( (a1 - a0) / $2 )); fi
}

# concurrent_wall TOOL SOCK N: wall seconds for N simultaneous `sleep 1` passengers, and how many failed.
concurrent_wall() {
  local tool=$1 sock=$2 n=$3 s e i fails=0
  local -a pids=()
  s=$(date +%s%N)
  for i in $(seq "$n"); do
    $NSX "$tool" $C -S "$sock" h 'sleep 1' </dev/null >/dev/null 2>>"$D/conc.err" & pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i" || fails=$((fails + 1)); done
  e=$(date +%s%N)
  echo "$(( (e - s) / 1000000 )) $fails"
}

# sessions_bench BMPID OMPID: the memory and concurrency rows (masters $D/b.sock and $D/o.sock).
sessions_bench() {
  local bm=$1 om=$2 n=50 conc=100 r b o bfig ofig before
  log "memory per open session: $n passengers each"
  bfig=$(session_memory "$B" "$D/b.sock" "$bm" "$n")
  ofig=$(session_memory "$SSH" "$D/o.sock" "$om" "$n")
  mem_row "memory per extra open session (master RssAnon growth, 0 → $n open \`sleep 30\` sessions, / $n)" \
    "$(per_session_kb "$bfig" "$n")" "$(per_session_kb "$ofig" "$n")"
  note "Master memory with 0 → $n open sessions (RssAnon kB, VmRSS kB): Braid $(echo "$bfig" | awk '{print $1" → "$2", "$3" → "$4}'), OpenSSH $(echo "$ofig" | awk '{print $1" → "$2", "$3" → "$4}')."
  bfig=$(session_memory "$B" "$D/b.sock" "$bm" "$n")
  ofig=$(session_memory "$SSH" "$D/o.sock" "$om" "$n")
  note "Second round of $n (the master has served that many at once before): Braid $(per_session_kb "$bfig" "$n") kB per session (RssAnon $(echo "$bfig" | awk '{print $1" → "$2}')), OpenSSH $(per_session_kb "$ofig" "$n") kB ($(echo "$ofig" | awk '{print $1" → "$2}'))."

  log "$conc concurrent sessions, 3 rounds"
  local -a bw=() ow=()
  before=$(logins)
  for r in 1 2 3; do
    if [ $((r % 2)) = 1 ]; then b=$(concurrent_wall "$B" "$D/b.sock" $conc); o=$(concurrent_wall "$SSH" "$D/o.sock" $conc)
    else o=$(concurrent_wall "$SSH" "$D/o.sock" $conc); b=$(concurrent_wall "$B" "$D/b.sock" $conc); fi
    bw+=("$b"); ow+=("$o")
  done
  python3 - "$conc" "${bw[*]}" "${ow[*]}" >> "$results" <<'PY'
import statistics, sys
n, b, o = sys.argv[1], sys.argv[2].split(), sys.argv[3].split()
def cell(v):
    ms = [int(x) for x in v[0::2]]; fails = sum(int(x) for x in v[1::2])
    m = statistics.median(ms) / 1000
    s = f"{m:.2f} s ({min(ms)/1000:.2f}–{max(ms)/1000:.2f})"
    return s + (f", {fails} of {len(ms) * int(n)} sessions failed" if fails else ""), m
bc, bm = cell(b); oc, om = cell(o)
print(f"| {n} concurrent shared sessions `sleep 1` (MaxSessions 200), wall | {bc} | {oc} | {bm/om:.2f}× |")
PY
  [ "$(logins)" = "$before" ] || note "During the concurrency rounds $(( $(logins) - before )) sessions logged in directly at the sshd (a passenger fell back from its master)."
}
