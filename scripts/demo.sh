#!/usr/bin/env bash
# Braid's main job, on a throwaway OpenSSH server at 127.0.0.1 — for a person to watch.
#   scripts/demo.sh
# Installs what is missing, builds out/braid if needed, starts a private sshd, runs a few commands
# through out/braid with their timings, shows connection sharing, and stops the server again.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/deps.sh
source scripts/lib/sshd.sh

braid_install_deps
[ -x out/braid ] || scripts/build.sh
B=$(readlink -f out/braid)

D=$(mktemp -d /tmp/braid-demo.XXXXXX)
master_pid=""
cleanup() {
  set +e
  if [ -n "$master_pid" ] || ls "$D"/cm-* >/dev/null 2>&1; then
    timeout 3 "$B" -F "$D/ssh_config" -o ControlPath="$D/cm-%C" -O exit h </dev/null >/dev/null 2>&1
    sleep 0.2
  fi
  # any Braid process of this demo still alive (a master, or a launcher that never returned):
  # recognised by its executable and this demo's private directory on its command line; ended by PID
  local p
  for p in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$p/exe" 2>/dev/null)" = "$B" ] &&
      tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF "$D/" && kill "$p" 2>/dev/null
  done
  braid_sshd_stop "$D"
  rm -rf "$D"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now() { date +%s%N; }
ms() { echo "$(( ($2 - $1) / 1000000 )) ms"; }
if [ -t 1 ]; then step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }; else step() { printf '\n== %s\n' "$*"; }; fi
say() { printf '   %s\n' "$*"; }

braid_sshd_start "$D"
C="-F $D/ssh_config"
echo "Braid demo: $("$B" -V 2>&1 | tr -d '\r')"
echo "Test server: OpenSSH sshd on 127.0.0.1:$SSHD_PORT (pid $SSHD_PID), host 'h' in $D/ssh_config"

step "1. Run a remote command:  braid h uname -a"
t0=$(now); out=$("$B" $C h uname -a </dev/null); t1=$(now)
say "output: $out"
say "took $(ms "$t0" "$t1") (a full connection: key exchange, host key check, login, command)"

step "2. Exit codes and stderr stay separate:  braid h 'echo out; echo err >&2; exit 3'"
t0=$(now)
rc=0; "$B" $C h 'echo out; echo err >&2; exit 3' </dev/null >"$D/out.txt" 2>"$D/err.txt" || rc=$?
t1=$(now)
say "stdout: $(cat "$D/out.txt")   stderr: $(tr -d '\r' < "$D/err.txt")   exit code: $rc   ($(ms "$t0" "$t1"))"
if [ "$rc" = 3 ] && [ "$(cat "$D/out.txt")" = out ] && [ "$(tr -d '\r' < "$D/err.txt")" = err ]; then
  say "correct: the remote exit code comes back, and stderr is not mixed into stdout"
else
  say "UNEXPECTED: wanted stdout 'out', stderr 'err', exit code 3"; exit 1
fi

step "3. A 64 MiB round trip:  head -c 64M /dev/urandom | braid h 'cat' | sha256sum"
head -c 67108864 /dev/urandom > "$D/data"
t0=$(now); "$B" $C h cat < "$D/data" > "$D/back"; t1=$(now)
sent=$(sha256sum < "$D/data" | cut -c1-16); got=$(sha256sum < "$D/back" | cut -c1-16)
el=$(( (t1 - t0) / 1000000 ))
say "sent sha256 $sent…  received $got…  in $el ms ($(( 2 * 67108864 / 1000 / (el > 0 ? el : 1) )) MB/s both ways together)"
[ "$sent" = "$got" ] && say "the data came back unchanged" || { say "MISMATCH: the data changed on the way"; exit 1; }

step "4. The point of Braid: share one connection between many commands"
say "first:  braid -o ControlMaster=auto -o ControlPath=$D/cm-%C -o ControlPersist=60 h true"
say "        (logs in, and leaves a master behind for 60 s)"
t0=$(now)
rc=0; timeout 20 "$B" $C -o ControlMaster=auto -o ControlPath="$D/cm-%C" -o ControlPersist=60 h true \
  </dev/null >/dev/null 2>"$D/master.err" || rc=$?
t1=$(now)
first=$(( (t1 - t0) / 1000000 ))
say "first connection: $first ms (exit code $rc)"
sock=$(ls "$D"/cm-* 2>/dev/null | head -1 || true)
check=""
if [ -n "$sock" ] && [ -S "$sock" ]; then
  check=$(timeout 3 "$B" $C -o ControlPath="$D/cm-%C" -O check h </dev/null 2>&1 || true)
fi
if [[ $check =~ Master\ running\ \(pid=([0-9]+)\) ]]; then
  master_pid=${BASH_REMATCH[1]}
  say "a master is running (pid $master_pid), its control socket is $(basename "$sock")"
  say "then:   braid -o ControlPath=$D/cm-%C h true   (a passenger: no new login)"
  logins0=$(grep -c 'Accepted publickey' "$D/sshd.log" || true)
  times=()
  for i in 1 2 3 4 5; do
    t0=$(now); "$B" $C -o ControlPath="$D/cm-%C" h true </dev/null; t1=$(now)
    times+=("$(( (t1 - t0) / 1000000 )) ms")
  done
  logins1=$(grep -c 'Accepted publickey' "$D/sshd.log" || true)
  say "shared sessions: ${times[*]}"
  say "compare: first connection $first ms"
  [ "$logins0" = "$logins1" ] && say "the server saw no new login for these five commands" ||
    say "NOTE: the server logged $((logins1 - logins0)) new login(s) — the passengers did not use the master"

  step "5. Ask the master how it is, then tell it to leave"
  t0=$(now); out=$("$B" $C -o ControlPath="$D/cm-%C" -O check h </dev/null 2>&1 | tr -d '\r'); t1=$(now)
  say "braid -O check h  ->  $out   ($(ms "$t0" "$t1"))"
  t0=$(now); rc=0; out=$("$B" $C -o ControlPath="$D/cm-%C" -O exit h </dev/null 2>&1 | tr -d '\r') || rc=$?; t1=$(now)
  say "braid -O exit h   ->  ${out:-(no output)} (exit code $rc, $(ms "$t0" "$t1"))"
  alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
  for i in $(seq 20); do alive "$master_pid" || break; sleep 0.1; done
  if alive "$master_pid"; then say "NOTE: master pid $master_pid is still running 2 s later"
  else say "master pid $master_pid has ended"; fi
  [ -e "$sock" ] && say "NOTE: the control socket is still there" || say "the control socket is gone"
  master_pid=""
else
  say "Connection sharing is not available in this build of Braid yet:"
  if [ -z "$sock" ]; then say "no control socket was created after the first command."
  else say "a control socket exists, but '-O check' did not report a running master."; fi
  [ -s "$D/master.err" ] && say "its messages: $(head -c 300 "$D/master.err" | tr '\r\n' '  ')"
  say "Skipping the shared-session timings, -O check and -O exit."
fi

step "Done"
say "stopping the test server (pid $SSHD_PID)"
