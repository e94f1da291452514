using Braid.Ssh.HostKeys;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;
using Braid.Ssh.Tests.Keys.Certificates;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>Host certificates through check_host_key. Expected texts were captured from OpenSSH 9.2p1 (Debian)
/// against a local sshd with HostCertificate, StrictHostKeyChecking=yes and a known_hosts holding only the
/// @cert-authority line (ssh -v for the debug lines).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostCertificateVerifierTests(CertificateFixture f) : IClassFixture<CertificateFixture>, IDisposable
{
    private const string Host = "[127.0.0.1]:22741";
    private readonly TempDir _dir = new();
    private string KnownHosts => _dir.File("known_hosts");
    public void Dispose() => _dir.Dispose();

    private string CaLine(string marker, string hosts, string ca = "ca-ed25519")
        => $"{marker} {hosts} {File.ReadAllText(f.PathOf(ca) + ".pub").Trim()}\n";

    private (HostKeyVerificationResult Result, ScriptedPrompter Prompter) Verify(PublicKey serverKey, string knownHosts,
        StrictHostKeyChecking strict = StrictHostKeyChecking.Yes, string? alias = null, IReadOnlyList<string>? caAlgorithms = null)
    {
        File.WriteAllText(KnownHosts, knownHosts);
        var prompter = new ScriptedPrompter();
        var request = HostKeyVerificationRequest.For(serverKey, "127.0.0.1") with
        {
            Port = 22741,
            RemoteAddress = "127.0.0.1",
            RemoteIsLoopback = true,
            HostKeyAlias = alias,
            UserKnownHostsFiles = [KnownHosts],
            GlobalKnownHostsFiles = ["/dev/null"],
            StrictHostKeyChecking = strict,
            CASignatureAlgorithms = caAlgorithms,
            HomeDirectory = _dir.Path,
            UpdateHostKeys = true,
        };
        var result = new HostKeyVerifier(prompter).Verify(serverKey, request);
        return (result, prompter);
    }

    [Fact]
    public void UpdateHostKeysIsOffForAnAcceptedCertificateButNotForAKnownPlainKey()
    {
        var cert = HostCert("-n", "127.0.0.1");
        var (byCa, _) = Verify(cert, CaLine("@cert-authority", Host));
        Assert.True(byCa.Accepted);
        Assert.False(byCa.UpdateHostKeysAllowed); // "certificate host key in use; disabling UpdateHostkeys"
        var (byPlainKey, _) = Verify(cert, $"{Host} {cert.Key}\n");
        Assert.True(byPlainKey.Accepted);
        Assert.True(byPlainKey.UpdateHostKeysAllowed);
    }

    private OpenSshCertificate HostCert(params string[] options) => f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519", ["-h", .. options]));

    [Fact]
    public void ACaLineForTheHostAcceptsAValidCertificate()
    {
        var (result, p) = Verify(HostCert("-n", "127.0.0.1,h"), CaLine("@cert-authority", "127.0.0.1"));
        Assert.True(result.Accepted);
        Assert.Equal("", p.Transcript);
        Assert.Equal(
        [
            "checking without port identifier",
            "Host '127.0.0.1' is known and matches the ED25519-CERT host certificate.",
            $"Found CA key in {KnownHosts}:1",
            "found matching key w/out port",
        ], p.DebugLines);
    }

    [Fact]
    public void ACaLineWithThePortMatchesDirectlyAndNoPrincipalsMeansAnyHost()
    {
        var (result, p) = Verify(HostCert(), CaLine("@cert-authority", Host));
        Assert.True(result.Accepted);
        Assert.Equal(HostKeyStatus.Ok, result.Status);
        Assert.Equal($"Host '{Host}' is known and matches the ED25519-CERT host certificate.", p.DebugLines[0]);
    }

    [Theory]
    [InlineData("Certificate invalid: name is not a listed principal", "-n", "other")]
    [InlineData("Certificate invalid: expired", "-n", "127.0.0.1", "-V", "20000101:20010101")]
    [InlineData("Certificate invalid: not yet valid", "-n", "127.0.0.1", "-V", "+52w:+53w")]
    [InlineData("Certificate contains unsupported critical options", "-n", "127.0.0.1", "-O", "force-command=ls")]
    public void AnInvalidCertificateFallsBackToThePlainKeyAsSshDoes(string reason, params string[] options)
    {
        var (result, p) = Verify(HostCert(options), CaLine("@cert-authority", "127.0.0.1"));
        Assert.False(result.Accepted);
        Assert.Equal(
            reason + "\n" +
            $"No ED25519 host key is known for {Host} and you have requested strict checking.\n" +
            "Host key verification failed.\n", p.Transcript);
        Assert.Equal(2, p.DebugLines.Count(l => l == "No matching CA found. Retry with plain key"));
    }

    [Fact]
    public void AnotherCaOrNoCaLineFallsBackToThePlainKeyWhichMayBeKnown()
    {
        var cert = HostCert("-n", "127.0.0.1");
        var plainLine = $"{Host} {cert.Key}\n";
        var (result, p) = Verify(cert, CaLine("@cert-authority", "*", "ca-ecdsa") + plainLine);
        Assert.True(result.Accepted);
        Assert.Equal("", p.Transcript);
        Assert.Contains("No matching CA found. Retry with plain key", p.DebugLines);

        var (refused, q) = Verify(cert, CaLine("@cert-authority", "*.example.com"));
        Assert.False(refused.Accepted);
        Assert.Equal($"No ED25519 host key is known for {Host} and you have requested strict checking.\nHost key verification failed.\n", q.Transcript);
    }

    [Theory]
    [InlineData("ca-ed25519")]
    [InlineData("ed25519")] // the certified key itself
    public void ARevokedCaOrKeyRefusesWithoutFallingBack(string revoked)
    {
        var cert = HostCert("-n", "127.0.0.1");
        var known = CaLine("@cert-authority", "127.0.0.1") + CaLine("@revoked", "*", revoked) + $"{Host} {cert.Key}\n";
        var (result, p) = Verify(cert, known);
        Assert.False(result.Accepted);
        Assert.Equal(
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            "@       WARNING: REVOKED HOST KEY DETECTED!               @\n" +
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            $"The ED25519-CERT host key for {Host} is marked as revoked.\n" +
            "This could mean that a stolen key is being used to\n" +
            "impersonate this host.\n" +
            $"ED25519-CERT host key for {Host} was revoked and you have requested strict checking.\n" +
            "Host key verification failed.\n", p.Transcript);
        Assert.DoesNotContain("No matching CA found. Retry with plain key", p.DebugLines);
    }

    [Fact]
    public void HostKeyAliasIsTheNameLookedUpAndTheNameThePrincipalsMustList()
    {
        var cert = HostCert("-n", "myalias");
        Assert.True(Verify(cert, CaLine("@cert-authority", "myalias"), alias: "myalias").Result.Accepted);
        var (result, p) = Verify(cert, CaLine("@cert-authority", "127.0.0.1,[127.0.0.1]:22741"));
        Assert.False(result.Accepted);
        Assert.StartsWith("Certificate invalid: name is not a listed principal\n", p.Transcript);
    }

    [Fact]
    public void CaSignatureAlgorithmsIsHonoured()
    {
        var cert = HostCert("-n", "127.0.0.1");
        var (result, p) = Verify(cert, CaLine("@cert-authority", "127.0.0.1"), caAlgorithms: ["rsa-sha2-512", "ecdsa-sha2-*"]);
        Assert.False(result.Accepted);
        Assert.StartsWith("Certificate signed with disallowed algorithm\n", p.Transcript);
    }

    [Fact]
    public void InAskModeTheFallbackAsksAboutAndRecordsThePlainKey()
    {
        var cert = HostCert("-n", "other");
        File.WriteAllText(KnownHosts, CaLine("@cert-authority", "127.0.0.1"));
        var prompter = new ScriptedPrompter("yes");
        var request = HostKeyVerificationRequest.For(cert, "127.0.0.1") with
        {
            Port = 22741, RemoteAddress = "127.0.0.1", RemoteIsLoopback = true,
            UserKnownHostsFiles = [KnownHosts], GlobalKnownHostsFiles = ["/dev/null"], HomeDirectory = _dir.Path,
        };
        Assert.True(new HostKeyVerifier(prompter).Verify(cert, request).Accepted);
        Assert.Contains($"ED25519 key fingerprint is {cert.Key.Fingerprint(System.Security.Cryptography.HashAlgorithmName.SHA256)}.", prompter.Transcript);
        Assert.EndsWith($"{Host} {cert.Key}\n", File.ReadAllText(KnownHosts));
    }
}
