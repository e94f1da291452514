using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Core;

/// <summary>UpdateHostKeys against a real sshd holding ed25519, ecdsa and rsa host keys, judged against
/// what the real ssh 9.2 does to an identical known_hosts.</summary>
public class UpdateHostKeysTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    private SshdServer S => f.Server;
    private string Name => $"[127.0.0.1]:{S.Port}";

    private string HostLine(string type) =>
        $"{Name} " + string.Join(' ', File.ReadAllText(Path.Combine(S.Dir, $"ssh_host_{type}_key.pub")).Split(' ').Take(2));

    /// <summary>A key the server does not have, recorded for it (as after a host key rotation).</summary>
    private string ObsoleteLine()
    {
        var key = Path.Combine(S.Dir, "obsolete_" + Guid.NewGuid().ToString("N")[..6]);
        SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key);
        return $"{Name} " + string.Join(' ', File.ReadAllText(key + ".pub").Split(' ').Take(2));
    }

    private string KnownHosts(string content)
    {
        var p = Path.Combine(S.Dir, "kh-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(p, content);
        return p;
    }

    private Task<ProcessResult> Run(Tool t, string knownHosts, params string[] extra)
        => f.Run(t, ["-o", "UserKnownHostsFile=" + knownHosts, "-o", "HostKeyAlgorithms=ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256",
            .. extra, "h", "true"]);

    private static string[] SortedLines(string path) => File.ReadAllLines(path).Order(StringComparer.Ordinal).ToArray();

    /// <summary>ssh's UpdateHostKeys lines at LOGLEVEL VERBOSE, with the file name made neutral.</summary>
    private static string[] UpdateMessages(string stderr, string knownHosts) => stderr.Split('\n')
        .Select(l => l.TrimEnd('\r').Replace(knownHosts, "KH", StringComparison.Ordinal))
        .Where(l => l.StartsWith("Learned new hostkey", StringComparison.Ordinal) || l.StartsWith("Deprecating", StringComparison.Ordinal) ||
                    l.StartsWith("KH:", StringComparison.Ordinal) || l.StartsWith("Adding new key", StringComparison.Ordinal))
        .ToArray();

    [Fact]
    public async Task LearnsTheOtherKeysAndDropsTheObsoleteOneAsSshDoes()
    {
        var content = HostLine("ed25519") + "\n" + ObsoleteLine() + "\n";
        var forBraid = KnownHosts(content);
        var forSsh = KnownHosts(content);
        var b = await Run(Tool.Braid, forBraid, "-o", "UpdateHostKeys=yes", "-o", "LogLevel=VERBOSE");
        var o = await Run(Tool.OpenSsh, forSsh, "-o", "UpdateHostKeys=yes", "-o", "LogLevel=VERBOSE");
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal(0, o.ExitCode);

        string[] expected = [HostLine("ecdsa"), HostLine("ed25519"), HostLine("rsa")];
        Assert.Equal(expected.Order(StringComparer.Ordinal), SortedLines(forSsh));
        Assert.Equal(SortedLines(forSsh), SortedLines(forBraid));
        Assert.Equal(File.ReadAllText(forSsh), File.ReadAllText(forBraid)); // same order too
        Assert.Equal(content, File.ReadAllText(forBraid + ".old"));

        var said = UpdateMessages(b.Stderr, forBraid);
        Assert.Equal(6, said.Length); // 2 learned, 1 deprecated, 1 removed, 2 added
        Assert.Equal(UpdateMessages(o.Stderr, forSsh), said);
    }

    [Fact]
    public async Task HashedKnownHostsGetHashedLines()
    {
        var kh = KnownHosts(HostLine("ed25519") + "\n");
        var b = await Run(Tool.Braid, kh, "-o", "UpdateHostKeys=yes", "-o", "HashKnownHosts=yes");
        Assert.True(b.ExitCode == 0, b.Stderr);
        var lines = File.ReadAllLines(kh);
        Assert.Equal(3, lines.Length);
        Assert.All(lines[1..], l => Assert.StartsWith("|1|", l));
        var found = await ProcessRunner.RunAsync("ssh-keygen", ["-F", Name, "-f", kh]);
        foreach (var t in new[] { "ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256" }) Assert.Contains(t, found.Stdout);
    }

    [Fact]
    public async Task OffMeansKnownHostsStaysAsItWas()
    {
        var content = HostLine("ed25519") + "\n" + ObsoleteLine() + "\n";
        var kh = KnownHosts(content);
        var b = await Run(Tool.Braid, kh, "-o", "UpdateHostKeys=no");
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal(content, File.ReadAllText(kh));
        Assert.False(File.Exists(kh + ".old"));
    }

    [Fact]
    public async Task WildcardEntriesAreLeftAlone()
    {
        var content = $"[127.0.0.1]:* " + HostLine("ed25519").Split(' ', 2)[1] + "\n";
        var kh = KnownHosts(content);
        var b = await Run(Tool.Braid, kh, "-o", "UpdateHostKeys=yes", "-o", "LogLevel=DEBUG1");
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal(content, File.ReadAllText(kh));
        Assert.Contains("CA/revocation marker, manual host list or wildcard host pattern found, skipping UserKnownHostsFile update", b.Stderr);
    }

    [Fact]
    public async Task TheMasterUpdatesAndAPassengerDoesNothing()
    {
        var masterKh = KnownHosts(HostLine("ed25519") + "\n");
        await using var m = await f.StartMasterAsync(Tool.Braid, extra: ["-o", "UserKnownHostsFile=" + masterKh, "-o", "UpdateHostKeys=yes"]);
        var passengerKh = KnownHosts(HostLine("ed25519") + "\n");
        var p = await f.Run(Tool.Braid, "-S", m.Path, "-o", "UserKnownHostsFile=" + passengerKh, "-o", "UpdateHostKeys=yes", "h", "echo ok");
        Assert.True(p.ExitCode == 0, p.Stderr);
        Assert.Equal("ok\n", p.Stdout);
        // The master learns in the background, right after it authenticated.
        for (var deadline = DateTime.UtcNow.AddSeconds(30); File.ReadAllLines(masterKh).Length < 3 && DateTime.UtcNow < deadline;)
            await Task.Delay(50);
        Assert.Equal(3, File.ReadAllLines(masterKh).Length);
        Assert.Equal(HostLine("ed25519") + "\n", File.ReadAllText(passengerKh));
    }

    [Fact]
    public async Task AForegroundMasterLearnsWhileRunningItsOwnCommand()
    {
        var kh = KnownHosts(HostLine("ecdsa") + "\n");
        var r = await f.Run(Tool.Braid, "-o", "ControlMaster=auto", "-S", f.NewSocketPath("a"), "-o", "UserKnownHostsFile=" + kh,
            "-o", "UpdateHostKeys=yes", "-o", "HostKeyAlgorithms=ecdsa-sha2-nistp256,ssh-ed25519,rsa-sha2-512", "h", "true");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([HostLine("ecdsa"), HostLine("ed25519"), HostLine("rsa")], File.ReadAllLines(kh));
    }
}
