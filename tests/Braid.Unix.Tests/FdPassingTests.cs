using System.Net.Sockets;
using System.Text;

namespace Braid.Unix.Tests;

public class FdPassingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static byte[] ReadExactly(int fd, int count)
    {
        var buf = new byte[count];
        int got = 0;
        while (got < count)
        {
            int n = Posix.Read(fd, buf.AsSpan(got));
            Assert.NotEqual(0, n);
            got += n;
        }
        return buf;
    }

    [Fact]
    public void PassesPipeFdWithSurroundingBytesIntact()
    {
        var (a, b) = Posix.SocketPair();
        var (pr, pw) = Posix.Pipe();
        try
        {
            Posix.WriteAll(a, "HDR"u8);
            FdPassing.SendFd(a, pw);
            Posix.WriteAll(a, "TAIL"u8);
            Posix.Close(pw); // the receiver's copy keeps the pipe open

            Assert.Equal("HDR", Encoding.ASCII.GetString(ReadExactly(b, 3)));
            int got = FdPassing.ReceiveFd(b);
            Assert.True(got > 2);
            Assert.Equal("TAIL", Encoding.ASCII.GetString(ReadExactly(b, 4)));

            Posix.WriteAll(got, "through passed fd"u8);
            Posix.Close(got);
            Assert.Equal("through passed fd", Encoding.ASCII.GetString(ReadExactly(pr, 17)));
            Assert.Equal(0, Posix.Read(pr, new byte[1])); // all write ends closed: no leaked copy
        }
        finally { Posix.Close(a); Posix.Close(b); Posix.Close(pr); }
    }

    [Fact]
    public void ThreeFdsInARowLikeNewSession()
    {
        var (a, b) = Posix.SocketPair();
        var pipes = Enumerable.Range(0, 3).Select(_ => Posix.Pipe()).ToArray();
        try
        {
            foreach (var p in pipes) FdPassing.SendFd(a, p.Write);
            var received = Enumerable.Range(0, 3).Select(_ => FdPassing.ReceiveFd(b)).ToArray();
            for (int i = 0; i < 3; i++)
            {
                Posix.WriteAll(received[i], [(byte)('0' + i)]);
                Assert.Equal((byte)('0' + i), ReadExactly(pipes[i].Read, 1)[0]);
                Posix.Close(received[i]);
            }
        }
        finally
        {
            Posix.Close(a); Posix.Close(b);
            foreach (var p in pipes) { Posix.Close(p.Read); Posix.Close(p.Write); }
        }
    }

    [Fact]
    public void PlainByteInsteadOfFdIsAnError()
    {
        var (a, b) = Posix.SocketPair();
        try
        {
            Posix.WriteAll(a, [0]);
            Assert.Throws<IOException>(() => FdPassing.ReceiveFd(b));
            Posix.Close(a);
            Assert.Throws<EndOfStreamException>(() => FdPassing.ReceiveFd(b));
        }
        finally { Posix.Close(b); }
    }

    [Fact]
    public async Task AsyncReceiveOnDotNetSocketsWaitsForTheFd()
    {
        var (a, b) = Posix.SocketPair();
        using var sa = new Socket(new SafeSocketHandle(a, ownsHandle: true));
        using var sb = new Socket(new SafeSocketHandle(b, ownsHandle: true));
        var (pr, pw) = Posix.Pipe();
        try
        {
            // Exact-length read of a header with .NET's async API (makes the fd O_NONBLOCK), then the fd.
            var header = new byte[3];
            var headerTask = sb.ReceiveAsync(header.AsMemory(), SocketFlags.None).AsTask();
            await sa.SendAsync("HDR"u8.ToArray(), SocketFlags.None);
            Assert.Equal(3, await headerTask.WaitAsync(Guard));

            var fdTask = FdPassing.ReceiveFdAsync(sb).AsTask();
            Assert.False(fdTask.IsCompleted); // nothing sent yet: EAGAIN handled by awaiting readiness
            FdPassing.SendFd(sa, pw);
            int got = await fdTask.WaitAsync(Guard);
            Posix.WriteAll(got, "ok"u8);
            Posix.Close(got);
            Assert.Equal("ok", Encoding.ASCII.GetString(ReadExactly(pr, 2)));

            using var cts = new CancellationTokenSource();
            var cancelled = FdPassing.ReceiveFdAsync(sb, cts.Token).AsTask();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Guard));
        }
        finally { Posix.Close(pr); Posix.Close(pw); }
    }

    [Fact]
    public void PeerCredentialsAreOurOwn()
    {
        var (a, b) = Posix.SocketPair();
        using var sa = new Socket(new SafeSocketHandle(a, ownsHandle: true));
        Posix.Close(b);
        var cred = PeerCredentials.Get(sa);
        Assert.Equal(Environment.ProcessId, cred.Pid);
        Assert.Equal(Posix.GetUid(), cred.Uid);
        Assert.Equal(Posix.GetGid(), cred.Gid);
        Assert.True(cred.IsTrustedPeer);
        Assert.Equal(cred, PeerCredentials.Get(a));
    }
}
