using System.Security.Cryptography;
using Braid.Ssh.Wire;

namespace Braid.Ssh.Keys;

/// <summary>An ECDSA public key on nistp256/384/521 (RFC 5656 §3.1): blob = string type, string curve id,
/// string Q (uncompressed point 04||x||y). Signature = string type, string (mpint r, mpint s).</summary>
public sealed class EcdsaPublicKey : PublicKey
{
    private readonly EcdsaCurve _curve;
    private readonly ECParameters _parameters;
    private readonly byte[] _blob;
    private readonly string[] _algorithms;

    internal EcdsaPublicKey(EcdsaCurve curve, ReadOnlySpan<byte> point)
    {
        _curve = curve;
        int n = curve.FieldBytes;
        // Only the uncompressed form is allowed in SSH (RFC 5656 §3.1 via SEC1 2.3.3 without compression).
        if (point.Length != 1 + 2 * n || point[0] != 0x04)
            throw new SshProtocolException($"invalid {curve.KeyType} public key point encoding");
        _parameters = new ECParameters
        {
            Curve = curve.Curve,
            Q = new ECPoint { X = point.Slice(1, n).ToArray(), Y = point.Slice(1 + n, n).ToArray() },
        };
        try
        {
            // Importing validates that the point lies on the curve; an invalid point is a hostile key.
            using var probe = ECDsa.Create(_parameters);
        }
        catch (CryptographicException)
        {
            throw new SshProtocolException($"invalid {curve.KeyType} public key: point not on curve");
        }
        using var w = new SshWriter(32 + point.Length);
        w.WriteString(curve.KeyType).WriteString(curve.Identifier).WriteString(point);
        _blob = w.ToArray();
        _algorithms = [curve.KeyType];
    }

    internal static EcdsaPublicKey FromParameters(EcdsaCurve curve, ECParameters p)
    {
        int n = curve.FieldBytes;
        var point = new byte[1 + 2 * n];
        point[0] = 0x04;
        p.Q.X!.CopyTo(point.AsSpan(1 + n - p.Q.X!.Length));
        p.Q.Y!.CopyTo(point.AsSpan(1 + 2 * n - p.Q.Y!.Length));
        return new EcdsaPublicKey(curve, point);
    }

    internal EcdsaCurve Curve => _curve;

    public override string KeyType => _curve.KeyType;
    public override byte[] Blob => (byte[])_blob.Clone();
    public override int Bits => _curve.Bits;
    public override IReadOnlyList<string> SignatureAlgorithms => _algorithms;

    public override bool Verify(string expectedAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        if (expectedAlgorithm != _curve.KeyType) return false;
        if (!SignatureBlob.TryParse(signatureBlob, out var alg, out var sig) || alg != _curve.KeyType) return false;
        var p1363 = new byte[2 * _curve.FieldBytes];
        if (!EcdsaSignatureEncoding.TryToP1363(sig, _curve.FieldBytes, p1363)) return false;
        using var ecdsa = ECDsa.Create(_parameters);
        return ecdsa.VerifyData(data, p1363, _curve.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Reads the fields after the type name: string curve id, string Q.</summary>
    internal static EcdsaPublicKey ReadFields(string keyType, ref SshReader r)
    {
        var curve = EcdsaCurve.FromKeyType(keyType) ?? throw new SshProtocolException($"unknown ECDSA key type {keyType}");
        string id = r.ReadStringUtf8();
        if (id != curve.Identifier)
            throw new SshProtocolException($"{keyType} key names curve \"{id}\"");
        return new EcdsaPublicKey(curve, r.ReadString());
    }
}
