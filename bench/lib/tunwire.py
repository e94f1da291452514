#!/usr/bin/python3
# Copied from the OpenSSH-baseline tooling (shared/tools/tunwire.py, 2026-11-24) into Braid's bench: it is
# our own tooling now, and bench/run.sh must not depend on anything outside this repository.
"""tunwire.py - user-space "wire" with fixed one-way delay between two TUN devices that live in
two different network namespaces. Stand-in for `tc qdisc ... netem delay`, for kernels built
without CONFIG_NET_SCH_NETEM (like the Firecracker VM these baselines were taken on).

Every IP packet read from one TUN device is written to the other one DELAY ms later (FIFO per
direction, no loss, no reordering), so real TCP (handshake, ACKs, windows) sees the delay.

usage: tunwire.py NETNS_A DEV_A NETNS_B DEV_B DELAY_MS
  The devices must already exist (ip -n NS tuntap add dev DEV mode tun) and be configured.
  Runs until SIGTERM/SIGINT. Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN for setns).
"""
import ctypes, fcntl, heapq, os, select, signal, struct, sys, time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
CLONE_NEWNET = 0x40000000
libc = ctypes.CDLL(None, use_errno=True)


def enter_netns(name):
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, f"setns({name}): {os.strerror(e)}")
    finally:
        os.close(fd)


def open_tun(dev):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", dev.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    ns_a, dev_a, ns_b, dev_b, delay_ms = sys.argv[1:]
    delay = float(delay_ms) / 1000.0
    enter_netns(ns_a)
    fa = open_tun(dev_a)
    enter_netns(ns_b)
    fb = open_tun(dev_b)
    peer = {fa: fb, fb: fa}
    stop = False

    def on_sig(*_):
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_sig)
    signal.signal(signal.SIGINT, on_sig)
    q = []  # (due, seq, out_fd, packet)
    seq = 0
    print(f"tunwire: {ns_a}/{dev_a} <-> {ns_b}/{dev_b}, one-way delay {delay_ms} ms", file=sys.stderr, flush=True)
    while not stop:
        now = time.monotonic()
        while q and q[0][0] <= now:
            _, _, out, pkt = heapq.heappop(q)
            try:
                os.write(out, pkt)
            except (BlockingIOError, OSError):
                pass  # device queue full or down: drop, like a real link would
        timeout = max(0.0, q[0][0] - now) if q else 1.0
        try:
            ready, _, _ = select.select([fa, fb], [], [], timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd in ready:
            for _ in range(256):  # drain a burst
                try:
                    pkt = os.read(fd, 65536)
                except BlockingIOError:
                    break
                seq += 1
                heapq.heappush(q, (now + delay, seq, peer[fd], pkt))


if __name__ == "__main__":
    main()
