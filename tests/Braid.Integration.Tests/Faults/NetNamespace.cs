using System.Diagnostics;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Faults;

/// <summary>
/// A private network namespace holding only an up loopback, kept alive by a `sleep` (its PID names the
/// namespace; Dispose kills it by PID). <see cref="CutSilently"/> puts a blackhole qdisc on lo: every packet
/// is dropped with no RST or ICMP, as when a cable is pulled. (netem is not built into every kernel, and
/// iptables/nft are not always installed; the blackhole qdisc needs only iproute2's tc.)
/// Needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN): without it the constructor fails with a clear message.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    private readonly Process _holder;
    public int Pid { get; }

    public NetNamespace()
    {
        var psi = new ProcessStartInfo("unshare") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--net", "--", "sh", "-c", "ip link set lo up && echo ready && exec sleep 3600" }) psi.ArgumentList.Add(a);
        _holder = Process.Start(psi)!;
        Pid = _holder.Id;
        var line = _holder.StandardOutput.ReadLine();
        if (line != "ready")
        {
            var err = _holder.StandardError.ReadToEnd();
            Dispose();
            throw new InvalidOperationException(
                $"cannot create a private network namespace with an up loopback (needs root and iproute2): {err}");
        }
    }

    /// <summary>nsenter's arguments that run a program inside this namespace (its mount namespace stays ours).</summary>
    public string[] Enter(params string[] command) => [$"--net=/proc/{Pid}/ns/net", "--", .. command];

    public void CutSilently()
    {
        var r = ProcessRunner.RunAsync("nsenter", Enter("tc", "qdisc", "add", "dev", "lo", "root", "blackhole")).GetAwaiter().GetResult();
        if (r.ExitCode != 0)
            throw new InvalidOperationException(
                $"cannot drop packets in the namespace: `tc qdisc add dev lo root blackhole` failed (needs CAP_NET_ADMIN and sch_blackhole): {r.Stderr}");
    }

    public void Dispose()
    {
        try { if (!_holder.HasExited) _holder.Kill(); } catch (InvalidOperationException) { }
        _holder.WaitForExit(5000);
        _holder.Dispose();
    }
}
