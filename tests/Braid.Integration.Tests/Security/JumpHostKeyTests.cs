using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Forwarding;

namespace Braid.Integration.Tests.Security;

/// <summary>
/// Issue 6 item 4i: host keys are checked on every ProxyJump hop. Forwarding/ProxyTests covers a wrong key
/// for the target (hop 2); here the first hop's key is wrong or unknown, and the session never starts.
/// The real ssh is run with the same files for comparison.
/// </summary>
public class JumpHostKeyTests(TwoServers s) : IClassFixture<TwoServers>
{
    [Theory]
    [InlineData("changed")]
    [InlineData("unknown")]
    public async Task ABadKeyOnTheFirstHopIsRefused(string kind)
    {
        var jumpLines = File.ReadAllLines(s.Jump.KnownHosts);
        string firstHop;
        if (kind == "changed")
        {
            var fake = Path.Combine(s.Jump.Dir, "fake_jump_key");
            if (!File.Exists(fake)) SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", fake);
            firstHop = $"[127.0.0.1]:{s.Jump.Port} " + string.Join(' ', File.ReadAllText(fake + ".pub").Split(' ').Take(2)) + "\n";
        }
        else firstHop = "";
        var kh = Path.Combine(s.Jump.Dir, $"kh-hop1-{kind}");
        File.WriteAllText(kh, firstHop + File.ReadAllText(s.Target.KnownHosts));
        var cfg = Path.Combine(s.Jump.Dir, $"hop1_{kind}_config");
        File.WriteAllText(cfg, File.ReadAllText(s.Config).Replace(Path.Combine(s.Jump.Dir, "two_known_hosts"), kh));
        string[] args = ["-F", cfg, "-o", "LogLevel=INFO", "-o", "HostKeyAlgorithms=ssh-ed25519", "-J", "jump", "target", "echo should-not-run"];

        var b = await ProcessRunner.RunAsync(Paths.Braid, args, timeout: TimeSpan.FromSeconds(60));
        var o = await ProcessRunner.RunAsync("ssh", args, timeout: TimeSpan.FromSeconds(60));
        Assert.Equal(255, b.ExitCode);
        Assert.DoesNotContain("should-not-run", b.Stdout);
        Assert.Contains(kind == "changed" ? "REMOTE HOST IDENTIFICATION HAS CHANGED" : "Host key verification failed.", b.Stderr);
        Assert.Contains($"{s.Jump.Port}", b.Stderr);
        Assert.DoesNotContain("should-not-run", o.Stdout);
        ReliabilityRecord.Write("security", $"ProxyJump: {kind} host key on the first hop (jump host)",
            "refused before any session: braid exit 255",
            $"braid: \"{FirstLines(b.Stderr)}\"; OpenSSH 9.2 with the same files: exit {o.ExitCode}, \"{FirstLines(o.Stderr)}\"");
    }

    /// <summary>The first lines that say something (not the @@@ banner).</summary>
    private static string FirstLines(string text) =>
        string.Join(" / ", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('@')).Take(3));
}
