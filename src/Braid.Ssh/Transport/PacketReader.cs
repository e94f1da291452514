using System.Buffers;
using System.Buffers.Binary;
using Braid.Ssh.Transport.Ciphers;

namespace Braid.Ssh.Transport;

/// <summary>
/// Reads binary packets (RFC 4253 §6) from the server. Reads ahead into one buffer and hands out
/// each payload as a view that stays valid until the next <see cref="ReadAsync"/>, so the hot path
/// copies bytes once (into the channel that owns them) and allocates nothing.
/// </summary>
internal sealed class PacketReader : IDisposable
{
    /// <summary>OpenSSH's PACKET_MAX_SIZE: anything longer is a protocol error, not a reason to allocate.</summary>
    public const int MaxPacketLength = 256 * 1024;

    private readonly Stream _stream;
    private byte[] _buf;
    private int _start, _end;
    private PacketDecryptor _decryptor = new NoneDecryptor();
    private PacketDecompressor? _decompressor;
    private byte[]? _inflated;

    public uint SequenceNumber { get; set; }
    public ulong BytesSinceRekey { get; set; }
    public ulong PacketsSinceRekey { get; set; }
    public long TotalBytes { get; private set; }

    public PacketReader(Stream stream, ReadOnlyMemory<byte> alreadyRead)
    {
        _stream = stream;
        _buf = ArrayPool<byte>.Shared.Rent(64 * 1024);
        alreadyRead.Span.CopyTo(_buf);
        _end = alreadyRead.Length;
    }

    public void SetDecryptor(PacketDecryptor decryptor)
    {
        _decryptor.Dispose();
        _decryptor = decryptor;
    }

    public void SetDecompressor(PacketDecompressor? decompressor)
    {
        _decompressor?.Dispose();
        _decompressor = decompressor;
    }

    private async ValueTask FillAsync(int need, CancellationToken ct)
    {
        if (_end - _start >= need) return;
        if (_start + need > _buf.Length)
        {
            if (need > _buf.Length)
            {
                var nb = ArrayPool<byte>.Shared.Rent(need);
                _buf.AsSpan(_start, _end - _start).CopyTo(nb);
                ArrayPool<byte>.Shared.Return(_buf);
                _buf = nb;
            }
            else
            {
                _buf.AsSpan(_start, _end - _start).CopyTo(_buf);
            }
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < need)
        {
            int n = await _stream.ReadAsync(_buf.AsMemory(_end), ct).ConfigureAwait(false);
            if (n == 0) throw new ConnectionClosedException("Connection closed by remote host");
            _end += n;
            TotalBytes += n;
        }
    }

    /// <summary>Returns the next packet's payload (message number first). Valid until the next call.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken ct)
    {
        var dec = _decryptor;
        int first = dec.FirstBlockSize;
        await FillAsync(first, ct).ConfigureAwait(false);
        uint seq = SequenceNumber;
        uint len = dec.DecryptLength(seq, _buf.AsSpan(_start, first));
        if (len < 5 || len > MaxPacketLength)
            throw new SshProtocolException($"Bad packet length {len}.");
        int total = 4 + (int)len;
        int mac = dec.MacSize;
        if (total < first) throw new SshProtocolException($"Bad packet length {len}.");
        // Checked before decrypting, as OpenSSH does: a block cipher cannot decrypt a partial block
        // (found by fuzzing: aes-ctr threw CryptographicException on such a length).
        // Encrypt-then-MAC and AEAD modes pad the body alone; encrypt-and-MAC pads the length field too.
        uint aligned = first == 4 ? len : len + 4;
        if (dec is not NoneDecryptor && aligned % (uint)dec.BlockSize != 0)
            throw new SshProtocolException($"Bad packet length {len}: not a multiple of the block size.");
        await FillAsync(total + mac, ct).ConfigureAwait(false);
        var packet = _buf.AsSpan(_start, total);
        if (!dec.DecryptAndVerify(seq, packet, _buf.AsSpan(_start + total, mac)))
            throw new SshProtocolException("Corrupted MAC on input.");
        int padLen = packet[4];
        int payloadLen = (int)len - padLen - 1;
        if (padLen < 4 || payloadLen < 1) throw new SshProtocolException($"Bad padding length {padLen}.");
        var payload = _buf.AsMemory(_start + 5, payloadLen);
        _start += total + mac;
        if (_start == _end) { _start = _end = 0; }
        SequenceNumber = seq + 1;
        BytesSinceRekey += (ulong)(total + mac);
        PacketsSinceRekey++;
        if (_decompressor != null)
        {
            int n = _decompressor.Decompress(payload.Span, ref _inflated);
            return _inflated.AsMemory(0, n);
        }
        return payload;
    }

    public void Dispose()
    {
        _decryptor.Dispose();
        _decompressor?.Dispose();
        var b = _buf;
        _buf = Array.Empty<byte>();
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b, clearArray: true);
    }
}

/// <summary>The TCP connection (or proxy) ended.</summary>
public sealed class ConnectionClosedException : IOException
{
    public ConnectionClosedException(string message) : base(message) { }
}
