using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Forwarding;

/// <summary>Two real sshd instances on different loopback ports: ProxyJump, ProxyCommand and -W.</summary>
public sealed class TwoServers : IDisposable
{
    public SshdServer Jump { get; } = new();
    public SshdServer Target { get; } = new();
    public string Config { get; }

    public TwoServers()
    {
        // One client config naming both hosts; each hop is checked against its own known_hosts lines.
        Config = Path.Combine(Jump.Dir, "two_config");
        var known = Path.Combine(Jump.Dir, "two_known_hosts");
        File.WriteAllText(known, File.ReadAllText(Jump.KnownHosts) + File.ReadAllText(Target.KnownHosts));
        File.AppendAllText(Path.Combine(Target.Dir, "authorized_keys"), File.ReadAllText(Jump.UserKey + ".pub"));
        File.WriteAllText(Config, $"""
            Host jump
              HostName 127.0.0.1
              Port {Jump.Port}
            Host target
              HostName 127.0.0.1
              Port {Target.Port}
            Host *
              User root
              IdentityFile {Jump.UserKey}
              IdentitiesOnly yes
              IdentityAgent none
              UserKnownHostsFile {known}
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              BatchMode yes
              LogLevel ERROR

            """);
    }

    public void Dispose() { Jump.Dispose(); Target.Dispose(); }
}

public class ProxyTests(TwoServers s) : IClassFixture<TwoServers>
{
    private Task<ProcessResult> Braid(params string[] args) =>
        ProcessRunner.RunAsync(Paths.Braid, new[] { "-F", s.Config }.Concat(args), timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task ProxyJumpRunsACommandOnTheTarget()
    {
        var r = await Braid("-J", "jump", "target", "echo $SSH_CONNECTION");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($" {s.Target.Port}", r.Stdout);
    }

    [Fact]
    public async Task ProxyJumpThroughTwoHops()
    {
        var r = await Braid("-J", "jump,jump", "target", "echo two-hops");
        Assert.Equal("two-hops\n", r.Stdout);
    }

    [Fact]
    public async Task WrongHostKeyOnTheSecondHopIsRefused()
    {
        var other = Path.Combine(s.Jump.Dir, "fake_host_key");
        if (!File.Exists(other)) SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other);
        var kh = Path.Combine(s.Jump.Dir, "kh-wrong-target");
        File.WriteAllText(kh, File.ReadAllText(s.Jump.KnownHosts) +
            $"[127.0.0.1]:{s.Target.Port} " + string.Join(' ', File.ReadAllText(other + ".pub").Split(' ').Take(2)) + "\n");
        var cfg = File.ReadAllText(s.Config).Replace(Path.Combine(s.Jump.Dir, "two_known_hosts"), kh);
        var cfgPath = Path.Combine(s.Jump.Dir, "wrong_config");
        File.WriteAllText(cfgPath, cfg);
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", cfgPath, "-o", "LogLevel=INFO", "-o", "HostKeyAlgorithms=ssh-ed25519", "-J", "jump", "target", "echo should-not-run"]);
        Assert.Equal(255, r.ExitCode);
        Assert.DoesNotContain("should-not-run", r.Stdout);
        Assert.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", r.Stderr);
        ReliabilityRecord.Write("security", "ProxyJump: changed host key on the second hop (target)",
            "refused before any session: braid exit 255", "\"WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!\" for the target behind -J jump");
    }

    [Fact]
    public async Task ProxyCommandWithTokens()
    {
        var r = await Braid("-o", "ProxyCommand=nc %h %p", "target", "echo via-nc");
        Assert.Equal("via-nc\n", r.Stdout);
    }

    [Fact]
    public async Task StdioForwardReachesTheServerBanner()
    {
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", s.Config, "-W", $"127.0.0.1:{s.Target.Port}", "jump"], "\r\n"u8.ToArray());
        Assert.StartsWith("SSH-2.0-OpenSSH", r.Stdout);
    }

    [Fact]
    public async Task OpenSshUsesBraidWThroughABraidMasterAsProxyCommand()
    {
        var sock = Path.Combine(s.Jump.Dir, "wm" + Guid.NewGuid().ToString("N")[..4]);
        var m = await Braid("-M", "-S", sock, "-N", "-f", "jump");
        Assert.Equal(0, m.ExitCode);
        try
        {
            var r = await ProcessRunner.RunAsync("ssh", ["-F", s.Config, "-o", $"ProxyCommand={Paths.Braid} -F {s.Config} -S {sock} -W %h:%p jump", "target", "echo through-master"]);
            Assert.Equal("through-master\n", r.Stdout);
        }
        finally
        {
            await Braid("-S", sock, "-O", "exit", "jump");
        }
    }
}
