using System.Security.Cryptography;
using Braid.Ssh.HostKeys;
using Braid.Ssh.Keys;
using Braid.Ssh.Logging;
using Braid.Ssh.Wire;
using static Braid.Ssh.Tests.HostKeys.TestKeys;

namespace Braid.Ssh.Tests.HostKeys;

/// <summary>The hostkeys-00 / hostkeys-prove-00 messages of UpdateHostKeys (PROTOCOL §2.5, clientloop.c).</summary>
public class HostKeyUpdateMessageTests
{
    private static readonly string[] AllAlgorithms = ["ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

    private static byte[] Body(params byte[][] blobs)
    {
        using var w = new SshWriter(256);
        foreach (var b in blobs) w.WriteString(b);
        return w.ToArray();
    }

    private static byte[] Blob(string type, params string[] fields)
    {
        using var w = new SshWriter(64);
        w.WriteString(type);
        foreach (var f in fields) w.WriteString(f);
        return w.ToArray();
    }

    private static (List<PublicKey>? Keys, string Log) Parse(byte[] body, IReadOnlyCollection<string>? algs = null)
    {
        var output = new StringWriter();
        var keys = HostKeysAnnouncement.Parse(body, algs ?? AllAlgorithms, HashAlgorithmName.SHA256, new SshLog(LogLevel.Debug3, output));
        return (keys, output.ToString());
    }

    [Fact]
    public void KeysAreReadInTheServersOrder()
    {
        var (keys, _) = Parse(Body(BlobOf(Rsa), BlobOf(Ed), BlobOf(Ed2)));
        Assert.Equal([Rsa, Ed, Ed2], keys!.Select(k => k.ToString()));
    }

    [Fact]
    public void UnknownTypesAreSkippedQuietly()
    {
        var (keys, log) = Parse(Body(Blob("ssh-foo@example.com", "x"), BlobOf(Ed)));
        Assert.Equal([Ed], keys!.Select(k => k.ToString()));
        Assert.Contains("debug1: client_input_hostkeys: convert key: unknown or unsupported key type", log);
    }

    [Fact]
    public void ABrokenKeyOfAKnownTypeIsAnErrorButTheOthersStay()
    {
        var (keys, log) = Parse(Body(Blob("ssh-ed25519", "short"), BlobOf(Ed)));
        Assert.Equal([Ed], keys!.Select(k => k.ToString()));
        Assert.Contains("client_input_hostkeys: convert key: invalid format\r\n", log);
        Assert.DoesNotContain("debug1: client_input_hostkeys: convert key: invalid", log);
    }

    [Fact]
    public void ADuplicateSpoilsTheAnnouncement()
    {
        var (keys, log) = Parse(Body(BlobOf(Ed), BlobOf(Rsa), BlobOf(Ed)));
        Assert.Null(keys);
        Assert.Contains("client_input_hostkeys: received duplicated ssh-ed25519 host key", log);
    }

    [Fact]
    public void ATruncatedListSpoilsTheAnnouncement()
    {
        var body = Body(BlobOf(Ed));
        var (keys, log) = Parse(body[..^3]);
        Assert.Null(keys);
        Assert.Contains("client_input_hostkeys: parse key", log);
    }

    [Fact]
    public void CertificatesAreSkipped()
    {
        var (keys, log) = Parse(Body(Blob("ssh-ed25519-cert-v01@openssh.com", "nonce"), BlobOf(Ed)),
            [.. AllAlgorithms, "ssh-ed25519-cert-v01@openssh.com"]);
        Assert.Equal([Ed], keys!.Select(k => k.ToString()));
        Assert.Contains("ssh-ed25519-cert-v01@openssh.com key is a certificate; skipping", log);
    }

    [Fact]
    public void KeysHostKeyAlgorithmsRulesOutAreSkipped()
    {
        var (keys, log) = Parse(Body(BlobOf(Rsa), BlobOf(Ed)), ["ssh-ed25519"]);
        Assert.Equal([Ed], keys!.Select(k => k.ToString()));
        Assert.Contains("ssh-rsa key not permitted by HostkeyAlgorithms", log);
        // RSA counts as allowed through any of its signature algorithms.
        Assert.Equal(2, Parse(Body(BlobOf(Rsa), BlobOf(Ed)), ["ssh-ed25519", "rsa-sha2-256"]).Keys!.Count);
    }

    [Fact]
    public void ProofDataIsNameThenSessionIdThenKey()
    {
        byte[] sid = [1, 2, 3];
        var data = HostKeyProof.SignedData(sid, BlobOf(Ed));
        var r = new SshReader(data);
        Assert.Equal("hostkeys-prove-00@openssh.com", r.ReadStringUtf8());
        Assert.Equal(sid, r.ReadString().ToArray());
        Assert.Equal(BlobOf(Ed), r.ReadString().ToArray());
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void RequestBodyListsTheNewKeys()
    {
        var keys = new[] { PublicKeyParser.Parse(BlobOf(Ed)), PublicKeyParser.Parse(BlobOf(Rsa)) };
        Assert.Equal(Body(BlobOf(Ed), BlobOf(Rsa)), HostKeyProof.RequestBody(keys));
    }

    [Fact]
    public void AnEd25519ProofVerifiesOnlyForThisSession()
    {
        using var key = new Ed25519PrivateKey(RandomNumberGenerator.GetBytes(32));
        byte[] sid = RandomNumberGenerator.GetBytes(32);
        var sig = key.Sign("ssh-ed25519", HostKeyProof.SignedData(sid, key.PublicKey.Blob));
        Assert.Equal(HostKeyProof.Outcome.Verified, HostKeyProof.Verify(key.PublicKey, sid, sig, "ssh-ed25519", out var alg));
        Assert.Equal("ssh-ed25519", alg);
        Assert.Equal(HostKeyProof.Outcome.Bad, HostKeyProof.Verify(key.PublicKey, RandomNumberGenerator.GetBytes(32), sig, "ssh-ed25519", out _));
        Assert.Equal(HostKeyProof.Outcome.Bad, HostKeyProof.Verify(key.PublicKey, sid, [0, 0, 0, 9], "ssh-ed25519", out var none));
        Assert.Null(none);
    }

    [Theory]
    // Host key not RSA: rsa-sha2-512/256 proofs count, ssh-rsa (SHA-1) is disregarded.
    [InlineData("ssh-ed25519", "rsa-sha2-512", HostKeyProof.Outcome.Verified)]
    [InlineData("ssh-ed25519", "rsa-sha2-256", HostKeyProof.Outcome.Verified)]
    [InlineData("ssh-ed25519", "ssh-rsa", HostKeyProof.Outcome.Disregarded)]
    // RSA host key: the proof must use the negotiated algorithm.
    [InlineData("rsa-sha2-256", "rsa-sha2-256", HostKeyProof.Outcome.Verified)]
    [InlineData("rsa-sha2-256", "rsa-sha2-512", HostKeyProof.Outcome.Bad)]
    public void RsaProofAlgorithms(string hostKeyAlgorithm, string signedWith, HostKeyProof.Outcome expected)
    {
        using var key = new RsaPrivateKey(RSA.Create(2048));
        byte[] sid = RandomNumberGenerator.GetBytes(32);
        var sig = key.Sign(signedWith, HostKeyProof.SignedData(sid, key.PublicKey.Blob));
        Assert.Equal(expected, HostKeyProof.Verify(key.PublicKey, sid, sig, hostKeyAlgorithm, out _));
    }
}
