namespace Braid.Unix;

/// <summary>How an <see cref="AsyncFd"/> drives its fd.</summary>
public enum AsyncFdKind
{
    /// <summary>Pipe, socket, fifo, pty master…: set O_NONBLOCK and wait for readiness on the shared epoll reactor.</summary>
    Pollable,
    /// <summary>A terminal: never set O_NONBLOCK (the open file description is the user's terminal). Reads happen
    /// only after readiness; writes are done blocking on a thread-pool thread.</summary>
    Terminal,
    /// <summary>epoll refused the fd (regular files, /dev/null): plain blocking read/write.</summary>
    Blocking,
}

/// <summary>
/// Async I/O on any fd, driven by one shared epoll thread per process. One read and one write may be
/// outstanding at a time. Cancelling a pending read throws <see cref="OperationCanceledException"/> and consumes
/// nothing (the fd stays usable). Dispose unregisters, restores the fd's original O_NONBLOCK flag and closes the
/// fd if owned.
/// </summary>
public sealed class AsyncFd : IDisposable
{
    private readonly EpollReactor.Registration? _reg;
    private readonly bool _ownsFd;
    private readonly bool _changedNonBlocking;
    private readonly int _originalFlags;
    private int _ops;       // syscalls in progress
    private int _disposed;  // 1 once Dispose started
    private int _released;  // 1 once the fd was restored/closed

    /// <param name="fd">Any open fd.</param>
    /// <param name="ownsFd">Close the fd on Dispose (default). When false the fd is only restored and unregistered.</param>
    public AsyncFd(int fd, bool ownsFd = true)
    {
        if (fd < 0) throw new ArgumentOutOfRangeException(nameof(fd));
        Fd = fd;
        _ownsFd = ownsFd;
        _originalFlags = Libc.Check(Libc.fcntl(fd, Lc.F_GETFL, 0), "fcntl(F_GETFL)");
        bool tty = Terminal.IsTty(fd);
        _reg = EpollReactor.Shared.TryRegister(fd);
        if (_reg is null)
        {
            Kind = AsyncFdKind.Blocking;
        }
        else if (tty)
        {
            Kind = AsyncFdKind.Terminal;
        }
        else
        {
            Kind = AsyncFdKind.Pollable;
            if ((_originalFlags & Lc.O_NONBLOCK) == 0)
            {
                if (Libc.fcntl(fd, Lc.F_SETFL, _originalFlags | Lc.O_NONBLOCK) == -1)
                {
                    int e = Libc.LastErrno;
                    _reg.Close();
                    throw new UnixException(e, "fcntl(F_SETFL)");
                }
                _changedNonBlocking = true;
            }
        }
    }

    public int Fd { get; }

    public AsyncFdKind Kind { get; }

    /// <summary>Reads up to buffer.Length bytes; 0 means EOF (also EIO on a terminal, i.e. hang-up).</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int seq = _reg?.ReadSeq ?? 0;
            if (Kind == AsyncFdKind.Terminal && !PollNow(Lc.POLLIN))
            {
                await _reg!.WaitReadable(seq, cancellationToken).ConfigureAwait(false);
                continue;
            }
            int n = TryRead(buffer.Span, out int errno);
            if (n >= 0) return n;
            switch (errno)
            {
                case Errno.EINTR:
                    continue;
                case Errno.EAGAIN when _reg != null:
                    await _reg.WaitReadable(seq, cancellationToken).ConfigureAwait(false);
                    continue;
                case Errno.EIO when Kind == AsyncFdKind.Terminal:
                    return 0;
                default:
                    throw new UnixException(errno, "read");
            }
        }
    }

    /// <summary>Writes all of <paramref name="buffer"/>. EPIPE and other errors throw <see cref="UnixException"/> (an IOException).
    /// If cancelled part-way, some bytes may already have been written.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return;
        cancellationToken.ThrowIfCancellationRequested();
        if (Kind == AsyncFdKind.Terminal)
        {
            await Task.Run(() => WriteAllBlocking(buffer), CancellationToken.None).ConfigureAwait(false);
            return;
        }
        while (!buffer.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int seq = _reg?.WriteSeq ?? 0;
            int n = TryWrite(buffer.Span, out int errno);
            if (n >= 0)
            {
                buffer = buffer[n..];
                continue;
            }
            switch (errno)
            {
                case Errno.EINTR:
                    continue;
                case Errno.EAGAIN when _reg != null:
                    await _reg.WaitWritable(seq, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw new UnixException(errno, "write");
            }
        }
    }

    private void WriteAllBlocking(ReadOnlyMemory<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = TryWrite(buffer.Span, out int errno);
            if (n >= 0) { buffer = buffer[n..]; continue; }
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.EAGAIN)
            {
                // Someone else made the shared description non-blocking: wait without spinning.
                Libc.PollOne(Fd, Lc.POLLOUT, -1);
                continue;
            }
            throw new UnixException(errno, "write");
        }
    }

    private bool PollNow(short events)
    {
        Enter();
        try { return Libc.PollOne(Fd, events, 0) != 0; }
        finally { Exit(); }
    }

    private unsafe int TryRead(Span<byte> buf, out int errno)
    {
        Enter();
        try
        {
            fixed (byte* p = buf)
            {
                nint n = Libc.read(Fd, p, buf.Length);
                errno = n < 0 ? Libc.LastErrno : 0;
                return (int)n;
            }
        }
        finally { Exit(); }
    }

    private unsafe int TryWrite(ReadOnlySpan<byte> buf, out int errno)
    {
        Enter();
        try
        {
            fixed (byte* p = buf)
            {
                nint n = Libc.write(Fd, p, buf.Length);
                errno = n < 0 ? Libc.LastErrno : 0;
                return (int)n;
            }
        }
        finally { Exit(); }
    }

    private void Enter()
    {
        Interlocked.Increment(ref _ops);
        if (Volatile.Read(ref _disposed) != 0)
        {
            Exit();
            throw new ObjectDisposedException(nameof(AsyncFd));
        }
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _ops) == 0 && Volatile.Read(ref _disposed) != 0) Release();
    }

    /// <summary>Same as Dispose.</summary>
    public void Close() => Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _reg?.Close();
        if (Volatile.Read(ref _ops) == 0) Release();
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        if (_changedNonBlocking)
        {
            int cur = Libc.fcntl(Fd, Lc.F_GETFL, 0);
            if (cur != -1) Libc.fcntl(Fd, Lc.F_SETFL, (cur & ~Lc.O_NONBLOCK) | (_originalFlags & Lc.O_NONBLOCK));
        }
        if (_ownsFd) Libc.close(Fd);
    }

    /// <summary>A <see cref="Stream"/> over this fd (disposing the stream disposes this AsyncFd).</summary>
    public Stream AsStream() => new FdStream(this);
}

/// <summary>Stream adapter over <see cref="AsyncFd"/>. Synchronous calls block on the async ones.</summary>
public sealed class FdStream : Stream
{
    private readonly AsyncFd _fd;

    public FdStream(AsyncFd fd) => _fd = fd;

    public FdStream(int fd, bool ownsFd = true) : this(new AsyncFd(fd, ownsFd)) { }

    public AsyncFd AsyncFd => _fd;
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override int Read(byte[] buffer, int offset, int count) =>
        _fd.ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) =>
        _fd.WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _fd.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _fd.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _fd.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _fd.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _fd.Dispose();
        base.Dispose(disposing);
    }
}
