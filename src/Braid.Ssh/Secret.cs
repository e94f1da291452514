using System.Security.Cryptography;
using System.Text;

namespace Braid.Ssh;

/// <summary>
/// A password, passphrase or keyboard-interactive answer as bytes (UTF-8, as typed or as askpass printed
/// it) in a pinned array that Dispose zeroes. Secrets never become .NET strings on Braid's own paths:
/// a string cannot be wiped and lingers in the heap until it happens to be overwritten.
/// </summary>
public sealed class Secret : IDisposable
{
    private readonly byte[] _data;
    private int _length;

    private Secret(int length)
    {
        _data = GC.AllocateArray<byte>(Math.Max(length, 1), pinned: true);
        _length = length;
    }

    public static Secret Copy(ReadOnlySpan<byte> bytes)
    {
        var s = new Secret(bytes.Length);
        bytes.CopyTo(s._data);
        return s;
    }

    /// <summary>For callers that only have a string (library users, tests); the string itself cannot be wiped.</summary>
    public static Secret FromString(string text)
    {
        var s = new Secret(Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, s._data);
        return s;
    }

    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_length < 0, this);
            return _data.AsSpan(0, _length);
        }
    }

    public bool IsEmpty => _length <= 0;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_data);
        _length = -1;
    }
}
