using System.Numerics;
using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.KeyExchange;

/// <summary>A finite-field Diffie-Hellman group (p, g) with the checks OpenSSH's dh.c applies.
/// BigInteger is immutable, so the private exponent cannot be wiped after use; it lives only for
/// the duration of one exchange.</summary>
internal sealed class DiffieHellmanGroup
{
    /// <summary>Private exponent size. OpenSSH draws 2 * max(need, 256) bits (capped at |p| - 1), where
    /// "need" is the negotiated cipher/MAC key size; 512 bits is twice the largest real key strength
    /// in use (256-bit keys), so it is at least as strong as every group and cipher we offer.</summary>
    public const int PrivateExponentBits = 512;

    public DiffieHellmanGroup(BigInteger p, BigInteger g)
    {
        P = p;
        G = g;
        Bits = (int)p.GetBitLength();
    }

    public BigInteger P { get; }
    public BigInteger G { get; }
    public int Bits { get; }

    /// <summary>A fresh private exponent x and public value e = g^x mod p, retried (as OpenSSH's
    /// dh_gen_key does) in the astronomically unlikely case that e fails the public-value checks.</summary>
    public (BigInteger X, BigInteger E) GenerateKeyPair()
    {
        int bits = Math.Min(PrivateExponentBits, Bits - 1);
        var buffer = new byte[(bits + 7) / 8];
        try
        {
            for (int attempt = 0; attempt < 16; attempt++)
            {
                RandomNumberGenerator.Fill(buffer);
                if (bits % 8 != 0) buffer[0] &= (byte)((1 << (bits % 8)) - 1);
                var x = new BigInteger(buffer, isUnsigned: true, isBigEndian: true);
                if (x < 2) continue;
                var e = BigInteger.ModPow(G, x, P);
                if (IsValidPublic(e)) return (x, e);
            }
        }
        finally { CryptographicOperations.ZeroMemory(buffer); }
        throw new CryptographicException("could not generate a valid Diffie-Hellman key pair");
    }

    /// <summary>OpenSSH's dh_pub_is_valid: 1 &lt; y &lt; p - 1, and more than one bit set (with g = 2, a
    /// power of two has a trivial discrete log). Values outside the range allow small-subgroup attacks.</summary>
    public bool IsValidPublic(BigInteger y) =>
        y > BigInteger.One && y < P - BigInteger.One && BigInteger.PopCount(y) > BigInteger.One;

    /// <summary>Checks the server's f and returns K = f^x mod p as an mpint.</summary>
    public byte[] EncodedSharedSecret(BigInteger f, BigInteger x, string method)
    {
        if (!IsValidPublic(f))
            throw new SshProtocolException($"{method}: server DH public value f is outside [2, p-2] or trivially weak");
        var k = BigInteger.ModPow(f, x, P);
        using var w = new SshWriter(Bits / 8 + 8);
        w.WriteMPInt(k);
        return w.ToArray();
    }
}
