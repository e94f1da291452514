using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>known_hosts behaviour, judged against the real ssh on identical files.</summary>
public class KnownHostsTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private SshdServer S => sshd.Server;

    private string TempKnownHosts(string content)
    {
        var p = Path.Combine(S.Dir, "kh-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(p, content);
        return p;
    }

    /// <summary>Runs braid and ssh with the same arguments and returns both results.</summary>
    private async Task<(ProcessResult Braid, ProcessResult Ssh)> Both(string knownHosts, params string[] extra)
    {
        var args = new[] { "-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + knownHosts }.Concat(extra).ToArray();
        var b = await ProcessRunner.RunAsync(Paths.Braid, args);
        var o = await ProcessRunner.RunAsync("ssh", args);
        return (b, o);
    }

    private string HostLine(string type) =>
        $"[127.0.0.1]:{S.Port} " + string.Join(' ', File.ReadAllText(Path.Combine(S.Dir, $"ssh_host_{type}_key.pub")).Split(' ').Take(2));

    [Fact]
    public async Task UnknownKeyWithStrictCheckingIsRefusedWithOpenSshText()
    {
        var kh = TempKnownHosts("");
        var (b, o) = await Both(kh, "-o", "StrictHostKeyChecking=yes", "-o", "LogLevel=INFO", "h", "true");
        Assert.Equal(255, b.ExitCode);
        Assert.Equal(o.ExitCode, b.ExitCode);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    /// <summary>NoHostAuthenticationForLocalhost: a loopback peer's key is not checked at all (ssh: "Forcing
    /// accepting of host key for loopback/localhost."), and nothing is written; without it, strict checking refuses.</summary>
    [Fact]
    public async Task NoHostAuthenticationForLocalhostAcceptsALoopbackPeer()
    {
        var kh = TempKnownHosts("");
        var (b, o) = await Both(kh, "-o", "StrictHostKeyChecking=yes", "-o", "NoHostAuthenticationForLocalhost=yes", "-v", "h", "echo ok");
        Assert.True(o.Stdout == "ok\n", o.Stderr);
        Assert.True(b.Stdout == "ok\n", b.Stderr);
        Assert.Contains("Forcing accepting of host key for loopback/localhost.", o.Stderr);
        Assert.Contains("Forcing accepting of host key for loopback/localhost.", b.Stderr);
        Assert.Equal("", File.ReadAllText(kh));
    }

    [Fact]
    public async Task AcceptNewWritesALineSshKeygenFinds()
    {
        var kh = TempKnownHosts("");
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + kh,
            "-o", "StrictHostKeyChecking=accept-new", "-o", "HostKeyAlgorithms=ssh-ed25519", "-o", "LogLevel=INFO", "h", "echo ok"]);
        Assert.Equal("ok\n", r.Stdout);
        Assert.Contains($"Warning: Permanently added '[127.0.0.1]:{S.Port}' (ED25519) to the list of known hosts.", r.Stderr);
        var found = await ProcessRunner.RunAsync("ssh-keygen", ["-F", $"[127.0.0.1]:{S.Port}", "-f", kh]);
        Assert.Equal(0, found.ExitCode);
        Assert.Contains("ssh-ed25519", found.Stdout);
        // And the real ssh accepts what we wrote.
        var o = await ProcessRunner.RunAsync("ssh", ["-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + kh, "-o", "HostKeyAlgorithms=ssh-ed25519", "h", "echo ok"]);
        Assert.Equal("ok\n", o.Stdout);
    }

    [Fact]
    public async Task HashKnownHostsWritesHashedLine()
    {
        var kh = TempKnownHosts("");
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + kh,
            "-o", "StrictHostKeyChecking=accept-new", "-o", "HashKnownHosts=yes", "h", "echo ok"]);
        Assert.Equal("ok\n", r.Stdout);
        Assert.StartsWith("|1|", File.ReadAllText(kh));
        var found = await ProcessRunner.RunAsync("ssh-keygen", ["-F", $"[127.0.0.1]:{S.Port}", "-f", kh]);
        Assert.Equal(0, found.ExitCode);
    }

    [Fact]
    public async Task ChangedKeyIsRefusedWithTheWarning()
    {
        var other = Path.Combine(S.Dir, "other_" + Guid.NewGuid().ToString("N")[..6]);
        SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other);
        var kh = TempKnownHosts($"[127.0.0.1]:{S.Port} " + string.Join(' ', File.ReadAllText(other + ".pub").Split(' ').Take(2)) + "\n");
        var (b, o) = await Both(kh, "-o", "HostKeyAlgorithms=ssh-ed25519", "-o", "LogLevel=INFO", "h", "true");
        Assert.Equal(255, b.ExitCode);
        Assert.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", b.Stderr);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task HashedEntryMatches()
    {
        var kh = TempKnownHosts(HostLine("ed25519") + "\n");
        SshdServer.Run("ssh-keygen", "-H", "-f", kh);
        Assert.StartsWith("|1|", File.ReadAllText(kh));
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + kh, "-o", "HostKeyAlgorithms=ssh-ed25519", "h", "echo ok"]);
        Assert.Equal("ok\n", r.Stdout);
    }

    [Fact]
    public async Task RevokedKeyIsRefused()
    {
        var kh = TempKnownHosts(HostLine("ed25519") + "\n@revoked * " + HostLine("ed25519").Split(' ', 2)[1] + "\n");
        var (b, o) = await Both(kh, "-o", "HostKeyAlgorithms=ssh-ed25519", "-o", "LogLevel=INFO", "h", "true");
        Assert.Equal(255, b.ExitCode);
        Assert.Contains("REVOKED HOST KEY", b.Stderr);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task KnownKeyTypeIsPreferredOverServerOrder()
    {
        // Only the ECDSA key is known: like OpenSSH, Braid must ask for ECDSA first rather than fail on ed25519.
        var kh = TempKnownHosts(HostLine("ecdsa") + "\n");
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + kh, "-v", "h", "echo ok"]);
        Assert.Equal("ok\n", r.Stdout);
        Assert.Contains("kex: host key algorithm: ecdsa-sha2-nistp256", r.Stderr);
    }
}
