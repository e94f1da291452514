using System.Security.Cryptography;

namespace Braid.Ssh.Keys;

/// <summary>The three NIST curves SSH uses for ECDSA (RFC 5656): key type, curve identifier in the blob,
/// .NET curve, hash, and field size (bytes of one coordinate).</summary>
internal sealed class EcdsaCurve
{
    public string KeyType { get; }
    public string Identifier { get; }
    public ECCurve Curve { get; }
    public HashAlgorithmName Hash { get; }
    public int FieldBytes { get; }
    public int Bits { get; }

    private EcdsaCurve(string keyType, string identifier, ECCurve curve, HashAlgorithmName hash, int bits)
    {
        KeyType = keyType; Identifier = identifier; Curve = curve; Hash = hash; Bits = bits;
        FieldBytes = (bits + 7) / 8;
    }

    public static readonly EcdsaCurve NistP256 = new(KeyTypeNames.EcdsaNistP256, "nistp256", ECCurve.NamedCurves.nistP256, HashAlgorithmName.SHA256, 256);
    public static readonly EcdsaCurve NistP384 = new(KeyTypeNames.EcdsaNistP384, "nistp384", ECCurve.NamedCurves.nistP384, HashAlgorithmName.SHA384, 384);
    public static readonly EcdsaCurve NistP521 = new(KeyTypeNames.EcdsaNistP521, "nistp521", ECCurve.NamedCurves.nistP521, HashAlgorithmName.SHA512, 521);

    public static EcdsaCurve? FromKeyType(string keyType) => keyType switch
    {
        KeyTypeNames.EcdsaNistP256 => NistP256,
        KeyTypeNames.EcdsaNistP384 => NistP384,
        KeyTypeNames.EcdsaNistP521 => NistP521,
        _ => null,
    };

    public static EcdsaCurve? FromIdentifier(string id) => id switch
    {
        "nistp256" => NistP256,
        "nistp384" => NistP384,
        "nistp521" => NistP521,
        _ => null,
    };

    /// <summary>Finds the curve of a .NET key (from PEM/PKCS#8 files) by its field size.</summary>
    public static EcdsaCurve FromKeySize(int bits) => bits switch
    {
        256 => NistP256,
        384 => NistP384,
        521 => NistP521,
        _ => throw new SshException($"unsupported ECDSA key size {bits}"),
    };
}
