using System.Security.Cryptography;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.Tests.Keys.Certificates;

/// <summary>The certificate codec against certificates made by ssh-keygen -s: fields as ssh-keygen -L shows
/// them, byte-exact re-encoding, CA signature checks for every CA type, and hostile blobs.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OpenSshCertificateTests(CertificateFixture f) : IClassFixture<CertificateFixture>
{
    public static TheoryData<string, string> KeysAndCAs()
    {
        var d = new TheoryData<string, string>();
        foreach (var k in CertificateFixture.Keys) foreach (var ca in CertificateFixture.CAs) d.Add(k, ca);
        return d;
    }

    [Theory]
    [MemberData(nameof(KeysAndCAs))]
    public void ParsesWhatSshKeygenSigns(string key, string ca)
    {
        var path = f.SignWithKeygen(key, ca, "-I", "key id", "-n", "alice,bob", "-z", "42", "-V", "20200101:20300101");
        var blob = CertificateFixture.BlobOf(path);
        var cert = OpenSshCertificate.Parse(blob);
        var plain = f.Public(key);

        Assert.Equal(CertificateKeyTypes.CertificateKeyType(plain.KeyType), cert.KeyType);
        Assert.Equal(plain.Blob, cert.Key.Blob);
        Assert.Equal(f.Public(ca).Blob, cert.SignatureKey.Blob);
        Assert.Equal(CertificateType.User, cert.Type);
        Assert.Equal("key id", cert.KeyId);
        Assert.Equal(42UL, cert.Serial);
        Assert.Equal(["alice", "bob"], cert.Principals);
        Assert.Equal((ulong)new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2020, 1, 1))).ToUnixTimeSeconds(), cert.ValidAfter);
        Assert.Empty(cert.CriticalOptions);
        Assert.Equal(["permit-X11-forwarding", "permit-agent-forwarding", "permit-port-forwarding", "permit-pty", "permit-user-rc"],
            cert.Extensions.Select(e => e.Name));
        Assert.Equal(plain.Bits, cert.Bits);
        // A certificate's fingerprint is its key's, as ssh-keygen -L prints it.
        Assert.Equal(plain.Fingerprint(HashAlgorithmName.SHA256), cert.Fingerprint(HashAlgorithmName.SHA256));

        // Re-encoding the parsed fields gives back the exact bytes ssh-keygen wrote.
        Assert.Equal(blob, OpenSshCertificate.Assemble(OpenSshCertificate.ToBeSigned(cert.Fields, cert.SignatureKey), cert.Signature));
        Assert.Equal(blob, cert.Blob);
        // And the generic parsers hand out a certificate too.
        Assert.IsType<OpenSshCertificate>(PublicKeyParser.Parse(blob));
        var line = File.ReadAllText(path);
        Assert.Equal(line.Split(' ')[0] + " " + line.Split(' ')[1], PublicKeyParser.ParseLine(line, out _).ToString());
    }

    [Fact]
    public void KeygenListingMatchesParsedFields()
    {
        var path = f.SignWithKeygen("ecdsa256", "ca-rsa", "-h", "-I", "web", "-n", "*.example.com,h", "-V", "20210304:20310506", "-z", "7");
        var cert = f.Parse(path);
        var listing = OpenSshTool.KeygenOk("-L", "-f", path).Stdout;
        Assert.Contains($"Type: {cert.KeyType} host certificate", listing);
        Assert.Contains($"Signing CA: RSA {cert.SignatureKey.Fingerprint(HashAlgorithmName.SHA256)} (using {cert.SignatureAlgorithm})", listing);
        Assert.Contains("Valid: " + CertificateValidity.Describe(cert), listing);
        Assert.Equal("rsa-sha2-512", cert.SignatureAlgorithm);
        Assert.Equal(CertificateType.Host, cert.Type);
        Assert.Empty(cert.Extensions);
    }

    [Theory]
    [InlineData("rsa-sha2-256")]
    [InlineData("rsa-sha2-512")]
    [InlineData("ssh-rsa")]
    public void RsaCaSignatureAlgorithmIsRecordedAndFilteredByCaSignatureAlgorithms(string alg)
    {
        var cert = f.Parse(f.SignWithKeygen("ed25519", "ca-rsa", "-h", "-t", alg));
        Assert.Equal(alg, cert.SignatureAlgorithm);
        var now = DateTimeOffset.UtcNow;
        string[] defaults = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256"];
        var reason = CertificateAuthorityCheck.CheckHost(cert, "h", defaults, now);
        Assert.Equal(alg == "ssh-rsa" ? "Certificate signed with disallowed algorithm" : null, reason);
        Assert.Null(CertificateAuthorityCheck.CheckHost(cert, "h", ["rsa-sha2-*", "ssh-rsa"], now));
    }

    [Theory]
    [InlineData("ed25519", "ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519")]
    [InlineData("ecdsa384", "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp384")]
    [InlineData("rsa", "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-512")]
    [InlineData("rsa", "rsa-sha2-256-cert-v01@openssh.com", "rsa-sha2-256")]
    [InlineData("rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-rsa")]
    public void VerifiesSignaturesOfTheCertifiedKeyUnderCertificateAlgorithmNames(string key, string certAlg, string plainAlg)
    {
        var cert = f.Parse(f.SignWithKeygen(key, "ca-ed25519"));
        Assert.Contains(certAlg, cert.SignatureAlgorithms);
        using var priv = f.Private(key);
        var data = "exchange hash"u8.ToArray();
        var sig = priv.Sign(plainAlg, data);
        Assert.True(cert.Verify(certAlg, data, sig));
        Assert.False(cert.Verify(plainAlg, data, sig)); // the plain name is not a certificate algorithm
        Assert.False(cert.Verify(certAlg, "other data"u8, sig));
        Assert.False(cert.Verify("ssh-ed25519-cert-v01@openssh.com", data, key == "ed25519" ? [] : sig));
    }

    [Fact]
    public void SignsInProcessLikeSshKeygen()
    {
        using var ca = f.Private("ca-ed25519");
        var fields = new CertificateFields(f.Public("rsa"), CertificateType.Host, ["h1", "h2"])
        {
            Nonce = new byte[32], Serial = 9, KeyId = "made here", ValidAfter = 10, ValidBefore = 20,
            Extensions = [new CertificateOption("x@example.com", [])],
        };
        var cert = OpenSshCertificate.Sign(fields, ca);
        var path = f.PathOf("inproc-cert.pub");
        File.WriteAllText(path, cert + "\n");
        var listing = OpenSshTool.KeygenOk("-L", "-f", path).Stdout;
        Assert.Contains("Key ID: \"made here\"", listing);
        Assert.Contains("Serial: 9", listing);
        Assert.Contains("x@example.com", listing);
        Assert.Equal(["h1", "h2"], cert.Principals);
    }

    [Fact]
    public void TamperedCertificatesAreRefused()
    {
        var blob = CertificateFixture.BlobOf(f.SignWithKeygen("ed25519", "ca-ed25519", "-n", "alice"));
        // Every byte of the signed part and of the signature is covered: flip a few spread over the blob.
        for (int i = 40; i < blob.Length; i += 7)
        {
            var bad = (byte[])blob.Clone();
            bad[i] ^= 0x01;
            var e = Record.Exception(() => OpenSshCertificate.Parse(bad));
            Assert.IsType<InvalidCertificateException>(e);
        }
        // A principal changed from "alice" to "alicf": well formed, but the CA did not sign it.
        var forged = (byte[])blob.Clone();
        int at = IndexOf(forged, "alice"u8);
        forged[at + 4] = (byte)'f';
        Assert.True(Assert.Throws<InvalidCertificateException>(() => OpenSshCertificate.Parse(forged)).BadSignature);
    }

    [Fact]
    public void ACertificateReSignedByAnotherCaNamesThatCa()
    {
        var cert = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519"));
        using var other = f.Private("ca-ecdsa");
        var resigned = OpenSshCertificate.Sign(cert.Fields, other);
        Assert.Equal(f.Public("ca-ecdsa").Blob, resigned.SignatureKey.Blob);
        // Swapping only the CA key field (keeping the old signature) does not verify.
        var tbs = OpenSshCertificate.ToBeSigned(cert.Fields, other.PublicKey);
        var swapped = OpenSshCertificate.Assemble(tbs, cert.Signature);
        Assert.IsType<InvalidCertificateException>(Record.Exception(() => OpenSshCertificate.Parse(swapped)));
    }

    [Fact]
    public void TruncatedBlobsGiveInvalidCertificateNeverAnIndexError()
    {
        var blob = CertificateFixture.BlobOf(f.SignWithKeygen("rsa", "ca-ecdsa", "-n", "p", "-O", "force-command=ls"));
        for (int n = 0; n < blob.Length; n++)
        {
            var e = Record.Exception(() => PublicKeyParser.Parse(blob.AsSpan(0, n)));
            Assert.True(e is SshProtocolException, $"length {n}: {e?.GetType().Name}: {e?.Message}");
        }
        var extra = blob.Concat(new byte[] { 0 }).ToArray();
        Assert.IsType<InvalidCertificateException>(Record.Exception(() => PublicKeyParser.Parse(extra)));
    }

    [Fact]
    public void GarbageAfterACertificateTypeNameGivesInvalidCertificate()
    {
        var rng = new Random(1234);
        foreach (var type in new[] { CertificateKeyTypes.Ed25519, CertificateKeyTypes.EcdsaNistP256, CertificateKeyTypes.Rsa })
        {
            for (int i = 0; i < 300; i++)
            {
                var junk = new byte[rng.Next(0, 400)];
                rng.NextBytes(junk);
                // Small length prefixes now and then, so parsing gets past the first fields.
                for (int j = 0; j + 4 <= junk.Length; j += rng.Next(4, 40)) { junk[j] = 0; junk[j + 1] = 0; junk[j + 2] = 0; junk[j + 3] = (byte)rng.Next(0, 40); }
                using var w = new Braid.Ssh.Wire.SshWriter();
                w.WriteString(type).WriteRaw(junk);
                var e = Record.Exception(() => OpenSshCertificate.Parse(w.WrittenSpan));
                Assert.IsType<InvalidCertificateException>(e);
            }
        }
    }

    [Fact]
    public void UnknownCertificateTypeAndCaThatIsACertificateAreRefused()
    {
        var cert = f.Parse(f.SignWithKeygen("ed25519", "ca-ed25519"));
        using var ca = f.Private("ca-ed25519");
        var tbs = OpenSshCertificate.ToBeSigned(cert.Fields with { Type = (CertificateType)3 }, ca.PublicKey);
        var e = Assert.Throws<InvalidCertificateException>(() => OpenSshCertificate.Parse(OpenSshCertificate.Assemble(tbs, ca.Sign("ssh-ed25519", tbs))));
        Assert.Contains("unknown certificate type 3", e.Message);
        Assert.Throws<ArgumentException>(() => OpenSshCertificate.ToBeSigned(cert.Fields, cert));
    }

    private static int IndexOf(byte[] hay, ReadOnlySpan<byte> needle) => hay.AsSpan().IndexOf(needle);
}
