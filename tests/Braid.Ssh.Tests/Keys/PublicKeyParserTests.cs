using System.Security.Cryptography;
using Braid.Ssh.Keys;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Tests.Keys;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublicKeyParserTests(KeyFilesFixture keys) : IClassFixture<KeyFilesFixture>
{
    [Theory]
    [InlineData("ed25519", "ssh-ed25519", 256, "ED25519")]
    [InlineData("ecdsa256", "ecdsa-sha2-nistp256", 256, "ECDSA")]
    [InlineData("ecdsa384", "ecdsa-sha2-nistp384", 384, "ECDSA")]
    [InlineData("ecdsa521", "ecdsa-sha2-nistp521", 521, "ECDSA")]
    [InlineData("rsa", "ssh-rsa", 2048, "RSA")]
    public void ParsesPubFilesLikeSshKeygen(string name, string type, int bits, string display)
    {
        var line = File.ReadAllText(keys.PathOf(name) + ".pub");
        var key = PublicKeyParser.ParseLine(line, out var comment);
        Assert.Equal(type, key.KeyType);
        Assert.Equal(bits, key.Bits);
        Assert.Equal("test-" + name, comment);
        Assert.Equal(display, KeyTypeNames.DisplayName(key.KeyType));
        // ssh-keygen -l prints "bits SHA256:… comment (TYPE)".
        var l = OpenSshTool.KeygenOk("-l", "-f", keys.PathOf(name) + ".pub").Stdout.Trim();
        Assert.Equal($"{bits} {key.Fingerprint(HashAlgorithmName.SHA256)} {comment} ({display})", l);
        Assert.Equal(line.Trim(), key + " " + comment);
        // Round trip through the blob.
        Assert.Equal(key.Blob, PublicKeyParser.Parse(key.Blob).Blob);
    }

    [Fact]
    public void Md5FingerprintMatchesSshKeygen()
    {
        var key = PublicKeyParser.ParseLine(File.ReadAllText(keys.PathOf("rsa") + ".pub"), out _);
        var l = OpenSshTool.KeygenOk("-l", "-E", "md5", "-f", keys.PathOf("rsa") + ".pub").Stdout;
        Assert.Equal(l.Split(' ')[1], key.Fingerprint(HashAlgorithmName.MD5));
    }

    [Fact]
    public void CertificatesParseAndSecurityKeyCertificatesAreRefusedClearly()
    {
        // Sign the ed25519 key with itself as a CA to get a real certificate.
        var caPath = keys.PathOf("ed25519");
        var userKey = keys.PathOf("ecdsa256");
        OpenSshTool.KeygenOk("-q", "-s", caPath, "-I", "id", "-n", "user", userKey + ".pub");
        var certLine = File.ReadAllText(userKey + "-cert.pub");
        var cert = PublicKeyParser.ParseLine(certLine, out _);
        Assert.Equal("ecdsa-sha2-nistp256-cert-v01@openssh.com", cert.KeyType);
        Assert.Equal("ECDSA-CERT", KeyTypeNames.DisplayName(cert.KeyType));
        Assert.True(PublicKeyParser.TryParse(Convert.FromBase64String(certLine.Split(' ')[1]), out _));
        Assert.Equal(cert.Blob, PublicKeyFile.Load(userKey + "-cert.pub", out _).Blob);

        var sk = Blob(w => w.WriteString("sk-ssh-ed25519-cert-v01@openssh.com").WriteString("x"u8));
        var e = Assert.Throws<UnsupportedKeyTypeException>(() => PublicKeyParser.Parse(sk));
        Assert.Contains("certificates not supported yet", e.Message);
    }

    [Fact]
    public void MalformedBlobsThrowProtocolErrors()
    {
        var blob = PublicKeyParser.ParseLine(File.ReadAllText(keys.PathOf("ed25519") + ".pub"), out _).Blob;
        Assert.Throws<SshProtocolException>(() => PublicKeyParser.Parse(blob.AsSpan(0, blob.Length - 1)));
        Assert.Throws<SshProtocolException>(() => PublicKeyParser.Parse([.. blob, 0]));
        Assert.Throws<UnsupportedKeyTypeException>(() => PublicKeyParser.Parse(Blob(w => w.WriteString("ssh-foo").WriteString("x"u8))));

        // ECDSA point not on the curve, and a compressed point.
        var bad = new byte[65]; bad[0] = 4; bad[64] = 1;
        Assert.Throws<SshProtocolException>(() => PublicKeyParser.Parse(Blob(w => w.WriteString("ecdsa-sha2-nistp256").WriteString("nistp256").WriteString(bad))));
        Assert.Throws<SshProtocolException>(() => PublicKeyParser.Parse(Blob(w => w.WriteString("ecdsa-sha2-nistp256").WriteString("nistp384").WriteString(bad))));
        // Small RSA modulus is refused like OpenSSH does.
        var n = new byte[64]; n[0] = 0xc1; n[^1] = 1;
        Assert.ThrowsAny<SshException>(() => PublicKeyParser.Parse(Blob(w => w.WriteString("ssh-rsa").WriteMPIntUnsigned([1, 0, 1]).WriteMPIntUnsigned(n))));
        Assert.ThrowsAny<SshException>(() => PublicKeyParser.ParseLine("ssh-rsa " + Convert.ToBase64String(blob), out _));
        Assert.ThrowsAny<SshException>(() => PublicKeyParser.ParseLine("ssh-ed25519 !!!", out _));
        // Found by fuzzing: a well-typed but truncated blob in a line escaped as SshProtocolException.
        var e = Assert.Throws<SshException>(() => PublicKeyParser.ParseLine("ssh-ed25519 " + Convert.ToBase64String(blob.AsSpan(0, blob.Length - 1)), out _));
        Assert.Contains("invalid ssh-ed25519 public key", e.Message);
    }

    [Fact]
    public void VerifyRejectsMalformedSignatures()
    {
        using var key = PrivateKeyFile.Parse(keys.Read("ecdsa256"), null);
        var data = "data"u8.ToArray();
        var sig = key.Sign("ecdsa-sha2-nistp256", data);
        Assert.True(key.PublicKey.Verify("ecdsa-sha2-nistp256", data, sig));
        Assert.False(key.PublicKey.Verify("ssh-ed25519", data, sig));
        Assert.False(key.PublicKey.Verify("ecdsa-sha2-nistp256", data, sig.AsSpan(0, sig.Length - 1)));
        Assert.False(key.PublicKey.Verify("ecdsa-sha2-nistp256", data, [.. sig, 0]));
        Assert.False(key.PublicKey.Verify("ecdsa-sha2-nistp256", data, []));
    }

    [Fact]
    public void ShortRsaSignatureIsLeftPadded()
    {
        using var key = PrivateKeyFile.Parse(keys.Read("rsa"), null);
        // Find a signature whose first byte is zero (about 1 in 256 messages), strip it, and verify.
        for (int i = 0; i < 4000; i++)
        {
            var data = BitConverter.GetBytes(i);
            var blob = key.Sign("rsa-sha2-256", data);
            var r = new SshReader(blob);
            r.ReadString();
            var sig = r.ReadString().ToArray();
            if (sig[0] != 0) continue;
            var shortBlob = Blob(w => w.WriteString("rsa-sha2-256").WriteString(sig[1..]));
            Assert.True(key.PublicKey.Verify("rsa-sha2-256", data, shortBlob));
            return;
        }
        Assert.Fail("no signature with a leading zero byte found");
    }

    [Fact]
    public void SignatureAlgorithmSelectionFollowsOpenSsh()
    {
        string[] accepted = ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256"];
        Assert.Equal("rsa-sha2-512", SignatureAlgorithmSelector.Select("ssh-rsa", ["ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"], accepted));
        Assert.Equal("rsa-sha2-256", SignatureAlgorithmSelector.Select("ssh-rsa", ["rsa-sha2-256"], accepted));
        Assert.Null(SignatureAlgorithmSelector.Select("ssh-rsa", null, accepted));
        Assert.Null(SignatureAlgorithmSelector.Select("ssh-rsa", ["ssh-rsa"], accepted));
        Assert.Equal("ssh-ed25519", SignatureAlgorithmSelector.Select("ssh-ed25519", null, accepted));
        string[] withCerts = ["rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com", .. accepted];
        Assert.Equal("rsa-sha2-256-cert-v01@openssh.com",
            SignatureAlgorithmSelector.Select("ssh-rsa-cert-v01@openssh.com", ["ssh-rsa", "rsa-sha2-256"], withCerts));
        Assert.Equal("ssh-rsa", SignatureAlgorithmSelector.Select("ssh-rsa", null, [.. accepted, "ssh-rsa"]));
        Assert.Equal("rsa-sha2-512", KeyTypeNames.DefaultSignatureAlgorithm("ssh-rsa"));
    }

    private static byte[] Blob(Action<SshWriter> build)
    {
        using var w = new SshWriter();
        build(w);
        return w.ToArray();
    }
}
