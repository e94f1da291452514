using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Braid.Ssh.Wire;

/// <summary>Reads SSH wire types (RFC 4251 §5) from a span. Every read is bounds-checked and a
/// short buffer throws <see cref="SshProtocolException"/>, so hostile input can never index past the end.</summary>
public ref struct SshReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _pos;

    public SshReader(ReadOnlySpan<byte> data) { _data = data; _pos = 0; }

    public readonly int Position => _pos;
    public readonly int Remaining => _data.Length - _pos;
    public readonly bool AtEnd => _pos >= _data.Length;
    public readonly ReadOnlySpan<byte> RemainingSpan => _data[_pos..];

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || n > _data.Length - _pos)
            throw new SshProtocolException($"truncated message: wanted {n} bytes, {_data.Length - _pos} left");
        var s = _data.Slice(_pos, n);
        _pos += n;
        return s;
    }

    public byte ReadByte() => Take(1)[0];
    public bool ReadBoolean() => Take(1)[0] != 0;
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>An SSH string as raw bytes.</summary>
    public ReadOnlySpan<byte> ReadString()
    {
        uint len = ReadUInt32();
        if (len > (uint)Remaining)
            throw new SshProtocolException($"truncated message: string of {len} bytes, {Remaining} left");
        return Take((int)len);
    }

    public string ReadStringUtf8()
    {
        var s = ReadString();
        try { return new UTF8Encoding(false, true).GetString(s); }
        catch (DecoderFallbackException) { throw new SshProtocolException("string is not valid UTF-8"); }
    }

    /// <summary>An mpint as its two's-complement big-endian bytes (as sent).</summary>
    public ReadOnlySpan<byte> ReadMPIntBytes() => ReadString();

    /// <summary>A non-negative mpint as unsigned big-endian bytes without leading zeros.</summary>
    public ReadOnlySpan<byte> ReadMPIntUnsigned()
    {
        var s = ReadString();
        if (s.Length > 0 && (s[0] & 0x80) != 0) throw new SshProtocolException("negative mpint");
        int i = 0;
        while (i < s.Length && s[i] == 0) i++;
        return s[i..];
    }

    public BigInteger ReadMPInt()
    {
        var s = ReadString();
        return new BigInteger(s, isUnsigned: false, isBigEndian: true);
    }

    public string[] ReadNameList()
    {
        var s = ReadString();
        if (s.Length == 0) return Array.Empty<string>();
        foreach (byte b in s)
            if (b < 0x20 || b > 0x7e) throw new SshProtocolException("name-list holds a non-printable byte");
        return Encoding.ASCII.GetString(s).Split(',');
    }

    /// <summary>Fails if anything is left; used where trailing bytes would mean a malformed message.</summary>
    public readonly void EnsureEnd(string what)
    {
        if (!AtEnd) throw new SshProtocolException($"{what}: {Remaining} unexpected trailing bytes");
    }
}
