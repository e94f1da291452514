using Braid.Ssh.HostKeys;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>order_hostkeyalgs as OpenSSH 9.2 does it (checked with ssh -vvv "host key algorithms" lines), and
/// Braid's order, which differs only in putting certificates last when no CA could accept them.</summary>
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

    private HostKeySet Known(string knownHosts)
    {
        var path = _dir.File("known_hosts");
        File.WriteAllText(path, knownHosts);
        return HostKeySet.ForHost("h", [KnownHostsFile.Load(path)]);
    }

    private IReadOnlyList<string> Order(string knownHosts) => HostKeyAlgorithmOrder.OpenSsh(Default, Known(knownHosts));

    [Fact]
    public void NothingKnownKeepsTheDefault() => Assert.Equal(Default, Order(""));

    [Fact]
    public void AKnownTypeOfTheFirstAlgorithmKeepsTheDefault() => Assert.Equal(Default, Order($"h {TestKeys.Ed}\n"));

    [Fact]
    public void BraidPutsCertificatesLastUnlessACaOrRevokedLineCoversTheHost()
    {
        string[] plainFirst = [.. Default[6..], .. Default[..6]];
        Assert.Equal(plainFirst, HostKeyAlgorithmOrder.Order(Default, Known("")));
        Assert.Equal(plainFirst, HostKeyAlgorithmOrder.Order(Default, Known($"h {TestKeys.Ed}\n")));
        Assert.Equal(["rsa-sha2-512", "rsa-sha2-256", .. Default[6..10], "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", .. Default[..4]],
            HostKeyAlgorithmOrder.Order(Default, Known($"h {TestKeys.Rsa}\n")));
        Assert.Equal(Default, HostKeyAlgorithmOrder.Order(Default, Known($"@cert-authority h {TestKeys.Ed}\n")));
        Assert.Equal(Default, HostKeyAlgorithmOrder.Order(Default, Known($"@revoked * {TestKeys.Ed2}\n")));
        // A CA for the bare name also counts for "[h]:2222", which check_host_key falls back to.
        Assert.Equal(Default, HostKeyAlgorithmOrder.Order(Default, Known(""), Known($"@cert-authority h {TestKeys.Ed}\n")));
    }

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
