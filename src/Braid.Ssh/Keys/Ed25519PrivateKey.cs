using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Braid.Ssh.Keys;

/// <summary>An Ed25519 private key (the 32-byte seed). The seed is cleared on Dispose.</summary>
public sealed class Ed25519PrivateKey : PrivateKey
{
    private readonly byte[] _seed;
    private readonly Ed25519PublicKey _publicKey;
    private bool _disposed;

    /// <summary>Creates a key from its 32-byte seed; the public half is derived from it.</summary>
    public Ed25519PrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != Ed25519.SecretKeySize)
            throw new SshException("invalid ssh-ed25519 private key length");
        _seed = seed.ToArray();
        var pk = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(_seed, 0, pk, 0);
        _publicKey = new Ed25519PublicKey(pk);
    }

    /// <summary>Creates a key from OpenSSH's stored form: the 64-byte "seed || public" and the separately
    /// stored public key, which must agree (a mismatch means a corrupt or tampered file).</summary>
    internal static Ed25519PrivateKey FromOpenSsh(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> secretAndPublic)
    {
        if (publicKey.Length != Ed25519PublicKey.KeySize || secretAndPublic.Length != Ed25519.SecretKeySize + Ed25519.PublicKeySize)
            throw new InvalidKeyFormatException();
        var key = new Ed25519PrivateKey(secretAndPublic[..Ed25519.SecretKeySize]);
        if (!key._publicKey.RawKey.SequenceEqual(publicKey) || !secretAndPublic[Ed25519.SecretKeySize..].SequenceEqual(publicKey))
        {
            key.Dispose();
            throw new InvalidKeyFormatException();
        }
        return key;
    }

    public override PublicKey PublicKey => _publicKey;

    public override byte[] Sign(string algorithm, ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (algorithm != KeyTypeNames.Ed25519)
            throw new ArgumentException($"ssh-ed25519 key cannot sign with {algorithm}", nameof(algorithm));
        var sig = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(_seed, 0, data.ToArray(), 0, data.Length, sig, 0);
        return SignatureBlob.Build(KeyTypeNames.Ed25519, sig);
    }

    public override void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_seed);
    }

    public override string ToString() => "ssh-ed25519 private key";
}
