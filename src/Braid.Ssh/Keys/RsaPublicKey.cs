using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys;

/// <summary>An RSA public key: blob = string "ssh-rsa", mpint e, mpint n (RFC 4253 §6.6). Verifies
/// rsa-sha2-512 / rsa-sha2-256 (RFC 8332) and legacy ssh-rsa (SHA-1) signatures.</summary>
public sealed class RsaPublicKey : PublicKey
{
    /// <summary>OpenSSH refuses RSA keys below this size (SSH_RSA_MINIMUM_MODULUS_SIZE).</summary>
    public const int MinimumModulusBits = 1024;
    /// <summary>OpenSSH's upper bound (SSHBUF_MAX_BIGNUM * 8).</summary>
    public const int MaximumModulusBits = 16384;
    private static readonly string[] Algorithms = [KeyTypeNames.RsaSha2_512, KeyTypeNames.RsaSha2_256, KeyTypeNames.RsaSha1];

    private readonly RSAParameters _parameters;
    private readonly byte[] _blob;
    private readonly int _bits;

    internal RsaPublicKey(ReadOnlySpan<byte> exponent, ReadOnlySpan<byte> modulus)
    {
        exponent = TrimZeros(exponent);
        modulus = TrimZeros(modulus);
        _bits = BitLength(modulus);
        if (_bits < MinimumModulusBits)
            throw new SshException($"Invalid key length: RSA modulus of {_bits} bits is smaller than {MinimumModulusBits}");
        if (_bits > MaximumModulusBits)
            throw new SshProtocolException($"RSA modulus of {_bits} bits is too large");
        if (exponent.Length == 0 || (exponent[^1] & 1) == 0)
            throw new SshProtocolException("invalid RSA public exponent");
        _parameters = new RSAParameters { Exponent = exponent.ToArray(), Modulus = modulus.ToArray() };
        using var w = new SshWriter(modulus.Length + 32);
        w.WriteString(KeyTypeNames.Rsa).WriteMPIntUnsigned(exponent).WriteMPIntUnsigned(modulus);
        _blob = w.ToArray();
    }

    internal static RsaPublicKey FromParameters(RSAParameters p) => new(p.Exponent, p.Modulus);

    public override string KeyType => KeyTypeNames.Rsa;
    public override byte[] Blob => (byte[])_blob.Clone();
    public override int Bits => _bits;
    public override IReadOnlyList<string> SignatureAlgorithms => Algorithms;
    internal int ModulusBytes => _parameters.Modulus!.Length;

    internal static HashAlgorithmName? HashFor(string algorithm) => algorithm switch
    {
        KeyTypeNames.RsaSha2_512 => HashAlgorithmName.SHA512,
        KeyTypeNames.RsaSha2_256 => HashAlgorithmName.SHA256,
        KeyTypeNames.RsaSha1 => HashAlgorithmName.SHA1,
        _ => null,
    };

    public override bool Verify(string expectedAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        if (HashFor(expectedAlgorithm) is not { } hash) return false;
        if (!SignatureBlob.TryParse(signatureBlob, out var alg, out var sig) || alg != expectedAlgorithm) return false;
        int k = ModulusBytes;
        if (sig.Length == 0 || sig.Length > k) return false;
        // Some signers drop leading zero bytes of the signature; OpenSSH (ssh-rsa.c) left-pads them back.
        var padded = new byte[k];
        sig.CopyTo(padded.AsSpan(k - sig.Length));
        using var rsa = RSA.Create(_parameters);
        try
        {
            return rsa.VerifyData(data, padded, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Reads the fields after the type name: mpint e, mpint n.</summary>
    internal static RsaPublicKey ReadFields(ref SshReader r)
    {
        var e = r.ReadMPIntUnsigned();
        var n = r.ReadMPIntUnsigned();
        return new RsaPublicKey(e, n);
    }

    private static ReadOnlySpan<byte> TrimZeros(ReadOnlySpan<byte> s)
    {
        int i = 0;
        while (i < s.Length && s[i] == 0) i++;
        return s[i..];
    }

    private static int BitLength(ReadOnlySpan<byte> magnitude) =>
        magnitude.Length == 0 ? 0 : (magnitude.Length - 1) * 8 + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)magnitude[0]));
}
