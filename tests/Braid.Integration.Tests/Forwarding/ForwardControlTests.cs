using System.Net;
using System.Net.Sockets;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Forwarding;

/// <summary>
/// A compact form of OpenSSH's regress/forward-control.sh: what the server permits (AllowTcpForwarding)
/// decides which forwards work, and ExitOnForwardFailure turns a refused -R into a failed start.
/// </summary>
public class ForwardControlTests
{

    private static Task<ProcessResult> Braid(SshdServer s, params string[] args) =>
        ProcessRunner.RunAsync(Paths.Braid, new[] { "-F", s.ConfigFile }.Concat(args), timeout: TimeSpan.FromSeconds(60));

    /// <summary>Whether a login through port q reaches the server (the forward works end to end).</summary>
    private static async Task<bool> Works(SshdServer s, int q)
    {
        var r = await Braid(s, "-o", $"HostKeyAlias=[127.0.0.1]:{s.Port}", "-p", q.ToString(), "h", "echo fwd-ok");
        return r.Stdout == "fwd-ok\n";
    }

    [Theory]
    [InlineData("yes", true, true)]
    [InlineData("local", true, false)]
    [InlineData("remote", false, true)]
    [InlineData("no", false, false)]
    public async Task ServerPolicyDecidesWhichForwardsWork(string allow, bool localWorks, bool remoteWorks)
    {
        using var s = new SshdServer(new SshdOptions { ExtraConfig = $"AllowTcpForwarding {allow}\n" });
        // -L: the master always binds; the server refuses (or not) each connection's channel.
        int lq = FreePorts.Pick();
        var sock = Path.Combine(s.Dir, "fc-l");
        var m = await Braid(s, "-S", sock, "-M", "-N", "-f", $"-L{lq}:127.0.0.1:{s.Port}", "h");
        Assert.True(m.ExitCode == 0, m.Stderr);
        try { Assert.Equal(localWorks, await Works(s, lq)); }
        finally { await Braid(s, "-S", sock, "-O", "exit", "h"); }

        // -R with ExitOnForwardFailure: a refusal makes the master fail instead of running without it.
        int rq = FreePorts.Pick();
        var rsock = Path.Combine(s.Dir, "fc-r");
        var rm = await Braid(s, "-S", rsock, "-M", "-N", "-f", "-o", "ExitOnForwardFailure=yes", $"-R{rq}:127.0.0.1:{s.Port}", "h");
        try
        {
            if (remoteWorks)
            {
                Assert.True(rm.ExitCode == 0, rm.Stderr);
                Assert.True(await Works(s, rq));
            }
            else
            {
                Assert.Equal(255, rm.ExitCode);
                Assert.Contains($"remote port forwarding failed for listen port {rq}", rm.Stderr);
            }
        }
        finally { await Braid(s, "-S", rsock, "-O", "exit", "h"); }
    }
}
