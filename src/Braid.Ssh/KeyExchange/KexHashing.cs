using System.Security.Cryptography;

namespace Braid.Ssh.KeyExchange;

/// <summary>The hash functions key exchange uses, selected by name without reflection
/// (HashAlgorithm.Create(name) is not trim/AOT safe).</summary>
public static class KexHashing
{
    public static byte[] Hash(HashAlgorithmName hash, ReadOnlySpan<byte> data)
    {
        if (hash == HashAlgorithmName.SHA256) return SHA256.HashData(data);
        if (hash == HashAlgorithmName.SHA512) return SHA512.HashData(data);
        if (hash == HashAlgorithmName.SHA384) return SHA384.HashData(data);
        if (hash == HashAlgorithmName.SHA1) return SHA1.HashData(data);
        throw new ArgumentException($"unsupported key exchange hash {hash.Name}", nameof(hash));
    }

    public static int SizeInBytes(HashAlgorithmName hash)
    {
        if (hash == HashAlgorithmName.SHA256) return SHA256.HashSizeInBytes;
        if (hash == HashAlgorithmName.SHA512) return SHA512.HashSizeInBytes;
        if (hash == HashAlgorithmName.SHA384) return SHA384.HashSizeInBytes;
        if (hash == HashAlgorithmName.SHA1) return SHA1.HashSizeInBytes;
        throw new ArgumentException($"unsupported key exchange hash {hash.Name}", nameof(hash));
    }
}
