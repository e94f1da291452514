using System.Numerics;
using System.Runtime.InteropServices;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>data ^= keystream, a vector at a time.</summary>
internal static class ByteXor
{
    public static void Xor(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        int n = data.Length;
        int vec = Vector<byte>.Count;
        int i = 0;
        if (n >= vec)
        {
            var dv = MemoryMarshal.Cast<byte, Vector<byte>>(data);
            var kv = MemoryMarshal.Cast<byte, Vector<byte>>(keystream[..n]);
            for (int j = 0; j < dv.Length; j++) dv[j] ^= kv[j];
            i = dv.Length * vec;
        }
        for (; i < n; i++) data[i] ^= keystream[i];
    }
}
