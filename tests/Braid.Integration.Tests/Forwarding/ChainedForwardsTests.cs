using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Forwarding;

/// <summary>OpenSSH's regress/forwarding.sh: a chain of nine -L/-R pairs set up by one `-N -M -f` master,
/// a login through the end of the chain, data compared; and ClearAllForwardings.</summary>
public class ChainedForwardsTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private SshdServer S => sshd.Server;

    private static int[] FreePorts(int n)
    {
        var ls = Enumerable.Range(0, n).Select(_ => { var l = new TcpListener(IPAddress.Loopback, 0); l.Start(); return l; }).ToList();
        var ports = ls.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        foreach (var l in ls) l.Stop();
        return ports;
    }

    private Task<ProcessResult> Braid(byte[]? stdin, params string[] args) =>
        ProcessRunner.RunAsync(Paths.Braid, new[] { "-F", S.ConfigFile }.Concat(args), stdin, timeout: TimeSpan.FromSeconds(120));

    [Fact]
    public async Task NineChainedForwardsCarryALoginAndData()
    {
        var ports = FreePorts(18);
        var args = new List<string>();
        int last = S.Port;
        for (int k = 0; k < 9; k++)
        {
            int a = ports[2 * k], b = ports[2 * k + 1];
            // a -> (local forward) -> b -> (remote forward) -> previous end of the chain
            args.Add($"-L{a}:127.0.0.1:{b}");
            args.Add($"-R{b}:127.0.0.1:{last}");
            last = a;
        }
        var sock = Path.Combine(S.Dir, "chain" + Guid.NewGuid().ToString("N")[..4]);
        var master = await Braid(null, new[] { "-S", sock, "-N", "-M", "-f" }.Concat(args).Append("h").ToArray());
        Assert.True(master.ExitCode == 0, master.Stderr);
        try
        {
            var data = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
            var r = await Braid(data, "-o", $"HostKeyAlias=[127.0.0.1]:{S.Port}", "-o", "ConnectionAttempts=10", "-p", last.ToString(), "h", "cat");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(r.StdoutBytes));
        }
        finally
        {
            await Braid(null, "-S", sock, "-O", "exit", "h");
        }
    }

    [Fact]
    public async Task ClearAllForwardingsSetsNoneUp()
    {
        int q = FreePorts(1)[0];
        var sock = Path.Combine(S.Dir, "clear" + Guid.NewGuid().ToString("N")[..4]);
        var master = await Braid(null, "-S", sock, "-N", "-M", "-f", "-o", "ClearAllForwardings=yes", $"-L{q}:127.0.0.1:{S.Port}", "h");
        Assert.True(master.ExitCode == 0, master.Stderr);
        try
        {
            var r = await Braid(null, "-o", $"HostKeyAlias=[127.0.0.1]:{S.Port}", "-p", q.ToString(), "h", "true");
            Assert.Equal(255, r.ExitCode);
            Assert.Contains("Connection refused", r.Stderr);
        }
        finally
        {
            await Braid(null, "-S", sock, "-O", "exit", "h");
        }
    }
}
