using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>
/// AES in counter mode (RFC 4344) from .NET's AES-ECB: a batch of counter blocks is encrypted in one call
/// and XORed into the data. The 128-bit big-endian counter runs on across packets; packets are whole
/// blocks, so no keystream is ever left over between calls.
/// </summary>
internal sealed class AesCtrKeystream : IDisposable
{
    private const int BatchBlocks = 2048; // 32 KiB of keystream per ECB call
    private readonly Aes _aes;
    private readonly byte[] _counter = new byte[16];
    private readonly byte[] _counters = new byte[BatchBlocks * 16];
    private readonly byte[] _stream = new byte[BatchBlocks * 16];

    public AesCtrKeystream(DirectionKeys keys, int keyLength)
    {
        _aes = Aes.Create();
        _aes.Key = keys.EncryptionKey.AsSpan(0, keyLength).ToArray();
        keys.Iv.AsSpan(0, 16).CopyTo(_counter);
    }

    /// <summary>XORs keystream into data in place; data.Length must be a multiple of 16.</summary>
    public void Transform(Span<byte> data)
    {
        while (!data.IsEmpty)
        {
            int blocks = Math.Min(data.Length / 16, BatchBlocks);
            if (blocks == 0) throw new CryptographicException("AES-CTR input is not a whole number of blocks");
            var ctrs = _counters.AsSpan(0, blocks * 16);
            for (int i = 0; i < blocks; i++)
            {
                _counter.CopyTo(ctrs.Slice(i * 16, 16));
                IncrementCounter();
            }
            var ks = _stream.AsSpan(0, blocks * 16);
            _aes.EncryptEcb(ctrs, ks, PaddingMode.None);
            var chunk = data[..(blocks * 16)];
            ByteXor.Xor(chunk, ks);
            data = data[(blocks * 16)..];
        }
    }

    private void IncrementCounter()
    {
        ulong lo = BinaryPrimitives.ReadUInt64BigEndian(_counter.AsSpan(8)) + 1;
        BinaryPrimitives.WriteUInt64BigEndian(_counter.AsSpan(8), lo);
        if (lo == 0)
            BinaryPrimitives.WriteUInt64BigEndian(_counter, BinaryPrimitives.ReadUInt64BigEndian(_counter) + 1);
    }

    public void Dispose()
    {
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_stream);
    }
}
