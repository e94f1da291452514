using System.Text;

namespace Braid.Unix.Tests;

public class AsyncFdTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30); // only to fail instead of hanging

    [Fact]
    public async Task PipeReadWriteAndEof()
    {
        var (r, w) = Posix.Pipe();
        using var reader = new AsyncFd(r);
        using var writer = new AsyncFd(w);
        Assert.Equal(AsyncFdKind.Pollable, reader.Kind);
        var buf = new byte[64];
        var pending = reader.ReadAsync(buf);
        Assert.False(pending.IsCompleted); // nothing written yet: must wait, not spin or block
        await writer.WriteAsync("hello"u8.ToArray());
        int n = await pending.AsTask().WaitAsync(Guard);
        Assert.Equal("hello", Encoding.ASCII.GetString(buf, 0, n));

        await writer.WriteAsync("tail"u8.ToArray());
        writer.Dispose(); // HUP with data still buffered: data first, then EOF
        n = await reader.ReadAsync(buf).AsTask().WaitAsync(Guard);
        Assert.Equal("tail", Encoding.ASCII.GetString(buf, 0, n));
        Assert.Equal(0, await reader.ReadAsync(buf).AsTask().WaitAsync(Guard));
    }

    [Fact]
    public async Task LargeWriteCompletesThroughShortWrites()
    {
        var (r, w) = Posix.Pipe();
        using var reader = new AsyncFd(r);
        using var writer = new AsyncFd(w);
        var data = new byte[1 << 20]; // much larger than the 64 KiB pipe buffer
        new Random(1).NextBytes(data);
        var writeTask = writer.WriteAsync(data).AsTask();
        var got = new MemoryStream();
        var buf = new byte[8192];
        while (got.Length < data.Length)
        {
            int n = await reader.ReadAsync(buf).AsTask().WaitAsync(Guard);
            Assert.NotEqual(0, n);
            got.Write(buf, 0, n);
        }
        await writeTask.WaitAsync(Guard);
        Assert.Equal(data, got.ToArray());
    }

    [Fact]
    public async Task WriteToClosedPipeThrowsEpipe()
    {
        var (r, w) = Posix.Pipe();
        Posix.Close(r);
        using var writer = new AsyncFd(w);
        var ex = await Assert.ThrowsAsync<UnixException>(async () => await writer.WriteAsync(new byte[10]));
        Assert.Equal(Errno.EPIPE, ex.Errno);
        Assert.IsAssignableFrom<IOException>(ex);
    }

    [Fact]
    public async Task CancelledReadLeavesFdUsable()
    {
        var (r, w) = Posix.Pipe();
        using var reader = new AsyncFd(r);
        using var writer = new AsyncFd(w);
        var buf = new byte[16];
        using (var cts = new CancellationTokenSource())
        {
            var pending = reader.ReadAsync(buf, cts.Token).AsTask();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Guard));
        }
        await writer.WriteAsync("x"u8.ToArray());
        Assert.Equal(1, await reader.ReadAsync(buf).AsTask().WaitAsync(Guard));
        Assert.Equal((byte)'x', buf[0]);
    }

    [Fact]
    public async Task RestoresBlockingFlagAndDoesNotCloseWhenNotOwned()
    {
        var (r, w) = Posix.Pipe();
        try
        {
            Assert.False(Posix.IsNonBlocking(r));
            using (var a = new AsyncFd(r, ownsFd: false))
            {
                Assert.True(Posix.IsNonBlocking(r));
                Posix.WriteAll(w, "z"u8);
                var b = new byte[4];
                Assert.Equal(1, await a.ReadAsync(b).AsTask().WaitAsync(Guard));
            }
            Assert.False(Posix.IsNonBlocking(r));
            Posix.WriteAll(w, "q"u8); // r still open
            var buf = new byte[1];
            Assert.Equal(1, Posix.Read(r, buf));
        }
        finally { Posix.Close(r); Posix.Close(w); }
    }

    [Fact]
    public async Task RegularFileFallsBackToBlocking()
    {
        string path = Path.Combine(Path.GetTempPath(), "braid-asyncfd-" + Guid.NewGuid().ToString("N"));
        try
        {
            int fd = Posix.Open(path, OpenFlags.ReadWrite | OpenFlags.Create, 0x180);
            using (var f = new AsyncFd(fd))
            {
                Assert.Equal(AsyncFdKind.Blocking, f.Kind);
                await f.WriteAsync("file data"u8.ToArray());
            }
            using var g = new AsyncFd(Posix.Open(path, OpenFlags.ReadOnly));
            var buf = new byte[64];
            int n = await g.ReadAsync(buf);
            Assert.Equal("file data", Encoding.ASCII.GetString(buf, 0, n));
            Assert.Equal(0, await g.ReadAsync(buf));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task TtyIsNeverMadeNonBlocking()
    {
        using var pty = PseudoTerminal.Open();
        using var raw = RawMode.Enter(pty.SlaveFd);
        using var slave = new AsyncFd(pty.SlaveFd, ownsFd: false);
        using var master = new AsyncFd(pty.MasterFd, ownsFd: false);
        Assert.Equal(AsyncFdKind.Terminal, slave.Kind);
        Assert.False(Posix.IsNonBlocking(pty.SlaveFd));

        var buf = new byte[64];
        using (var cts = new CancellationTokenSource())
        {
            var pending = slave.ReadAsync(buf, cts.Token).AsTask();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Guard));
        }
        var read = slave.ReadAsync(buf).AsTask();
        await master.WriteAsync("typed"u8.ToArray());
        var got = new StringBuilder();
        got.Append(Encoding.ASCII.GetString(buf, 0, await read.WaitAsync(Guard)));
        while (got.Length < 5) got.Append(Encoding.ASCII.GetString(buf, 0, await slave.ReadAsync(buf).AsTask().WaitAsync(Guard)));
        Assert.Equal("typed", got.ToString());

        await slave.WriteAsync("out"u8.ToArray());
        got.Clear();
        while (got.Length < 3) got.Append(Encoding.ASCII.GetString(buf, 0, await master.ReadAsync(buf).AsTask().WaitAsync(Guard)));
        Assert.Equal("out", got.ToString());
        Assert.False(Posix.IsNonBlocking(pty.SlaveFd));
    }

    [Fact]
    public async Task TwoHundredPipesShareOneReactorThread()
    {
        const int N = 200;
        var pairs = new (AsyncFd R, AsyncFd W)[N];
        for (int i = 0; i < N; i++)
        {
            var (r, w) = Posix.Pipe();
            pairs[i] = (new AsyncFd(r), new AsyncFd(w));
        }
        try
        {
            // All reads pending first, then all writes.
            var reads = pairs.Select(async (p, i) =>
            {
                var buf = new byte[16];
                int n = await p.R.ReadAsync(buf);
                return Encoding.ASCII.GetString(buf, 0, n) == "m" + i;
            }).ToArray();
            await Task.WhenAll(pairs.Select((p, i) => p.W.WriteAsync(Encoding.ASCII.GetBytes("m" + i)).AsTask()));
            var ok = await Task.WhenAll(reads).WaitAsync(Guard);
            Assert.All(ok, Assert.True);
            Assert.Equal(1, EpollReactor.ThreadsStarted);
        }
        finally
        {
            foreach (var (r, w) in pairs) { r.Dispose(); w.Dispose(); }
        }
    }

    [Fact]
    public async Task StreamAdapterWorks()
    {
        var (r, w) = Posix.Pipe();
        await using var rs = new FdStream(r);
        await using (var ws = new FdStream(w))
        {
            await ws.WriteAsync("stream"u8.ToArray());
        }
        using var sr = new StreamReader(rs);
        Assert.Equal("stream", await sr.ReadToEndAsync().WaitAsync(Guard));
    }
}
