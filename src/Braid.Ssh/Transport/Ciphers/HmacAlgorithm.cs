using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>One direction's HMAC (RFC 4253 §6.4, RFC 6668), reusing its state: MAC(key, uint32 seq || data).</summary>
internal sealed class HmacAlgorithm : IDisposable
{
    private readonly IncrementalHash _hmac;
    private readonly byte[] _seq = new byte[4];
    private readonly byte[] _scratch;
    public int Size { get; }
    public bool EncryptThenMac { get; }

    public HmacAlgorithm(string name, byte[] key)
    {
        (HashAlgorithmName hash, int size, int keyLen, bool etm) = Describe(name);
        _hmac = IncrementalHash.CreateHMAC(hash, key.AsSpan(0, keyLen));
        Size = size;
        EncryptThenMac = etm;
        _scratch = new byte[size];
    }

    public static (HashAlgorithmName Hash, int Size, int KeyLength, bool Etm) Describe(string name) => name switch
    {
        "hmac-sha2-256" => (HashAlgorithmName.SHA256, 32, 32, false),
        "hmac-sha2-512" => (HashAlgorithmName.SHA512, 64, 64, false),
        "hmac-sha1" => (HashAlgorithmName.SHA1, 20, 20, false),
        "hmac-sha2-256-etm@openssh.com" => (HashAlgorithmName.SHA256, 32, 32, true),
        "hmac-sha2-512-etm@openssh.com" => (HashAlgorithmName.SHA512, 64, 64, true),
        "hmac-sha1-etm@openssh.com" => (HashAlgorithmName.SHA1, 20, 20, true),
        _ => throw new ArgumentException($"unsupported MAC {name}"),
    };

    public void Compute(uint seq, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_seq, seq);
        _hmac.AppendData(_seq);
        _hmac.AppendData(data);
        _hmac.GetHashAndReset(mac);
    }

    public bool Verify(uint seq, ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        Compute(seq, data, _scratch);
        return CryptographicOperations.FixedTimeEquals(_scratch, mac);
    }

    public void Dispose() => _hmac.Dispose();
}
