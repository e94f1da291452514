using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>A public key in SSH wire form (RFC 4253 §6.6). Subclasses hold one algorithm each.</summary>
public abstract class PublicKey
{
    /// <summary>Key type as on the wire, e.g. "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa".</summary>
    public abstract string KeyType { get; }
    /// <summary>The wire blob (string type, key fields…).</summary>
    public abstract byte[] Blob { get; }
    /// <summary>Bits as ssh-keygen -l shows them.</summary>
    public abstract int Bits { get; }
    /// <summary>Signature algorithms this key can verify (ssh-rsa keys: rsa-sha2-512, rsa-sha2-256, ssh-rsa).</summary>
    public abstract IReadOnlyList<string> SignatureAlgorithms { get; }
    /// <summary>Verifies an SSH signature blob (string alg, string sig) over data; false on any mismatch
    /// or malformed signature, including an algorithm other than <paramref name="expectedAlgorithm"/>.</summary>
    public abstract bool Verify(string expectedAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob);

    /// <summary>"SHA256:base64-without-padding" or "MD5:aa:bb:…" as OpenSSH prints them. A certificate's
    /// fingerprint is its plain key's (sshkey_fingerprint hashes the plain blob).</summary>
    public virtual string Fingerprint(HashAlgorithmName hash) => KeyFingerprint.Of(Blob, hash);

    public override string ToString() => KeyType + " " + Convert.ToBase64String(Blob);
}

public static class KeyFingerprint
{
    public static string Of(ReadOnlySpan<byte> blob, HashAlgorithmName hash)
    {
        if (hash == HashAlgorithmName.MD5)
        {
            var d = MD5.HashData(blob);
            return "MD5:" + string.Join(":", d.Select(b => b.ToString("x2")));
        }
        var h = SHA256.HashData(blob);
        return "SHA256:" + Convert.ToBase64String(h).TrimEnd('=');
    }
}
