using Braid.Ssh;
using System.Security.Cryptography;
using System.Text;
using Braid.Ssh.Keys;

namespace Braid.Ssh.Tests.Keys;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateKeyFileTests(KeyFilesFixture keys) : IClassFixture<KeyFilesFixture>
{
    public static TheoryData<string> UnencryptedKeys => new()
    {
        "ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa",
        "ecdsa256-pem", "ecdsa384-pem", "ecdsa521-pem", "rsa-pem",
        "ecdsa256-pkcs8", "ecdsa521-pkcs8", "rsa-pkcs8",
    };

    public static TheoryData<string> EncryptedKeys => new()
    {
        "ed25519-secret", "ecdsa256-secret", "ecdsa384-secret", "ecdsa521-secret", "rsa-secret",
        "ed25519-aes128-ctr", "ed25519-aes192-ctr", "ed25519-aes256-ctr", "ed25519-aes128-cbc", "ed25519-aes256-cbc",
        "ed25519-aes256-gcm@openssh.com", "ed25519-chacha20-poly1305@openssh.com",
        "ecdsa256-pem-secret", "ecdsa521-pem-secret", "rsa-pem-secret",
        "ecdsa384-pkcs8-secret", "rsa-pkcs8-secret",
    };

    [Theory]
    [MemberData(nameof(UnencryptedKeys))]
    public void LoadsUnencryptedKeyWithOpenSshFingerprint(string name)
    {
        using var key = PrivateKeyFile.Parse(keys.Read(name), null);
        Assert.Equal(OpenSshTool.Fingerprint(keys.PathOf(name) + ".pub"), key.PublicKey.Fingerprint(HashAlgorithmName.SHA256));
        Assert.False(PrivateKeyFile.IsEncrypted(keys.Read(name)));
    }

    [Theory]
    [MemberData(nameof(EncryptedKeys))]
    public void LoadsEncryptedKeyWithPassphrase(string name)
    {
        Assert.True(PrivateKeyFile.IsEncrypted(keys.Read(name)));
        using var key = PrivateKeyFile.Parse(keys.Read(name), KeyFilesFixture.Passphrase);
        Assert.Equal(OpenSshTool.Fingerprint(keys.PathOf(name) + ".pub"), key.PublicKey.Fingerprint(HashAlgorithmName.SHA256));
    }

    [Theory]
    [MemberData(nameof(EncryptedKeys))]
    public void WrongPassphraseIsReported(string name)
    {
        var e = Assert.ThrowsAny<IncorrectPassphraseException>(() => PrivateKeyFile.Parse(keys.Read(name), "wrong"));
        Assert.Equal("incorrect passphrase supplied to decrypt private key", e.Message);
        Assert.Throws<PassphraseRequiredException>(() => PrivateKeyFile.Parse(keys.Read(name), null));
    }

    [Fact]
    public void OpenSshCommentIsRead()
    {
        using var key = PrivateKeyFile.Parse(keys.Read("ed25519"), ReadOnlySpan<byte>.Empty, out var comment);
        Assert.Equal("test-ed25519", comment);
    }

    [Theory]
    [InlineData("ed25519", "ssh-ed25519")]
    [InlineData("ecdsa256", "ecdsa-sha2-nistp256")]
    [InlineData("ecdsa384-pem", "ecdsa-sha2-nistp384")]
    [InlineData("ecdsa521-pkcs8", "ecdsa-sha2-nistp521")]
    [InlineData("rsa", "rsa-sha2-512")]
    [InlineData("rsa-pem", "rsa-sha2-256")]
    public void OurSignaturesVerifyWithSshKeygen(string name, string algorithm)
    {
        using var key = PrivateKeyFile.Parse(keys.Read(name), null);
        var r = Sshsig.SignAndCheckWithOpenSsh(key, algorithm, keys.Dir);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa256")]
    [InlineData("ecdsa384")]
    [InlineData("ecdsa521")]
    [InlineData("rsa")]
    public void SshKeygenSignaturesVerifyWithOurPublicKey(string name)
    {
        var message = Encoding.UTF8.GetBytes("hello from ssh-keygen\n");
        var msgPath = keys.PathOf("msg-" + name);
        File.WriteAllBytes(msgPath, message);
        OpenSshTool.KeygenOk("-Y", "sign", "-n", "test", "-f", keys.PathOf(name), msgPath);
        var parsed = Sshsig.Parse(File.ReadAllText(msgPath + ".sig"));

        var pub = PublicKeyParser.Parse(parsed.PublicBlob);
        var alg = SignatureAlgorithmOf(parsed.Signature);
        Assert.Contains(alg, pub.SignatureAlgorithms);
        var signed = Sshsig.SignedData(parsed.Namespace, message, parsed.HashAlg);
        Assert.True(pub.Verify(alg, signed, parsed.Signature));
        // Any change to the data, or asking for another algorithm, must fail.
        signed[^1] ^= 1;
        Assert.False(pub.Verify(alg, signed, parsed.Signature));
        signed[^1] ^= 1;
        Assert.False(pub.Verify(alg == "rsa-sha2-512" ? "rsa-sha2-256" : "ssh-rsa", signed, parsed.Signature));
    }

    [Fact]
    public void RsaSignsAllThreeAlgorithmsAndVerifiesThem()
    {
        using var key = PrivateKeyFile.Parse(keys.Read("rsa"), null);
        var data = RandomNumberGenerator.GetBytes(100);
        foreach (var alg in key.PublicKey.SignatureAlgorithms)
        {
            var sig = key.Sign(alg, data);
            Assert.True(key.PublicKey.Verify(alg, data, sig), alg);
        }
        Assert.Equal(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"], key.PublicKey.SignatureAlgorithms);
    }

    [Fact]
    public void PublicHalfIsLoadedFromDotPubWithoutPassphrase()
    {
        var pub = PublicKeyFile.TryLoad(keys.PathOf("ed25519-secret"));
        Assert.NotNull(pub);
        Assert.Equal(OpenSshTool.Fingerprint(keys.PathOf("ed25519-secret") + ".pub"), pub.Fingerprint(HashAlgorithmName.SHA256));
        Assert.Null(PublicKeyFile.TryLoad(keys.PathOf("does-not-exist")));
        var inFile = PublicKeyFile.TryReadFromPrivateKeyFile(keys.Read("ed25519-secret"));
        Assert.Equal(pub.Blob, inFile!.Blob);
    }

    [Fact]
    public void LoadPromptsWithOpenSshTextAndAcceptsSecondAttempt()
    {
        var prompts = new List<string>();
        var answers = new Queue<string>(["wrong", KeyFilesFixture.Passphrase]);
        var path = keys.PathOf("ed25519-secret");
        using var key = PrivateKeyFile.Load(path, p => { prompts.Add(p); return Secret.FromString(answers.Dequeue()); });
        Assert.Equal([$"Enter passphrase for key '{path}': ", $"Enter passphrase for key '{path}': "], prompts);
    }

    [Fact]
    public void LoadGivesUpOnEmptyAnswerAndOnExhaustedAttempts()
    {
        var path = keys.PathOf("ed25519-secret");
        Assert.Throws<PassphraseRequiredException>(() => PrivateKeyFile.Load(path, _ => Secret.FromString("")));
        var e = Assert.Throws<IncorrectPassphraseException>(() => PrivateKeyFile.Load(path, _ => Secret.FromString("nope"), passphrasePrompts: 2));
        Assert.Equal(IncorrectPassphraseException.Text, e.Message);
    }

    [Fact]
    public void UnencryptedKeyLoadsWithoutPrompting()
    {
        using var key = PrivateKeyFile.Load(keys.PathOf("ed25519"), _ => throw new InvalidOperationException("no prompt expected"));
        Assert.Equal("ssh-ed25519", key.PublicKey.KeyType);
    }

    [Fact]
    public void WorldReadableKeyIsRefusedWithOpenSshText()
    {
        var path = keys.PathOf("ed25519-open");
        File.Copy(keys.PathOf("ed25519"), path);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("644", 8));
        var e = Assert.Throws<UnprotectedPrivateKeyFileException>(() => PrivateKeyFile.Load(path, _ => null));
        Assert.Equal(
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @\n" +
            "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n" +
            $"Permissions 0644 for '{path}' are too open.\n" +
            "It is required that your private key files are NOT accessible by others.\n" +
            "This private key will be ignored.", e.Message);
        // Same verdict as OpenSSH itself.
        var r = OpenSshTool.Keygen("-y", "-f", path);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("UNPROTECTED PRIVATE KEY FILE", r.Stderr);
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32("600", 8));
        using var ok = PrivateKeyFile.Load(path, _ => null);
    }

    [Fact]
    public void GarbageIsInvalidFormat()
    {
        var e = Assert.ThrowsAny<SshException>(() => PrivateKeyFile.Parse("not a key"u8, null));
        Assert.Equal("invalid format", e.Message);
        var text = Encoding.ASCII.GetString(keys.Read("ed25519"));
        var lines = text.Split('\n');
        lines[3] = new string('A', lines[3].Length);
        Assert.ThrowsAny<SshException>(() => PrivateKeyFile.Parse(Encoding.ASCII.GetBytes(string.Join('\n', lines)), null));
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa-pem-secret")]
    public void CrLfAndSurroundingTextAreTolerated(string name)
    {
        var text = "leading junk\r\n" + Encoding.ASCII.GetString(keys.Read(name)).Replace("\n", "\r\n") + "trailing\r\n";
        using var key = PrivateKeyFile.Parse(Encoding.ASCII.GetBytes(text), KeyFilesFixture.Passphrase);
        Assert.Equal(OpenSshTool.Fingerprint(keys.PathOf(name) + ".pub"), key.PublicKey.Fingerprint(HashAlgorithmName.SHA256));
    }

    [Fact]
    public void TruncatedFileIsInvalidFormat()
    {
        var text = Encoding.ASCII.GetString(keys.Read("ed25519"));
        Assert.Throws<InvalidKeyFormatException>(() => PrivateKeyFile.Parse(Encoding.ASCII.GetBytes(text[..(text.Length / 2)]), null));
        var pem = Encoding.ASCII.GetString(keys.Read("rsa-pkcs8"));
        var cut = string.Join('\n', pem.Split('\n').Where((_, i) => i != 3));
        Assert.Throws<InvalidKeyFormatException>(() => PrivateKeyFile.Parse(Encoding.ASCII.GetBytes(cut), null));
    }

    [Fact]
    public void SecretsDoNotAppearInToString()
    {
        using var key = PrivateKeyFile.Parse(keys.Read("ed25519"), null);
        Assert.DoesNotContain("BEGIN", key.ToString());
        Assert.Equal("ssh-ed25519 private key", key.ToString());
    }

    private static string SignatureAlgorithmOf(byte[] sig) => PublicKeyParser.PeekKeyType(sig)!;
}
