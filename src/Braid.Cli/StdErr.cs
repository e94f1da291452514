using System.Text;
using Braid.Unix;

namespace Braid.Cli;

/// <summary>
/// Text to fds 1 and 2 with plain blocking write(2): no System.Console (it writes terminal control
/// sequences and touches termios) and no O_NONBLOCK on descriptors shared with the calling shell.
/// </summary>
internal static class StdErr
{
    private static readonly object Lock = new();
    public static readonly TextWriter Writer = TextWriter.Synchronized(new StreamWriter(new BlockingFdStream(2), new UTF8Encoding(false)) { AutoFlush = true });
    public static readonly TextWriter Out = TextWriter.Synchronized(new StreamWriter(new BlockingFdStream(1), new UTF8Encoding(false)) { AutoFlush = true });

    public static void Line(string s)
    {
        lock (Lock) Writer.Write(s + "\n");
    }
}

/// <summary>A write-only stream over an fd we do not own, with blocking writes.</summary>
internal sealed class BlockingFdStream(int fd) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try { Posix.WriteAll(fd, buffer); }
        catch (UnixException e) { throw new IOException(e.Message, e); }
    }
}
