using System.Security.Cryptography;
using System.Text;

namespace Braid.Unix;

/// <summary>
/// A secret (password, passphrase) held in a pinned array that Dispose zeroes. The bytes are exactly what was
/// typed or printed by askpass (UTF-8 on a UTF-8 system), without the trailing newline.
/// </summary>
public sealed class SecureBuffer : IDisposable
{
    private readonly byte[] _data;
    private int _length;

    internal SecureBuffer(int capacity)
    {
        _data = GC.AllocateArray<byte>(Math.Max(capacity, 1), pinned: true);
    }

    /// <summary>Copies <paramref name="secret"/> in (the caller clears its own copy).</summary>
    public static SecureBuffer FromBytes(ReadOnlySpan<byte> secret)
    {
        var b = new SecureBuffer(secret.Length);
        secret.CopyTo(b._data);
        b._length = secret.Length;
        return b;
    }

    public int Length => _length;

    public bool IsEmpty => _length == 0;

    /// <summary>The secret bytes. Invalid after Dispose.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_length < 0, this);
            return _data.AsSpan(0, _length);
        }
    }

    /// <summary>UTF-8 decoded into a new char[] the caller should clear (Array.Clear) when done.</summary>
    public char[] ToCharArray()
    {
        var s = Span;
        var chars = new char[Encoding.UTF8.GetCharCount(s)];
        Encoding.UTF8.GetChars(s, chars);
        return chars;
    }

    /// <summary>
    /// UTF-8 decoded as an immutable string — cannot be cleared, so use only for non-secrets
    /// (yes/no answers, host-key confirmations).
    /// </summary>
    public string ToInsecureString() => Encoding.UTF8.GetString(Span);

    internal void Append(byte b)
    {
        if (_length < _data.Length) _data[_length++] = b;
    }

    internal int Capacity => _data.Length;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_data);
        _length = -1;
    }

    public override string ToString() => "SecureBuffer(" + Math.Max(_length, 0) + " bytes)";
}
