using System.Buffers;

namespace Braid.Ssh.Transport.Ciphers;

/// <summary>zlib / zlib@openssh.com, outgoing: deflate level 6 with a partial flush per packet, as OpenSSH.</summary>
public sealed unsafe class PacketCompressor : IDisposable
{
    private IntPtr _z = ZLib.NewDeflate(6);

    /// <summary>Compresses payload into output (grown as needed); returns the compressed length.</summary>
    public int Compress(ReadOnlySpan<byte> payload, ref byte[]? output)
    {
        output ??= new byte[Math.Max(4096, payload.Length + 64)];
        int written = 0;
        fixed (byte* input = payload)
        {
            ZLib.SetInput(_z, input, payload.Length);
            while (true)
            {
                if (output.Length - written < 64) Array.Resize(ref output, output.Length * 2);
                fixed (byte* o = output)
                {
                    ZLib.SetOutput(_z, o + written, output.Length - written);
                    int rc = ZLib.deflate(_z, ZLib.ZPartialFlush);
                    if (rc != ZLib.ZOk && rc != ZLib.ZBufError) throw new InvalidOperationException($"deflate failed ({rc})");
                    written = output.Length - (int)ZLib.AvailableOut(_z);
                }
                if (ZLib.AvailableIn(_z) == 0 && ZLib.AvailableOut(_z) > 0) break;
            }
        }
        return written;
    }

    public void Dispose()
    {
        if (_z == IntPtr.Zero) return;
        ZLib.deflateEnd(_z);
        ZLib.Free(_z);
        _z = IntPtr.Zero;
    }
}

/// <summary>Incoming side; refuses a packet that inflates past the protocol's packet limit (a zip bomb).</summary>
public sealed unsafe class PacketDecompressor : IDisposable
{
    /// <summary>An inflated payload larger than this is a protocol error, not a reason to allocate.</summary>
    public const int MaxInflated = 256 * 1024 + 4096;
    private IntPtr _z = ZLib.NewInflate();

    public int Decompress(ReadOnlySpan<byte> input, ref byte[]? output)
    {
        output ??= new byte[64 * 1024];
        int written = 0;
        fixed (byte* i = input)
        {
            ZLib.SetInput(_z, i, input.Length);
            while (true)
            {
                if (output.Length - written < 1024)
                {
                    if (output.Length >= MaxInflated) throw new SshProtocolException("compressed packet inflates beyond the packet size limit");
                    Array.Resize(ref output, Math.Min(output.Length * 2, MaxInflated + 1024));
                }
                fixed (byte* o = output)
                {
                    ZLib.SetOutput(_z, o + written, output.Length - written);
                    int rc = ZLib.inflate(_z, ZLib.ZSyncFlush);
                    written = output.Length - (int)ZLib.AvailableOut(_z);
                    if (rc == ZLib.ZBufError && ZLib.AvailableIn(_z) == 0) break;
                    if (rc != ZLib.ZOk) throw new SshProtocolException($"decompression failed ({rc})");
                }
                if (written > MaxInflated) throw new SshProtocolException("compressed packet inflates beyond the packet size limit");
                if (ZLib.AvailableIn(_z) == 0 && ZLib.AvailableOut(_z) > 0) break;
            }
        }
        if (written == 0) throw new SshProtocolException("compressed packet is empty");
        return written;
    }

    public void Dispose()
    {
        if (_z == IntPtr.Zero) return;
        ZLib.inflateEnd(_z);
        ZLib.Free(_z);
        _z = IntPtr.Zero;
    }
}
