using System.Diagnostics;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Forwarding;

/// <summary>-A: the remote side's ssh-add sees the local agent's keys, directly and through a master
/// that has ForwardAgent itself (as in OpenSSH: a passenger's -A alone is not enough).</summary>
public sealed class AgentFixture : IDisposable
{
    public SshdServer Server { get; } = new();
    public string AgentSocket { get; }
    public string Fingerprint { get; }
    private readonly Process _agent;

    public AgentFixture()
    {
        AgentSocket = Path.Combine(Server.Dir, "agent.sock");
        var psi = new ProcessStartInfo("ssh-agent") { UseShellExecute = false, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-D");
        psi.ArgumentList.Add("-a");
        psi.ArgumentList.Add(AgentSocket);
        _agent = Process.Start(psi)!;
        for (int i = 0; i < 200 && !File.Exists(AgentSocket); i++) Thread.Sleep(20);
        var key = Path.Combine(Server.Dir, "agent_key");
        SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "forwarded-key", "-f", key);
        var add = new ProcessStartInfo("ssh-add") { UseShellExecute = false, RedirectStandardError = true };
        add.ArgumentList.Add(key);
        add.Environment["SSH_AUTH_SOCK"] = AgentSocket;
        using (var p = Process.Start(add)!) p.WaitForExit();
        Fingerprint = SshdServer.Run("ssh-keygen", "-l", "-f", key + ".pub").Split(' ')[1];
    }

    public Dictionary<string, string?> Env => new() { ["SSH_AUTH_SOCK"] = AgentSocket };

    public void Dispose()
    {
        try { _agent.Kill(); } catch (InvalidOperationException) { }
        _agent.Dispose();
        Server.Dispose();
    }
}

public class AgentForwardingTests(AgentFixture f) : IClassFixture<AgentFixture>
{
    private Task<ProcessResult> Braid(params string[] args) =>
        ProcessRunner.RunAsync(Paths.Braid, new[] { "-F", f.Server.ConfigFile }.Concat(args), env: f.Env, timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task RemoteSshAddListsTheLocalAgentsKeys()
    {
        var r = await Braid("-A", "h", "ssh-add -l");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains(f.Fingerprint, r.Stdout);
    }

    [Fact]
    public async Task ForwardAgentNamesTheSocketThroughAnEnvironmentVariable()
    {
        var env = new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = null, ["BRAID_TEST_AGENT"] = f.AgentSocket };
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-F", f.Server.ConfigFile, "-o", "ForwardAgent=$BRAID_TEST_AGENT", "h", "ssh-add -l"], env: env);
        Assert.Contains(f.Fingerprint, r.Stdout);
    }

    [Fact]
    public async Task WithoutDashAThereIsNoAgent()
    {
        var r = await Braid("h", "ssh-add -l");
        Assert.NotEqual(0, r.ExitCode);
        Assert.DoesNotContain(f.Fingerprint, r.Stdout);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ThroughAMasterOnlyWhenTheMasterForwardsTheAgent(bool masterHasA)
    {
        var sock = Path.Combine(f.Server.Dir, "am" + Guid.NewGuid().ToString("N")[..4]);
        var start = await Braid(masterHasA ? ["-A", "-M", "-S", sock, "-N", "-f", "h"] : ["-M", "-S", sock, "-N", "-f", "h"]);
        Assert.Equal(0, start.ExitCode);
        try
        {
            var r = await Braid("-A", "-S", sock, "h", "ssh-add -l");
            if (masterHasA) Assert.Contains(f.Fingerprint, r.Stdout);
            else Assert.DoesNotContain(f.Fingerprint, r.Stdout);
        }
        finally
        {
            await Braid("-S", sock, "-O", "exit", "h");
        }
    }
}
