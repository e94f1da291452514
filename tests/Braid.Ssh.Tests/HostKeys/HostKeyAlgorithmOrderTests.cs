using Braid.Ssh.HostKeys;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>order_hostkeyalgs as OpenSSH 9.2 does it (checked with ssh -vvv "host key algorithms" lines).</summary>
public sealed class HostKeyAlgorithmOrderTests : IDisposable
{
    private static readonly string[] Default =
    [
        "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
        "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256",
    ];

    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<string> Order(string knownHosts)
    {
        var path = _dir.File("known_hosts");
        File.WriteAllText(path, knownHosts);
        return HostKeyAlgorithmOrder.Order(Default, HostKeySet.ForHost("h", [KnownHostsFile.Load(path)]));
    }

    [Fact]
    public void NothingKnownKeepsTheDefault() => Assert.Equal(Default, Order(""));

    [Fact]
    public void AKnownTypeOfTheFirstAlgorithmKeepsTheDefault() => Assert.Equal(Default, Order($"h {TestKeys.Ed}\n"));

    [Fact]
    public void KnownRsaComesFirstWithItsCertificateAlgorithms()
    {
        Assert.Equal(
        [
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-512", "rsa-sha2-256",
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        ], Order($"h {TestKeys.Rsa}\n"));
    }

    [Fact]
    public void ACertAuthorityPutsEveryCertificateAlgorithmFirst()
    {
        Assert.Equal(
        [
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "rsa-sha2-512", "rsa-sha2-256",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        ], Order($"@cert-authority h {TestKeys.Ed}\nh {TestKeys.Rsa}\n"));
    }
}
