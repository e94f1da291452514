using System.Numerics;
using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>An RSA private key. Signs with rsa-sha2-512, rsa-sha2-256 (RFC 8332) or ssh-rsa (SHA-1),
/// PKCS#1 v1.5 padding; the signature is as long as the modulus.</summary>
public sealed class RsaPrivateKey : PrivateKey
{
    private readonly RSA _rsa;
    private readonly RsaPublicKey _publicKey;

    /// <summary>Takes ownership of <paramref name="rsa"/>.</summary>
    internal RsaPrivateKey(RSA rsa)
    {
        _rsa = rsa;
        _publicKey = RsaPublicKey.FromParameters(rsa.ExportParameters(false));
    }

    /// <summary>Builds a key from the fields OpenSSH stores (n, e, d, iqmp, p, q), deriving the CRT exponents
    /// that .NET also needs. Every intermediate byte array is cleared.</summary>
    internal static RsaPrivateKey FromComponents(ReadOnlySpan<byte> n, ReadOnlySpan<byte> e, ReadOnlySpan<byte> d,
        ReadOnlySpan<byte> iqmp, ReadOnlySpan<byte> p, ReadOnlySpan<byte> q)
    {
        var pub = new RsaPublicKey(e, n); // validates size and exponent
        int k = pub.ModulusBytes;
        int half = (k + 1) / 2;
        var bd = new BigInteger(d, isUnsigned: true, isBigEndian: true);
        var bp = new BigInteger(p, isUnsigned: true, isBigEndian: true);
        var bq = new BigInteger(q, isUnsigned: true, isBigEndian: true);
        if (bp.IsZero || bq.IsZero) throw new InvalidKeyFormatException();
        // A corrupt file with p·q ≠ n would sign garbage; OpenSSH's CRT completion catches that too.
        if (bp * bq != new BigInteger(n, isUnsigned: true, isBigEndian: true)) throw new InvalidKeyFormatException();
        var parameters = new RSAParameters
        {
            Modulus = Fixed(n, k),
            Exponent = TrimmedCopy(e),
            D = Fixed(d, k),
            P = Fixed(p, half),
            Q = Fixed(q, half),
            DP = Fixed(BigInteger.Remainder(bd, bp - 1).ToByteArray(true, true), half),
            DQ = Fixed(BigInteger.Remainder(bd, bq - 1).ToByteArray(true, true), half),
            InverseQ = Fixed(iqmp, half),
        };
        try
        {
            return new RsaPrivateKey(RSA.Create(parameters));
        }
        catch (CryptographicException)
        {
            throw new InvalidKeyFormatException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
            CryptographicOperations.ZeroMemory(parameters.P);
            CryptographicOperations.ZeroMemory(parameters.Q);
            CryptographicOperations.ZeroMemory(parameters.DP);
            CryptographicOperations.ZeroMemory(parameters.DQ);
            CryptographicOperations.ZeroMemory(parameters.InverseQ);
        }
    }

    public override PublicKey PublicKey => _publicKey;

    public override byte[] Sign(string algorithm, ReadOnlySpan<byte> data)
    {
        if (RsaPublicKey.HashFor(algorithm) is not { } hash)
            throw new ArgumentException($"ssh-rsa key cannot sign with {algorithm}", nameof(algorithm));
        var sig = _rsa.SignData(data.ToArray(), hash, RSASignaturePadding.Pkcs1);
        return SignatureBlob.Build(algorithm, sig);
    }

    public override void Dispose() => _rsa.Dispose();

    public override string ToString() => "ssh-rsa private key";

    private static byte[] TrimmedCopy(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length - 1 && s[i] == 0) i++;
        return s[i..].ToArray();
    }

    /// <summary>Big-endian value left-padded (or stripped of leading zeros) to exactly <paramref name="len"/> bytes,
    /// the fixed widths .NET's RSAParameters require.</summary>
    private static byte[] Fixed(ReadOnlySpan<byte> s, int len)
    {
        int i = 0;
        while (i < s.Length && s[i] == 0) i++;
        var v = s[i..];
        if (v.Length > len) throw new InvalidKeyFormatException();
        var r = new byte[len];
        v.CopyTo(r.AsSpan(len - v.Length));
        return r;
    }
}
