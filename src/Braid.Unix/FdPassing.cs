using System.Net.Sockets;

namespace Braid.Unix;

/// <summary>
/// SCM_RIGHTS fd passing the way OpenSSH's monitor_fdpass.c does it: one sendmsg per fd carrying one data byte
/// (0x00) and one SCM_RIGHTS int; the receiver does one 1-byte recvmsg per fd (MSG_CMSG_CLOEXEC).
/// <para>
/// Never read the socket past the end of the preceding message before calling ReceiveFd: the dummy byte carries
/// the fd, and a larger read swallows it (the kernel then closes the fd).
/// </para>
/// </summary>
public static class FdPassing
{
    /// <summary>Sends <paramref name="fd"/> over a connected AF_UNIX socket. Waits if the socket is non-blocking and full.</summary>
    public static unsafe void SendFd(int socketFd, int fd)
    {
        byte data = 0;
        int space = Lc.CmsgSpace(sizeof(int));
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        var cmsg = (CmsgHdr*)control;
        cmsg->Len = (nuint)Lc.CmsgLen(sizeof(int));
        cmsg->Level = Lc.SOL_SOCKET;
        cmsg->Type = Lc.SCM_RIGHTS;
        *(int*)(control + Lc.CmsghdrSize) = fd;

        IoVec iov = new() { Base = (nint)(&data), Len = 1 };
        MsgHdr msg = new() { Iov = (nint)(&iov), IovLen = 1, Control = (nint)control, ControlLen = (nuint)space };
        while (true)
        {
            nint n = Libc.sendmsg(socketFd, &msg, Lc.MSG_NOSIGNAL);
            if (n == 1) return;
            if (n >= 0) throw new IOException($"sendmsg: expected sent 1 got {n}");
            int e = Libc.LastErrno;
            if (e == Errno.EINTR) continue;
            if (e == Errno.EAGAIN) { Libc.PollOne(socketFd, Lc.POLLOUT, -1); continue; }
            throw new UnixException(e, "sendmsg");
        }
    }

    /// <summary>Sends <paramref name="fd"/> over a connected Unix-domain <see cref="Socket"/>.</summary>
    public static void SendFd(Socket socket, int fd)
    {
        var h = socket.SafeHandle;
        bool added = false;
        try
        {
            h.DangerousAddRef(ref added);
            SendFd((int)h.DangerousGetHandle(), fd);
        }
        finally
        {
            if (added) h.DangerousRelease();
        }
    }

    /// <summary>
    /// Receives one fd (close-on-exec). Blocks (via poll) until it arrives, also on a non-blocking socket.
    /// Throws <see cref="EndOfStreamException"/> if the peer closed, <see cref="IOException"/> if the byte carried no fd.
    /// </summary>
    public static int ReceiveFd(int socketFd)
    {
        while (true)
        {
            int fd = TryReceiveFd(socketFd, out int errno);
            if (fd >= 0) return fd;
            if (errno == Errno.EINTR) continue;
            if (errno == Errno.EAGAIN) { Libc.PollOne(socketFd, Lc.POLLIN, -1); continue; }
            throw new UnixException(errno, "recvmsg");
        }
    }

    /// <summary>Receives one fd from a Unix-domain <see cref="Socket"/> (blocking).</summary>
    public static int ReceiveFd(Socket socket)
    {
        var h = socket.SafeHandle;
        bool added = false;
        try
        {
            h.DangerousAddRef(ref added);
            return ReceiveFd((int)h.DangerousGetHandle());
        }
        finally
        {
            if (added) h.DangerousRelease();
        }
    }

    /// <summary>
    /// Receives one fd without blocking a thread: tries recvmsg(MSG_DONTWAIT) and, on EAGAIN, awaits
    /// <c>socket.ReceiveAsync(Memory&lt;byte&gt;.Empty)</c> (a zero-byte read: readiness only, consumes nothing).
    /// </summary>
    public static async ValueTask<int> ReceiveFdAsync(Socket socket, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int fd, errno;
            var h = socket.SafeHandle;
            bool added = false;
            try
            {
                h.DangerousAddRef(ref added);
                fd = TryReceiveFd((int)h.DangerousGetHandle(), out errno, Lc.MSG_DONTWAIT);
            }
            finally
            {
                if (added) h.DangerousRelease();
            }
            if (fd >= 0) return fd;
            if (errno == Errno.EINTR) continue;
            if (errno != Errno.EAGAIN) throw new UnixException(errno, "recvmsg");
            await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One recvmsg attempt: the fd, or -1 with errno set (EAGAIN/EINTR are for the caller to handle).</summary>
    private static unsafe int TryReceiveFd(int socketFd, out int errno, int extraFlags = 0)
    {
        const int MaxFds = 8; // room for a misbehaving sender: extras are closed, not leaked
        byte data = 0xff;
        int space = Lc.CmsgSpace(sizeof(int) * MaxFds);
        byte* control = stackalloc byte[space];
        new Span<byte>(control, space).Clear();
        IoVec iov = new() { Base = (nint)(&data), Len = 1 };
        MsgHdr msg = new() { Iov = (nint)(&iov), IovLen = 1, Control = (nint)control, ControlLen = (nuint)space };

        nint n = Libc.recvmsg(socketFd, &msg, Lc.MSG_CMSG_CLOEXEC | extraFlags);
        if (n < 0)
        {
            errno = Libc.LastErrno;
            return -1;
        }
        errno = 0;

        // Collect every fd that arrived so none leaks, whatever else is wrong.
        var fds = new List<int>();
        if (msg.ControlLen >= (nuint)Lc.CmsghdrSize)
        {
            byte* p = control;
            byte* end = control + (int)msg.ControlLen;
            while (p + Lc.CmsghdrSize <= end)
            {
                var c = (CmsgHdr*)p;
                if (c->Len < (nuint)Lc.CmsghdrSize || p + (int)c->Len > end) break;
                if (c->Level == Lc.SOL_SOCKET && c->Type == Lc.SCM_RIGHTS)
                {
                    int count = ((int)c->Len - Lc.CmsghdrSize) / sizeof(int);
                    for (int i = 0; i < count; i++) fds.Add(((int*)(p + Lc.CmsghdrSize))[i]);
                }
                p += Lc.CmsgAlign((int)c->Len);
            }
        }

        if (n == 0 && fds.Count == 0) throw new EndOfStreamException("recvmsg: connection closed while waiting for a file descriptor");
        if (n != 1 || fds.Count == 0)
        {
            foreach (var f in fds) Libc.close(f);
            throw new IOException(n != 1
                ? $"recvmsg: expected received 1 got {n}"
                : "recvmsg: no file descriptor attached (message header missing)");
        }
        for (int i = 1; i < fds.Count; i++) Libc.close(fds[i]);
        return fds[0];
    }
}

/// <summary>The peer of a connected Unix-domain socket (SO_PEERCRED).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    /// <summary>SO_PEERCRED via <see cref="Socket.GetRawSocketOption"/> (no P/Invoke).</summary>
    public static PeerCredentials Get(Socket socket)
    {
        Span<byte> buf = stackalloc byte[Lc.UcredSize];
        int len = socket.GetRawSocketOption(Lc.SOL_SOCKET, Lc.SO_PEERCRED, buf);
        if (len < Lc.UcredSize) throw new IOException("getsockopt(SO_PEERCRED): short result");
        return FromUcred(buf);
    }

    /// <summary>SO_PEERCRED on a raw socket fd.</summary>
    public static unsafe PeerCredentials Get(int socketFd)
    {
        byte* buf = stackalloc byte[Lc.UcredSize];
        uint len = Lc.UcredSize;
        Libc.Check(Libc.getsockopt(socketFd, Lc.SOL_SOCKET, Lc.SO_PEERCRED, buf, &len), "getsockopt(SO_PEERCRED)");
        return FromUcred(new ReadOnlySpan<byte>(buf, Lc.UcredSize));
    }

    private static PeerCredentials FromUcred(ReadOnlySpan<byte> b) =>
        new(BitConverter.ToInt32(b), BitConverter.ToUInt32(b[4..]), BitConverter.ToUInt32(b[8..]));

    /// <summary>OpenSSH's mux check: the peer's uid equals our euid, or the peer is root.</summary>
    public bool IsTrustedPeer => Uid == Libc.geteuid() || Uid == 0;
}
