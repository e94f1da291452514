using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Security;

/// <summary>
/// Issue 6 item 4h: Terrapin (CVE-2023-48795) needs the peer to accept a packet the attacker slipped into
/// the cleartext initial key exchange. sshd 9.2 (Debian's fix) and Braid both offer strict KEX, so an extra
/// IGNORE, UNIMPLEMENTED or DEBUG next to the server's KEXINIT must end the connection with a strict-KEX
/// error, whatever KexAlgorithms says. The real ssh meets the same proxy for the record.
/// </summary>
public class TerrapinTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    private SshdServer S => sshd.Server;

    private static readonly string[] KexVariants =
    [
        "", // the default list
        "curve25519-sha256",
        "sntrup761x25519-sha512@openssh.com",
        "ecdh-sha2-nistp256",
        "diffie-hellman-group14-sha256",
        "diffie-hellman-group-exchange-sha256",
    ];

    /// <summary>known_hosts naming the proxy's port, so a transparent proxy passes host key checking.</summary>
    private string KnownHostsFor(int port)
    {
        var p = Path.Combine(S.Dir, $"kh-proxy-{port}");
        File.WriteAllText(p, File.ReadAllText(S.KnownHosts).Replace($"[127.0.0.1]:{S.Port} ", $"[127.0.0.1]:{port} "));
        return p;
    }

    private Task<ProcessResult> Through(InjectingProxy proxy, string client, string kex, string logLevel = "ERROR") =>
        ProcessRunner.RunAsync(client,
            new[] { "-F", S.ConfigFile, "-o", $"Port={proxy.Port}", "-o", "UserKnownHostsFile=" + KnownHostsFor(proxy.Port), "-o", "LogLevel=" + logLevel }
                .Concat(kex.Length > 0 ? ["-o", "KexAlgorithms=" + kex] : [])
                .Concat(["h", "echo should-not-run"]),
            timeout: TimeSpan.FromSeconds(60));

    [Fact]
    public async Task TheProxyIsTransparentWhenItAddsNothing()
    {
        using var proxy = new InjectingProxy(S.Port, null);
        foreach (var client in new[] { Paths.Braid, "ssh" })
        {
            var r = await Through(proxy, client, "");
            Assert.True(r.Stdout == "should-not-run\n", $"{client} through a transparent proxy: rc={r.ExitCode} {r.Stderr}");
        }
    }

    public static TheoryData<string, bool> Injections => new()
    {
        { "IGNORE", false }, { "UNIMPLEMENTED", false }, { "DEBUG", false }, { "IGNORE", true },
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task AnExtraPacketInTheInitialKexIsRefused(string message, bool beforeKexInit)
    {
        byte[] payload = message switch
        {
            "IGNORE" => InjectingProxy.Ignore(),
            "UNIMPLEMENTED" => InjectingProxy.Unimplemented(),
            _ => InjectingProxy.Debug(),
        };
        var where = beforeKexInit ? "before" : "after";
        using var proxy = new InjectingProxy(S.Port, payload, beforeKexInit);
        var braidErrors = new List<string>();
        foreach (var kex in KexVariants)
        {
            int before = proxy.Injected;
            var r = await Through(proxy, Paths.Braid, kex);
            Assert.True(proxy.Injected > before, "the proxy never injected (the test proves nothing)");
            Assert.DoesNotContain("should-not-run", r.Stdout);
            Assert.True(r.ExitCode == 255, $"KexAlgorithms={kex}: rc={r.ExitCode}\n{r.Stderr}");
            Assert.Contains("strict KEX", r.Stderr, StringComparison.OrdinalIgnoreCase);
            braidErrors.Add(r.Stderr.Trim());
        }
        // OpenSSH logs the violation only at debug level: its last debug lines go in the record.
        var ssh = await Through(proxy, "ssh", "", "DEBUG");
        Assert.DoesNotContain("should-not-run", ssh.Stdout);
        Assert.Equal(255, ssh.ExitCode);
        Assert.Contains("strict KEX violation", ssh.Stderr);
        var sshWords = string.Join(" / ", ssh.Stderr.Split('\n').Select(l => l.Trim())
            .Where(l => l.Contains("strict", StringComparison.OrdinalIgnoreCase) || l.Contains("Disconnect", StringComparison.Ordinal) || l.Contains("fatal", StringComparison.Ordinal)));
        ReliabilityRecord.Write("security", $"Terrapin: extra SSH_MSG_{message} injected by a MITM proxy {where} the server's KEXINIT",
            $"braid refuses (rc 255, strict KEX error) with all {KexVariants.Length} KexAlgorithms variants; OpenSSH 9.2 refuses too (rc {ssh.ExitCode})",
            $"braid: \"{string.Join("\" / \"", braidErrors.Distinct())}\" (KexAlgorithms default, {string.Join(", ", KexVariants.Skip(1))}) | ssh -v: \"{sshWords}\"");
    }
}
