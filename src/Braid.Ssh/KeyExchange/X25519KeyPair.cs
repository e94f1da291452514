using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Security;

namespace Braid.Ssh.KeyExchange;

/// <summary>An ephemeral X25519 key pair (RFC 7748) used by curve25519-sha256 and by the hybrids.</summary>
internal sealed class X25519KeyPair : IDisposable
{
    public const int Size = X25519.PointSize; // 32: public values, scalars and shared secrets alike

    private static readonly SecureRandom Random = new();
    private readonly byte[] _private = new byte[X25519.ScalarSize];

    public X25519KeyPair()
    {
        X25519.GeneratePrivateKey(Random, _private);
        PublicKey = new byte[Size];
        X25519.GeneratePublicKey(_private, 0, PublicKey, 0);
    }

    public byte[] PublicKey { get; }

    /// <summary>The raw 32-byte shared secret with <paramref name="peerPublic"/>. Rejects a peer value of
    /// the wrong length and an all-zero result (a low-order point: RFC 7748 §6.1, RFC 8731 §3, OpenSSH's
    /// kexc25519_shared_key_ext), because either would let the server force a known K.</summary>
    public byte[] Agree(ReadOnlySpan<byte> peerPublic, string method)
    {
        if (peerPublic.Length != Size)
            throw new SshProtocolException($"{method}: server X25519 public key is {peerPublic.Length} bytes, expected {Size}");
        var shared = new byte[Size];
        if (!X25519.CalculateAgreement(_private, 0, peerPublic.ToArray(), 0, shared, 0))
        {
            CryptographicOperations.ZeroMemory(shared);
            throw new SshProtocolException($"{method}: X25519 shared secret is all zero (server sent a low-order point)");
        }
        return shared;
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_private);
}
