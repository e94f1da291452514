using System.Buffers.Text;
using System.Runtime.InteropServices;

namespace Braid.Unix;

/// <summary>
/// Lets go of code and read-only data pages not in use: those only start-up needed (config parsing,
/// key exchange, authentication) and those of a busy spell that ended. An idle master otherwise keeps
/// ~8 MB of them resident, three times what OpenSSH's does. Only mappings that are file-backed, not writable and hold no private
/// (anonymous) pages are released: their pages are clean copies of the file, and anything still
/// needed is simply read back from the page cache on its next use. /proc/self/smaps is read into
/// native memory and parsed as bytes, so the release itself does not grow the managed heap.
/// </summary>
public static unsafe class StartupPages
{
    private const int MadvDontNeed = 4;
    private const int MaxSmaps = 8 << 20;

    /// <summary>Returns the bytes of file-backed pages released from this process's resident set (best effort).
    /// Free native heap pages go too: every thread that ever ran crypto or runtime code has its own malloc
    /// arena, and the arenas of thread-pool workers that have since retired keep their freed chunks.</summary>
    public static long Release()
    {
        Libc.malloc_trim(0);
        int capacity = 1 << 20, length;
        byte* buf = null;
        try
        {
            while (true)
            {
                NativeMemory.Free(buf);
                buf = (byte*)NativeMemory.Alloc((nuint)capacity);
                length = ReadAll("/proc/self/smaps", new Span<byte>(buf, capacity));
                if (length < 0) return 0;
                if (length < capacity) break;
                if (capacity >= MaxSmaps) return 0;
                capacity *= 2;
            }
            return ReleaseMappings(new ReadOnlySpan<byte>(buf, length));
        }
        finally
        {
            NativeMemory.Free(buf);
        }
    }

    private static int ReadAll(string path, Span<byte> into)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            int total = 0, n;
            while (total < into.Length && (n = f.Read(into[total..])) > 0) total += n;
            return total;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return -1; }
    }

    private static long ReleaseMappings(ReadOnlySpan<byte> smaps)
    {
        long released = 0;
        nint start = 0, end = 0;
        bool candidate = false;
        long rss = 0, anonymous = -1;
        void Finish()
        {
            if (candidate && anonymous == 0 && rss > 0 && Libc.madvise(start, (nuint)(end - start), MadvDontNeed) == 0)
                released += rss * 1024;
        }
        while (!smaps.IsEmpty)
        {
            int nl = smaps.IndexOf((byte)'\n');
            var line = nl < 0 ? smaps : smaps[..nl];
            smaps = nl < 0 ? default : smaps[(nl + 1)..];
            if (TryParseHeader(line, out var s, out var e, out var c))
            {
                Finish();
                (start, end, candidate, rss, anonymous) = (s, e, c, 0, -1);
            }
            else if (line.StartsWith("Rss:"u8)) rss = Kilobytes(line);
            else if (line.StartsWith("Anonymous:"u8)) anonymous = Kilobytes(line);
        }
        Finish();
        return released;
    }

    // "7f..-7f.. r-xp 00000000 fd:01 1234   /usr/lib/.../libcrypto.so.3": a mapping's header line.
    private static bool TryParseHeader(ReadOnlySpan<byte> line, out nint start, out nint end, out bool candidate)
    {
        start = end = 0;
        candidate = false;
        int dash = line.IndexOf((byte)'-'), space = line.IndexOf((byte)' ');
        if (dash <= 0 || space <= dash || line.Length < space + 5) return false;
        if (!Utf8Parser.TryParse(line[..dash], out ulong s, out int used1, 'x') || used1 != dash) return false;
        if (!Utf8Parser.TryParse(line[(dash + 1)..space], out ulong e, out int used2, 'x') || used2 != space - dash - 1) return false;
        start = (nint)s;
        end = (nint)e;
        var perms = line.Slice(space + 1, 4);
        int slash = line.IndexOf((byte)'/');
        // Private, not writable, backed by a real file (not [heap], [stack], [vdso], anonymous or deleted).
        candidate = perms[1] == (byte)'-' && perms[3] == (byte)'p' && slash > 0 && !line.EndsWith("(deleted)"u8);
        return true;
    }

    private static long Kilobytes(ReadOnlySpan<byte> line)
    {
        int colon = line.IndexOf((byte)':');
        var rest = line[(colon + 1)..].TrimStart((byte)' ');
        return Utf8Parser.TryParse(rest, out long v, out _) ? v : 0;
    }
}
