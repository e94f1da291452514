# An emulated slow link for bench/run.sh (sourced): two private network namespaces joined by a link
# that delays every packet, with a test sshd in the server namespace. Adapted from the OpenSSH-baseline
# tooling (shared/tools/slow-net.sh, 2026-11-24); the namespace names carry the benchmark's PID so
# that parallel runs never meet, and only what this run created is torn down.
#
#   slownet_setup DIR DELAY_MS      -> SLOW_NS_CLI, SLOW_NS_SRV, SLOW_MODE (netem|tunwire), SLOW_WIRE_PID
#   slownet_tcp_buffers MAX_BYTES   -> raises tcp_rmem/tcp_wmem maxima in both namespaces (per-netns sysctls)
#   slownet_sshd_start DIR SRC_DIR  -> sshd in the server namespace from SRC_DIR's keys/config; DIR/ssh_config
#   slownet_connect_ms DIR          -> median TCP connect time client -> sshd, in ms (≈ one RTT)
#   slownet_teardown DIR            -> stops that sshd and the wire (by PID), deletes the two namespaces
# Addresses exist only inside the namespaces: client 10.200.77.1, server 10.200.77.2, sshd port 2222.
# Needs root. Link: a veth pair with `netem delay` on both ends when the kernel has sch_netem, else
# (e.g. Firecracker kernels) one TUN device per namespace joined by bench/lib/tunwire.py.

SLOW_IP_CLI=10.200.77.1
SLOW_IP_SRV=10.200.77.2
SLOW_PORT=2222

slownet_setup() {
  local d=$1 delay=$2 here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  SLOW_NS_CLI=braidbench-cli-$$ SLOW_NS_SRV=braidbench-srv-$$
  mkdir -p "$d"
  ip netns add "$SLOW_NS_CLI"; echo "$SLOW_NS_CLI" >> "$d/netns"
  ip netns add "$SLOW_NS_SRV"; echo "$SLOW_NS_SRV" >> "$d/netns"
  ip -n "$SLOW_NS_CLI" link set lo up; ip -n "$SLOW_NS_SRV" link set lo up
  SLOW_MODE=netem SLOW_WIRE_PID=""
  ip link add bb0 netns "$SLOW_NS_CLI" type veth peer name bb1 netns "$SLOW_NS_SRV"
  if ip netns exec "$SLOW_NS_CLI" tc qdisc add dev bb0 root netem delay "${delay}ms" 2>/dev/null &&
     ip netns exec "$SLOW_NS_SRV" tc qdisc add dev bb1 root netem delay "${delay}ms" 2>/dev/null; then
    ip -n "$SLOW_NS_CLI" addr add "$SLOW_IP_CLI/30" dev bb0
    ip -n "$SLOW_NS_SRV" addr add "$SLOW_IP_SRV/30" dev bb1
  else
    SLOW_MODE=tunwire
    ip -n "$SLOW_NS_CLI" link del bb0   # removes both veth ends
    ip -n "$SLOW_NS_CLI" tuntap add dev bb0 mode tun
    ip -n "$SLOW_NS_SRV" tuntap add dev bb1 mode tun
    ip -n "$SLOW_NS_CLI" addr add "$SLOW_IP_CLI" peer "$SLOW_IP_SRV" dev bb0
    ip -n "$SLOW_NS_SRV" addr add "$SLOW_IP_SRV" peer "$SLOW_IP_CLI" dev bb1
    /usr/bin/python3 "$here/tunwire.py" "$SLOW_NS_CLI" bb0 "$SLOW_NS_SRV" bb1 "$delay" \
      > "$d/tunwire.log" 2>&1 < /dev/null &
    SLOW_WIRE_PID=$!
    echo "$SLOW_WIRE_PID" > "$d/tunwire.pid"
    sleep 0.3
    kill -0 "$SLOW_WIRE_PID" 2>/dev/null || { cat "$d/tunwire.log" >&2; echo "tunwire failed" >&2; return 1; }
  fi
  if [ "$SLOW_MODE" = tunwire ]; then
    # The wire is a Python process on a shared machine: 64 kB packets keep its per-packet CPU from
    # being the bottleneck (~130 MB/s raw TCP instead of ~100 with 1500), and a deep device queue
    # keeps packets from being dropped while it waits for the CPU (500 dropped ~5 % at 40 MB/s).
    ip -n "$SLOW_NS_CLI" link set bb0 mtu 65000 txqueuelen 10000
    ip -n "$SLOW_NS_SRV" link set bb1 mtu 65000 txqueuelen 10000
  fi
  ip -n "$SLOW_NS_CLI" link set bb0 up; ip -n "$SLOW_NS_SRV" link set bb1 up
}

slownet_tcp_buffers() {
  local max=$1 ns
  for ns in "$SLOW_NS_CLI" "$SLOW_NS_SRV"; do
    ip netns exec "$ns" sysctl -qw "net.ipv4.tcp_rmem=4096 131072 $max" "net.ipv4.tcp_wmem=4096 16384 $max"
  done
}

# The sshd gets the loopback bench sshd's keys and settings, listening on the server end of the link;
# its sessions see the same empty ~/.bashrc as the loopback one's.
slownet_sshd_start() {
  local d=$1 src=$2 t i
  sed -e "s|^Port .*|Port $SLOW_PORT|" -e "s|^ListenAddress .*|ListenAddress $SLOW_IP_SRV|" \
      -e "s|^PidFile .*|PidFile $d/sshd.pid|" "$src/sshd_config" > "$d/sshd_config"
  : > "$d/known_hosts"
  for t in ed25519 ecdsa rsa; do
    echo "[$SLOW_IP_SRV]:$SLOW_PORT $(cut -d' ' -f1,2 "$src/ssh_host_${t}_key.pub")" >> "$d/known_hosts"
  done
  sed -e "s|^  HostName .*|  HostName $SLOW_IP_SRV|" -e "s|^  Port .*|  Port $SLOW_PORT|" \
      -e "s|^  UserKnownHostsFile .*|  UserKnownHostsFile $d/known_hosts|" "$src/ssh_config" > "$d/ssh_config"
  ip netns exec "$SLOW_NS_SRV" unshare --mount --propagation private -- sh -c \
    "mount --bind $src/empty_bashrc $HOME/.bashrc 2>/dev/null; exec /usr/sbin/sshd -D -e -f $d/sshd_config" \
    >> "$d/sshd.log" 2>&1 < /dev/null &
  SLOW_SSHD_PID=$!
  echo "$SLOW_SSHD_PID" > "$d/sshd.bgpid"
  for i in $(seq 1 100); do
    ip netns exec "$SLOW_NS_SRV" ss -Htln "sport = :$SLOW_PORT" 2>/dev/null | grep -q . && return 0
    kill -0 "$SLOW_SSHD_PID" 2>/dev/null || { cat "$d/sshd.log" >&2; return 1; }
    sleep 0.05
  done
  echo "slow-link sshd did not start" >&2; return 1
}

slownet_connect_ms() {
  ip netns exec "$SLOW_NS_CLI" /usr/bin/python3 - "$SLOW_IP_SRV" "$SLOW_PORT" <<'PY'
import socket, statistics, sys, time
t = []
for _ in range(5):
    s = time.monotonic(); c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5)
    t.append((time.monotonic() - s) * 1000); c.close(); time.sleep(0.05)
print(f"{statistics.median(t):.1f}")
PY
}

slownet_teardown() {
  local d=$1 p i ns
  if [ -f "$d/sshd.bgpid" ]; then braid_sshd_stop "$d"; fi
  if [ -f "$d/tunwire.pid" ]; then
    p=$(cat "$d/tunwire.pid"); kill "$p" 2>/dev/null || true
    for i in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "$d/tunwire.pid"
  fi
  if [ -f "$d/netns" ]; then
    while read -r ns; do ip netns del "$ns" 2>/dev/null || true; done < "$d/netns"
    rm -f "$d/netns"
  fi
}
