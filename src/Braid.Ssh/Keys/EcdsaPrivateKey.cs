using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>An ECDSA private key on nistp256/384/521. Signs with the curve's hash (RFC 5656 §6.2.1) and
/// returns the SSH form (mpint r, mpint s).</summary>
public sealed class EcdsaPrivateKey : PrivateKey
{
    private readonly ECDsa _ecdsa;
    private readonly EcdsaPublicKey _publicKey;

    /// <summary>Takes ownership of <paramref name="ecdsa"/>.</summary>
    internal EcdsaPrivateKey(ECDsa ecdsa)
    {
        _ecdsa = ecdsa;
        var p = ecdsa.ExportParameters(false);
        _publicKey = EcdsaPublicKey.FromParameters(EcdsaCurve.FromKeySize(ecdsa.KeySize), p);
    }

    /// <summary>Builds a key from the curve, public point and private scalar d (big-endian, any length up to
    /// the field size). The caller clears its copy of d; ours is cleared once imported.</summary>
    internal static EcdsaPrivateKey Create(EcdsaCurve curve, EcdsaPublicKey expectedPublic, ReadOnlySpan<byte> d)
    {
        int n = curve.FieldBytes;
        int start = 0;
        while (start < d.Length && d[start] == 0) start++;
        if (d.Length - start > n) throw new InvalidKeyFormatException();
        var dPadded = new byte[n];
        d[start..].CopyTo(dPadded.AsSpan(n - (d.Length - start)));
        var blob = expectedPublic.Blob;
        ECDsa ecdsa;
        try
        {
            ecdsa = ECDsa.Create(new ECParameters { Curve = curve.Curve, D = dPadded });
        }
        catch (CryptographicException)
        {
            throw new InvalidKeyFormatException();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dPadded);
        }
        var key = new EcdsaPrivateKey(ecdsa);
        // The public point stored beside d must be the one d generates, as OpenSSH checks (sshkey_ec_validate_private).
        if (!key._publicKey.Blob.AsSpan().SequenceEqual(blob))
        {
            key.Dispose();
            throw new InvalidKeyFormatException();
        }
        return key;
    }

    public override PublicKey PublicKey => _publicKey;

    public override byte[] Sign(string algorithm, ReadOnlySpan<byte> data)
    {
        var curve = _publicKey.Curve;
        if (algorithm != curve.KeyType)
            throw new ArgumentException($"{curve.KeyType} key cannot sign with {algorithm}", nameof(algorithm));
        var p1363 = _ecdsa.SignData(data, curve.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return SignatureBlob.Build(curve.KeyType, EcdsaSignatureEncoding.FromP1363(p1363));
    }

    public override void Dispose() => _ecdsa.Dispose();

    public override string ToString() => _publicKey.KeyType + " private key";
}
