# The slow-link rows of bench/run.sh (sourced; uses its helpers): Braid and OpenSSH over an emulated
# 100 ms RTT (bench/lib/slownet.sh), every client process in the client namespace, the same sshd
# settings and hidden ~/.bashrc as on loopback.
#
# TCP buffers: with the default tcp_wmem maximum (4 MiB) sshd's socket, not the SSH window, caps one
# stream at about 4 MiB per RTT (~40 MB/s at 100 ms), below the 4 × OpenSSH target; the maxima are
# raised in both namespaces (BENCH_SLOW_TCP_MAX bytes, 0 = leave the defaults) — for both tools alike.

slowlink_bench() {
  local S=$D/slow tcp_max=${BENCH_SLOW_TCP_MAX:-33554432}
  local runs=20 passes=2 tp_bytes=67108864 tp_rounds=5 saved_c=$C preopen
  log "slow link: setting up (100 ms RTT)"
  slownet_setup "$S" 50
  [ "$tcp_max" = 0 ] || slownet_tcp_buffers "$tcp_max"
  slownet_sshd_start "$S" "$D"
  rtt_ms=$(slownet_connect_ms)
  NSX="ip netns exec $SLOW_NS_CLI"
  C="-F $S/ssh_config"
  note "Slow link: $SLOW_MODE, 50 ms each way; TCP connect (1 RTT) took $rtt_ms ms, the figure the RTT counts divide by. Client tcp_rmem/tcp_wmem: \`$($NSX sysctl -n net.ipv4.tcp_rmem | tr '\t' ' ')\` / \`$($NSX sysctl -n net.ipv4.tcp_wmem | tr '\t' ' ')\`, the same in the server namespace$([ "$tcp_max" = 0 ] || echo " (maxima raised from the defaults for both tools: 4 MiB of send buffer would cap one stream at ~40 MB/s)"); congestion control \`$($NSX sysctl -n net.ipv4.tcp_congestion_control)\`$([ "$SLOW_MODE" = tunwire ] && echo "; link MTU 65000 and txqueuelen 10000 (the user-space wire's packet rate and drops while it waits for the CPU would otherwise limit both tools)")."

  log "slow link: fresh connections"
  hyperfine_pair "100 ms RTT: fresh connection \`h true\`, default kex of each" "$B $C h true" "$SSH $C h true"
  # The kex sshd 9.2 lists first: Braid's guessed first key share is then kept (one round trip less).
  local k="-o KexAlgorithms=sntrup761x25519-sha512"
  hyperfine_pair "100 ms RTT: fresh connection \`h true\`, both with sshd's first kex (sntrup761x25519-sha512)" "$B $C $k h true" "$SSH $C $k h true"

  log "slow link: masters"
  try_sharing sb "$B" "$S/b.sock" || note "Slow link, Braid master: ${WHY[sb]}."
  try_sharing so "$SSH" "$S/o.sock" || note "Slow link, OpenSSH master: ${WHY[so]}."
  # ControlPreopen (Braid only): the master keeps a session open ahead of the next passenger.
  preopen=yes
  try_sharing sbp "$B" "$S/bp.sock" -o ControlPreopen=yes ||
    { preopen=1; try_sharing sbp "$B" "$S/bp.sock" -o ControlPreopen=1; } ||
    note "Slow link, Braid master with ControlPreopen: ${WHY[sbp]}."
  local bdown="" pdown="" odown=""
  [ -n "${MPID[sb]:-}" ] || bdown=$NA
  [ -n "${MPID[sbp]:-}" ] || pdown=$NA
  hyperfine_pair "100 ms RTT: shared session \`-S sock h true\`" "$B $C -S $S/b.sock h true" "$SSH $C -S $S/o.sock h true" "$bdown"
  hyperfine_pair "100 ms RTT: shared session, Braid master with \`-o ControlPreopen=$preopen\` (OpenSSH: plain master)" \
    "$B $C -S $S/bp.sock h true" "$SSH $C -S $S/o.sock h true" "$pdown"
  hyperfine_pair "100 ms RTT: \`-O check\`" "$B $C -S $S/b.sock -O check h" "$SSH $C -S $S/o.sock -O check h" "$bdown"
  rtt_ms=""

  if [ -n "${MPID[sb]:-}" ] && [ -n "${MPID[so]:-}" ]; then
    log "slow link: 64 MiB down, $tp_rounds rounds"
    throughput "100 ms RTT: 64 MiB down, one channel of a master|braid|$B|down|-S $S/b.sock" \
               "100 ms RTT: 64 MiB down, one channel of a master|openssh|$SSH|down|-S $S/o.sock"
  else
    echo "| 100 ms RTT: 64 MiB down, one channel of a master | $NA | | – |" >> "$results"
  fi
  C=$saved_c; NSX=""
}
