using Braid.Ssh.Wire;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Braid.Ssh.Keys;

/// <summary>An Ed25519 public key (RFC 8709): blob = string "ssh-ed25519", string A (32 bytes).</summary>
public sealed class Ed25519PublicKey : PublicKey
{
    public const int KeySize = 32;
    public const int SignatureSize = 64;
    private static readonly string[] Algorithms = [KeyTypeNames.Ed25519];

    private readonly byte[] _publicKey;
    private readonly byte[] _blob;

    public Ed25519PublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != KeySize)
            throw new SshProtocolException($"invalid ssh-ed25519 public key length {publicKey.Length}");
        _publicKey = publicKey.ToArray();
        using var w = new SshWriter(64);
        w.WriteString(KeyTypeNames.Ed25519).WriteString(_publicKey);
        _blob = w.ToArray();
    }

    /// <summary>The raw 32-byte public key.</summary>
    public ReadOnlySpan<byte> RawKey => _publicKey;

    public override string KeyType => KeyTypeNames.Ed25519;
    public override byte[] Blob => (byte[])_blob.Clone();
    public override int Bits => 256;
    public override IReadOnlyList<string> SignatureAlgorithms => Algorithms;

    public override bool Verify(string expectedAlgorithm, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signatureBlob)
    {
        if (expectedAlgorithm != KeyTypeNames.Ed25519) return false;
        if (!SignatureBlob.TryParse(signatureBlob, out var alg, out var sig) || alg != KeyTypeNames.Ed25519) return false;
        if (sig.Length != SignatureSize) return false;
        return Ed25519.Verify(sig.ToArray(), 0, _publicKey, 0, data.ToArray(), 0, data.Length);
    }

    internal static Ed25519PublicKey ReadFields(ref SshReader r) => new(r.ReadString());
}
