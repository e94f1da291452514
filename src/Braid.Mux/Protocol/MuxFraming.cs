using System.Buffers.Binary;
using System.Net.Sockets;
using Braid.Ssh;

namespace Braid.Mux.Protocol;

/// <summary>
/// Length-prefixed mux frames. Reads are exact — the 4-byte header, then exactly the body — because
/// SCM_RIGHTS bytes follow a NEW_SESSION frame in the same stream, and reading past the frame would
/// swallow (and lose) the passed descriptors.
/// </summary>
public static class MuxFraming
{
    public static async ValueTask<byte[]?> ReadFrameAsync(Socket socket, CancellationToken ct)
    {
        var header = new byte[4];
        if (!await ReadExactlyAsync(socket, header, ct, allowEof: true).ConfigureAwait(false)) return null;
        uint len = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (len > MuxMessageType.MaxBodyLength) throw new SshProtocolException($"mux frame of {len} bytes exceeds the {MuxMessageType.MaxBodyLength}-byte limit");
        if (len < 4) throw new SshProtocolException($"mux frame of {len} bytes is too short");
        var body = new byte[len];
        await ReadExactlyAsync(socket, body, ct, allowEof: false).ConfigureAwait(false);
        return body;
    }

    private static async ValueTask<bool> ReadExactlyAsync(Socket socket, Memory<byte> buf, CancellationToken ct, bool allowEof)
    {
        int got = 0;
        while (got < buf.Length)
        {
            int n = await socket.ReceiveAsync(buf[got..], SocketFlags.None, ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (allowEof && got == 0) return false;
                throw new IOException("control connection closed in the middle of a message");
            }
            got += n;
        }
        return true;
    }

    /// <summary>Blocking read of one frame (a passenger's socket stays blocking: no I/O threads to start).</summary>
    public static byte[]? ReadFrame(Socket socket)
    {
        var header = new byte[4];
        if (!ReadExactly(socket, header, allowEof: true)) return null;
        uint len = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (len > MuxMessageType.MaxBodyLength) throw new SshProtocolException($"mux frame of {len} bytes exceeds the {MuxMessageType.MaxBodyLength}-byte limit");
        if (len < 4) throw new SshProtocolException($"mux frame of {len} bytes is too short");
        var body = new byte[len];
        ReadExactly(socket, body, allowEof: false);
        return body;
    }

    private static bool ReadExactly(Socket socket, Span<byte> buf, bool allowEof)
    {
        int got = 0;
        while (got < buf.Length)
        {
            int n = socket.Receive(buf[got..], SocketFlags.None);
            if (n == 0)
            {
                if (allowEof && got == 0) return false;
                throw new IOException("control connection closed in the middle of a message");
            }
            got += n;
        }
        return true;
    }

    public static void WriteFrame(Socket socket, ReadOnlySpan<byte> body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame.AsSpan(4));
        int sent = 0;
        while (sent < frame.Length) sent += socket.Send(frame.AsSpan(sent), SocketFlags.None);
    }

    public static async ValueTask WriteFrameAsync(Socket socket, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame.AsMemory(4));
        int sent = 0;
        while (sent < frame.Length)
            sent += await socket.SendAsync(frame.AsMemory(sent), SocketFlags.None, ct).ConfigureAwait(false);
    }
}
