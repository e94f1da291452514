using System.Runtime.InteropServices;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>
/// The system zlib. SSH compression is one continuous deflate stream per direction, flushed at every
/// packet boundary (Z_PARTIAL_FLUSH out, Z_SYNC_FLUSH in); .NET's stream wrappers cannot flush that way
/// per packet without ending or blocking the stream, so the two calls are made directly.
/// </summary>
internal static unsafe partial class ZLib
{
    private const string Lib = "libz.so.1";
    public const int ZOk = 0, ZStreamEnd = 1, ZBufError = -5;
    public const int ZPartialFlush = 1, ZSyncFlush = 2;
    /// <summary>sizeof(z_stream) on 64-bit Linux.</summary>
    public const int StreamSize = 112;
    private static readonly byte[] Version = "1.2.13\0"u8.ToArray();

    // Offsets in z_stream (LP64).
    public const int NextIn = 0, AvailIn = 8, NextOut = 24, AvailOut = 32;

    [LibraryImport(Lib)] private static partial int deflateInit_(IntPtr strm, int level, byte* version, int streamSize);
    [LibraryImport(Lib)] public static partial int deflate(IntPtr strm, int flush);
    [LibraryImport(Lib)] public static partial int deflateEnd(IntPtr strm);
    [LibraryImport(Lib)] private static partial int inflateInit_(IntPtr strm, byte* version, int streamSize);
    [LibraryImport(Lib)] public static partial int inflate(IntPtr strm, int flush);
    [LibraryImport(Lib)] public static partial int inflateEnd(IntPtr strm);

    public static IntPtr NewDeflate(int level)
    {
        var s = (IntPtr)NativeMemory.AllocZeroed(StreamSize);
        fixed (byte* v = Version)
            if (deflateInit_(s, level, v, StreamSize) != ZOk) { NativeMemory.Free((void*)s); throw new InvalidOperationException("deflateInit failed"); }
        return s;
    }

    public static IntPtr NewInflate()
    {
        var s = (IntPtr)NativeMemory.AllocZeroed(StreamSize);
        fixed (byte* v = Version)
            if (inflateInit_(s, v, StreamSize) != ZOk) { NativeMemory.Free((void*)s); throw new InvalidOperationException("inflateInit failed"); }
        return s;
    }

    public static void SetInput(IntPtr s, byte* data, int len)
    {
        *(byte**)(s + NextIn) = data;
        *(uint*)(s + AvailIn) = (uint)len;
    }

    public static void SetOutput(IntPtr s, byte* data, int len)
    {
        *(byte**)(s + NextOut) = data;
        *(uint*)(s + AvailOut) = (uint)len;
    }

    public static uint AvailableIn(IntPtr s) => *(uint*)(s + AvailIn);
    public static uint AvailableOut(IntPtr s) => *(uint*)(s + AvailOut);

    public static void Free(IntPtr s) => NativeMemory.Free((void*)s);
}
