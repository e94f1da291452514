using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Braid.Ssh.Wire;

/// <summary>Builds SSH wire data into a growable buffer rented from the shared pool.
/// Dispose returns the buffer; callers that keep the bytes copy them out with <see cref="ToArray"/>.</summary>
public sealed class SshWriter : IDisposable
{
    private byte[] _buf;
    private int _len;

    public SshWriter(int initialCapacity = 256)
    {
        _buf = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    public int Length => _len;
    public ReadOnlySpan<byte> WrittenSpan => _buf.AsSpan(0, _len);
    public ReadOnlyMemory<byte> WrittenMemory => _buf.AsMemory(0, _len);
    public byte[] ToArray() => _buf.AsSpan(0, _len).ToArray();
    public void Clear() => _len = 0;

    /// <summary>Reserves <paramref name="n"/> bytes and returns them for the caller to fill.</summary>
    public Span<byte> GetSpan(int n)
    {
        Ensure(n);
        var s = _buf.AsSpan(_len, n);
        _len += n;
        return s;
    }

    private void Ensure(int n)
    {
        if (_len + n <= _buf.Length) return;
        int size = Math.Max(_buf.Length * 2, _len + n);
        var nb = ArrayPool<byte>.Shared.Rent(size);
        _buf.AsSpan(0, _len).CopyTo(nb);
        ArrayPool<byte>.Shared.Return(_buf, clearArray: true);
        _buf = nb;
    }

    public SshWriter WriteByte(byte b) { Ensure(1); _buf[_len++] = b; return this; }
    public SshWriter WriteBoolean(bool b) => WriteByte(b ? (byte)1 : (byte)0);
    public SshWriter WriteUInt32(uint v) { BinaryPrimitives.WriteUInt32BigEndian(GetSpan(4), v); return this; }
    public SshWriter WriteUInt64(ulong v) { BinaryPrimitives.WriteUInt64BigEndian(GetSpan(8), v); return this; }
    public SshWriter WriteRaw(ReadOnlySpan<byte> data) { data.CopyTo(GetSpan(data.Length)); return this; }

    public SshWriter WriteString(ReadOnlySpan<byte> data)
    {
        WriteUInt32((uint)data.Length);
        return WriteRaw(data);
    }

    public SshWriter WriteString(string s)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        WriteUInt32((uint)n);
        Encoding.UTF8.GetBytes(s, GetSpan(n));
        return this;
    }

    /// <summary>Writes an unsigned big-endian magnitude as an mpint (leading zeros stripped, a zero byte
    /// prepended when the top bit is set).</summary>
    public SshWriter WriteMPIntUnsigned(ReadOnlySpan<byte> magnitude)
    {
        int i = 0;
        while (i < magnitude.Length && magnitude[i] == 0) i++;
        var m = magnitude[i..];
        bool pad = m.Length > 0 && (m[0] & 0x80) != 0;
        WriteUInt32((uint)(m.Length + (pad ? 1 : 0)));
        if (pad) WriteByte(0);
        return WriteRaw(m);
    }

    public SshWriter WriteMPInt(BigInteger v)
    {
        if (v.IsZero) return WriteUInt32(0);
        var bytes = v.ToByteArray(isUnsigned: false, isBigEndian: true);
        return WriteString(bytes);
    }

    public SshWriter WriteNameList(IEnumerable<string> names) => WriteString(string.Join(",", names));

    public void Dispose()
    {
        var b = _buf;
        _buf = Array.Empty<byte>();
        _len = 0;
        if (b.Length > 0) ArrayPool<byte>.Shared.Return(b, clearArray: true);
    }
}
