using Braid.Ssh;
using Braid.Ssh.Keys;

namespace Braid.Ssh.Tests.Keys;

/// <summary>Key files in formats ssh-keygen 9.2 does not write but users bring (openssl genpkey / openssl rsa):
/// Ed25519 PKCS#8 (plain and PBES2-encrypted) and legacy PEM encryption with 3DES and AES-256.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OpenSslKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("braid-openssl-").FullName;

    private string OpenSsl(string name, params string[] args)
    {
        var path = Path.Combine(_dir, name);
        var r = OpenSshTool.Run("openssl", [.. args, "-out", path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public void Ed25519Pkcs8PlainAndEncrypted()
    {
        var plain = OpenSsl("ed.pem", "genpkey", "-algorithm", "ed25519");
        var enc = OpenSsl("ed-enc.pem", "pkcs8", "-topk8", "-in", plain, "-passout", "pass:secret");
        var pubDer = Path.Combine(_dir, "ed.pub.der");
        Assert.Equal(0, OpenSshTool.Run("openssl", ["pkey", "-in", plain, "-pubout", "-outform", "DER", "-out", pubDer]).ExitCode);
        var raw = File.ReadAllBytes(pubDer)[^32..];

        using var k1 = PrivateKeyFile.Load(plain, _ => null);
        Assert.Equal(raw, ((Ed25519PublicKey)k1.PublicKey).RawKey.ToArray());
        using var k2 = PrivateKeyFile.Load(enc, _ => Secret.FromString("secret"));
        Assert.Equal(k1.PublicKey.Blob, k2.PublicKey.Blob);
        Assert.Throws<IncorrectPassphraseException>(() => PrivateKeyFile.Parse(File.ReadAllBytes(enc), "wrong"));
        var r = Sshsig.SignAndCheckWithOpenSsh(k2, "ssh-ed25519", _dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    [Theory]
    [InlineData("rsa", "-des3")]
    [InlineData("rsa", "-aes256")]
    [InlineData("ec", "-aes192")]
    public void LegacyEncryptedPem(string kind, string cipher)
    {
        var plain = kind == "rsa"
            ? OpenSsl("k.pem", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024")
            : OpenSsl("k.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384");
        var enc = OpenSsl("k-enc.pem", kind, "-traditional", cipher, "-in", plain, "-passout", "pass:secret");
        Assert.Contains("Proc-Type: 4,ENCRYPTED", File.ReadAllText(enc));
        var expected = OpenSshTool.KeygenOk("-y", "-f", plain).Stdout.Trim();
        using var key = PrivateKeyFile.Load(enc, _ => Secret.FromString("secret"));
        Assert.Equal(expected, key.PublicKey.ToString());
        Assert.Throws<IncorrectPassphraseException>(() => PrivateKeyFile.Parse(File.ReadAllBytes(enc), "wrong"));
    }

    /// <summary>Found by fuzzing (fuzz/regressions/private-key/): a SEC1 key naming a curve OpenSSL does not
    /// know (here 1.3.149.0.34) escaped as PlatformNotSupportedException instead of a key error.</summary>
    [Fact]
    public void EcKeyOnAnUnknownCurveIsRefused()
    {
        const string pem =
            "-----BEGIN EC PRIVATE KEY-----\n" +
            "MIGkAgEBBDBAlZlo+WQrn2c63LoXaY5bwVwsfOa1AUVXv0agFuhB7ZigfgX1mUxV\n" +
            "2Du3kO+aC2ygBwYFK4EVACKhZANiAATr4SoynSFZxaXm6yYtpkF/KDcB+0DP+XUb\n" +
            "RKLEZkh1DYVFzNMAGXqaQsirUQzmjXZZEZkhWhDffM90kSiqmHchflOnzz1gXHvD\n" +
            "Q50dBQs/w2TSrFLzmtfBsydtt5hD2Rk=\n" +
            "-----END EC PRIVATE KEY-----\n";
        var e = Assert.Throws<SshException>(() => PrivateKeyFile.Parse(System.Text.Encoding.ASCII.GetBytes(pem), null));
        Assert.Equal("unsupported elliptic curve", e.Message);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
