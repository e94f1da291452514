using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Ssh.Transport;

/// <summary>
/// Frames, pads, compresses and protects outgoing packets into one reusable buffer. Packets may be
/// appended several at a time and flushed with a single write, which is how the transport batches
/// many small channel messages into one TCP segment. Not thread-safe: the transport serialises callers.
/// </summary>
internal sealed class PacketWriter : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buf;
    private int _len;
    private PacketEncryptor _encryptor = new NoneEncryptor();
    private PacketCompressor? _compressor;
    private byte[]? _deflated;
    private readonly byte[] _padding = new byte[256];

    public uint SequenceNumber { get; set; }
    public ulong BytesSinceRekey { get; set; }
    public ulong PacketsSinceRekey { get; set; }
    public long TotalBytes { get; private set; }
    public int Pending => _len;

    public PacketWriter(Stream stream)
    {
        _stream = stream;
        _buf = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    public void SetEncryptor(PacketEncryptor encryptor)
    {
        _encryptor.Dispose();
        _encryptor = encryptor;
    }

    public void SetCompressor(PacketCompressor? compressor)
    {
        _compressor?.Dispose();
        _compressor = compressor;
    }

    /// <summary>Appends one protected packet to the pending output.</summary>
    public void Append(ReadOnlySpan<byte> payload)
    {
        if (_compressor != null)
        {
            int n = _compressor.Compress(payload, ref _deflated);
            payload = _deflated.AsSpan(0, n);
        }
        var enc = _encryptor;
        int block = Math.Max(8, enc.BlockSize);
        int unpadded = 1 + payload.Length + (enc.LengthExcludedFromPadding ? 0 : 4);
        int pad = block - (unpadded % block);
        if (pad < 4) pad += block;
        int packetLength = 1 + payload.Length + pad;
        int total = 4 + packetLength + enc.MacSize;
        Ensure(total);
        var packet = _buf.AsSpan(_len, 4 + packetLength);
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)packetLength);
        packet[4] = (byte)pad;
        payload.CopyTo(packet[5..]);
        var padSpan = packet.Slice(5 + payload.Length, pad);
        if (enc is NoneEncryptor) padSpan.Clear();
        else
        {
            if (_paddingUsed + pad > _padding.Length) { RandomNumberGenerator.Fill(_padding); _paddingUsed = 0; }
            _padding.AsSpan(_paddingUsed, pad).CopyTo(padSpan);
            _paddingUsed += pad;
        }
        enc.Encrypt(SequenceNumber, packet, _buf.AsSpan(_len + 4 + packetLength, enc.MacSize));
        SequenceNumber++;
        _len += total;
        BytesSinceRekey += (ulong)total;
        PacketsSinceRekey++;
    }

    private int _paddingUsed = int.MaxValue / 2;

    private void Ensure(int n)
    {
        if (_len + n <= _buf.Length) return;
        var nb = ArrayPool<byte>.Shared.Rent(Math.Max(_buf.Length * 2, _len + n));
        _buf.AsSpan(0, _len).CopyTo(nb);
        ArrayPool<byte>.Shared.Return(_buf, clearArray: true);
        _buf = nb;
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_len == 0) return;
        int n = _len;
        _len = 0;
        await _stream.WriteAsync(_buf.AsMemory(0, n), ct).ConfigureAwait(false);
        TotalBytes += n;
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        _compressor?.Dispose();
        var b = _buf;
        _buf = Array.Empty<byte>();
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b, clearArray: true);
    }
}
