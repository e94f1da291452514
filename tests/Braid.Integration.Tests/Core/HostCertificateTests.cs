using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>An sshd whose host keys carry certificates from a throwaway CA: the ed25519 one valid for
/// 127.0.0.1, the ecdsa one expired, the rsa one for another host name.</summary>
public sealed class HostCertificateServer : IDisposable
{
    public SshdServer Server { get; } = new(new SshdOptions { ConfigFromDir = SignHostKeys });
    public string CaPublicKey => string.Join(' ', File.ReadAllText(Path.Combine(Server.Dir, "host_ca.pub")).Split(' ').Take(2));
    public void Dispose() => Server.Dispose();

    private static void Keygen(params string[] args) => SshdServer.Run("ssh-keygen", args);

    private static string SignHostKeys(string dir)
    {
        string ca = Path.Combine(dir, "host_ca");
        Keygen("-q", "-t", "ed25519", "-N", "", "-C", "host-ca", "-f", ca);
        Keygen("-q", "-s", ca, "-I", "valid", "-h", "-n", "127.0.0.1,h", Path.Combine(dir, "ssh_host_ed25519_key.pub"));
        Keygen("-q", "-s", ca, "-I", "expired", "-h", "-n", "127.0.0.1", "-V", "20000101:20010101", Path.Combine(dir, "ssh_host_ecdsa_key.pub"));
        Keygen("-q", "-s", ca, "-I", "elsewhere", "-h", "-n", "other.example.com", Path.Combine(dir, "ssh_host_rsa_key.pub"));
        return string.Join('\n', new[] { "ed25519", "ecdsa", "rsa" }.Select(t => $"HostCertificate {dir}/ssh_host_{t}_key-cert.pub"));
    }
}

/// <summary>Host certificates against a real sshd with HostCertificate, judged against the real ssh with the
/// same known_hosts (holding only @cert-authority / @revoked lines) and StrictHostKeyChecking=yes.</summary>
public class HostCertificateTests(HostCertificateServer certs) : IClassFixture<HostCertificateServer>
{
    private SshdServer S => certs.Server;

    private string KnownHosts(string content)
    {
        var p = Path.Combine(S.Dir, "kh-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(p, content);
        return p;
    }

    private string CaLine(string hosts = "127.0.0.1") => $"@cert-authority {hosts} {certs.CaPublicKey}\n";

    private async Task<(ProcessResult Braid, ProcessResult Ssh)> Both(string knownHosts, params string[] extra)
    {
        var args = new[] { "-F", S.ConfigFile, "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes" }
            .Concat(extra).ToArray();
        var b = await ProcessRunner.RunAsync(Paths.Braid, args);
        var o = await ProcessRunner.RunAsync("ssh", args);
        return (b, o);
    }

    [Fact]
    public async Task AValidCertificateFromAKnownCaConnects()
    {
        var (b, o) = await Both(KnownHosts(CaLine()), "h", "echo ok");
        Assert.Equal("ok\n", o.Stdout);
        Assert.Equal("ok\n", b.Stdout);
        Assert.Equal(o.Stderr, b.Stderr);
        Assert.Equal(0, b.ExitCode);
    }

    [Fact]
    public async Task TheCertificateAlgorithmIsNegotiatedAndDescribedAsSshDoes()
    {
        var (b, o) = await Both(KnownHosts(CaLine($"[127.0.0.1]:{S.Port}")), "-v", "h", "true");
        Assert.Equal(0, b.ExitCode);
        foreach (var prefix in new[] { "debug1: kex: host key algorithm: ", "debug1: Server host certificate: ",
                     "debug1: Host '[127.0.0.1]", "debug1: Found CA key in " })
        {
            var expected = o.Stderr.Split('\n').Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
            Assert.Contains(expected, b.Stderr.Split('\n'));
        }
        Assert.Contains(b.Stderr.Split('\n'), l => l.TrimEnd('\r') == "debug1: kex: host key algorithm: ssh-ed25519-cert-v01@openssh.com");
    }

    [Theory]
    [InlineData("ecdsa-sha2-nistp256-cert-v01@openssh.com")] // expired
    [InlineData("rsa-sha2-512-cert-v01@openssh.com")] // another host's certificate
    public async Task AnInvalidCertificateIsRefusedWithSshsWords(string algorithm)
    {
        var (b, o) = await Both(KnownHosts(CaLine()), "-o", "HostKeyAlgorithms=" + algorithm, "h", "true");
        Assert.Equal(255, o.ExitCode);
        Assert.Equal(255, b.ExitCode);
        Assert.Contains("Certificate invalid", o.Stderr);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task ARevokedCaIsRefusedWithSshsWords()
    {
        var (b, o) = await Both(KnownHosts(CaLine() + $"@revoked * {certs.CaPublicKey}\n"), "h", "true");
        Assert.Equal(255, b.ExitCode);
        Assert.Contains("REVOKED HOST KEY DETECTED", o.Stderr);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task AnInvalidCertificateFallsBackToAKnownPlainKey()
    {
        var rsa = string.Join(' ', File.ReadAllText(Path.Combine(S.Dir, "ssh_host_rsa_key.pub")).Split(' ').Take(2));
        var kh = KnownHosts(CaLine() + $"[127.0.0.1]:{S.Port} {rsa}\n");
        var (b, o) = await Both(kh, "-o", "HostKeyAlgorithms=rsa-sha2-512-cert-v01@openssh.com", "h", "echo ok");
        Assert.Equal("ok\n", o.Stdout);
        Assert.Equal("ok\n", b.Stdout);
        Assert.Equal(o.Stderr, b.Stderr);
    }
}
