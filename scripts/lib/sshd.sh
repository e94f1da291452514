# A throwaway OpenSSH sshd on 127.0.0.1 for the demo and the benchmarks (sourced).
# braid_sshd_start DIR [extra sshd_config lines]  -> sets SSHD_PORT, SSHD_PID; writes DIR/ssh_config (Host h)
# braid_sshd_stop DIR                              -> ends sshd and the processes it started, by PID
# Root's ~/.bashrc is hidden from the sessions (Debian's bash reads it even for `ssh host cmd`), inside a
# private mount namespace: nothing on disk changes, and Braid and OpenSSH see the same shell start-up.

braid_descendants() {
  local k
  for k in $(pgrep -P "$1" || true); do braid_descendants "$k"; echo "$k"; done
}

braid_sshd_start() {
  local d=$1 extra=${2:-}
  mkdir -p "$d"; chmod 700 "$d"
  for t in ed25519 ecdsa rsa; do ssh-keygen -q -t $t -N '' -f "$d/ssh_host_${t}_key"; done
  ssh-keygen -q -t ed25519 -N '' -C braid-demo -f "$d/id_ed25519"
  cp "$d/id_ed25519.pub" "$d/authorized_keys"
  : > "$d/empty_bashrc"
  SSHD_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo $((20000 + RANDOM % 20000)))
  cat > "$d/sshd_config" <<CFG
Port $SSHD_PORT
ListenAddress 127.0.0.1
AddressFamily inet
HostKey $d/ssh_host_ed25519_key
HostKey $d/ssh_host_ecdsa_key
HostKey $d/ssh_host_rsa_key
PidFile $d/sshd.pid
AuthorizedKeysFile $d/authorized_keys
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
PrintMotd no
PrintLastLog no
MaxStartups 100:30:200
Subsystem sftp internal-sftp
$extra
CFG
  : > "$d/known_hosts"
  for t in ed25519 ecdsa rsa; do
    echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$d/ssh_host_${t}_key.pub")" >> "$d/known_hosts"
  done
  cat > "$d/ssh_config" <<CFG
Host h
  HostName 127.0.0.1
  Port $SSHD_PORT
  User $(id -un)
  IdentityFile $d/id_ed25519
  IdentitiesOnly yes
  IdentityAgent none
  UserKnownHostsFile $d/known_hosts
  GlobalKnownHostsFile /dev/null
  StrictHostKeyChecking yes
  UpdateHostKeys no
  CheckHostIP no
  BatchMode yes
  GSSAPIAuthentication no
  LogLevel ERROR
CFG
  unshare --mount --propagation private -- sh -c \
    "mount --bind $d/empty_bashrc $HOME/.bashrc 2>/dev/null; exec /usr/sbin/sshd -D -e -f $d/sshd_config" \
    >>"$d/sshd.log" 2>&1 </dev/null &
  SSHD_PID=$!
  echo "$SSHD_PID" > "$d/sshd.bgpid"
  local i
  for i in $(seq 1 100); do
    if (exec 3<>/dev/tcp/127.0.0.1/$SSHD_PORT) 2>/dev/null; then return 0; fi
    kill -0 "$SSHD_PID" 2>/dev/null || { cat "$d/sshd.log" >&2; return 1; }
    sleep 0.05
  done
  echo "sshd did not start" >&2; return 1
}

braid_sshd_stop() {
  local d=$1 pid
  [ -f "$d/sshd.bgpid" ] || return 0
  pid=$(cat "$d/sshd.bgpid")
  for k in $(braid_descendants "$pid") "$pid"; do kill "$k" 2>/dev/null || true; done
  rm -f "$d/sshd.bgpid"
}
