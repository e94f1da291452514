using System.Text;

namespace Braid.Unix;

/// <summary>Thin libc wrappers. Failures throw <see cref="UnixException"/> (errno + strerror text).</summary>
public static unsafe class Posix
{
    public static uint GetUid() => Libc.getuid();
    public static uint GetEuid() => Libc.geteuid();
    public static uint GetGid() => Libc.getgid();
    public static uint GetEgid() => Libc.getegid();
    public static int GetPid() => Libc.getpid();
    public static int GetPpid() => Libc.getppid();

    /// <summary>kill(2).</summary>
    public static void Kill(int pid, int signal) => Libc.Check(Libc.kill(pid, signal), "kill");

    /// <summary>kill(2) returning false (with errno) instead of throwing; kill(pid, 0) probes for existence.</summary>
    public static bool TryKill(int pid, int signal, out int errno)
    {
        if (Libc.kill(pid, signal) == 0) { errno = 0; return true; }
        errno = Libc.LastErrno;
        return false;
    }

    /// <summary>setsid(2); returns the new session id.</summary>
    public static int Setsid() => Libc.Check(Libc.setsid(), "setsid");

    /// <summary>link(2). EEXIST → UnixException with Errno == Errno.EEXIST.</summary>
    public static void Link(string existingPath, string newPath) => Libc.Check(Libc.link(existingPath, newPath), "link");

    /// <summary>unlink(2).</summary>
    public static void Unlink(string path) => Libc.Check(Libc.unlink(path), "unlink");

    /// <summary>unlink(2) returning the errno (0 on success) instead of throwing.</summary>
    public static int TryUnlink(string path) => Libc.unlink(path) == 0 ? 0 : Libc.LastErrno;

    /// <summary>chmod(2); mode is octal bits, e.g. 0x180 (= 0600) — use <c>Convert.ToUInt32("600", 8)</c>.</summary>
    public static void Chmod(string path, uint mode) => Libc.Check(Libc.chmod(path, mode), "chmod");

    /// <summary>umask(2): sets the mask, returns the previous one. Process-wide: racy in a threaded process.</summary>
    public static uint Umask(uint mask) => Libc.umask(mask);

    /// <summary>fsync(2).</summary>
    public static void Fsync(int fd) => Libc.Check(Libc.fsync(fd), "fsync");

    /// <summary>close(2).</summary>
    public static void Close(int fd) => Libc.Check(Libc.close(fd), "close");

    /// <summary>dup(2) (the new fd is not close-on-exec).</summary>
    public static int Dup(int fd) => Libc.Check(Libc.dup(fd), "dup");

    /// <summary>dup2(2).</summary>
    public static int Dup2(int fd, int newFd) => Libc.Check(Libc.dup2(fd, newFd), "dup2");

    /// <summary>open(2) with O_CLOEXEC added. <paramref name="flags"/> are raw O_* values; see <see cref="OpenFlags"/>.</summary>
    public static int Open(string path, OpenFlags flags, uint mode = 0x1B6 /* 0666 */)
    {
        while (true)
        {
            int fd = Libc.open(path, (int)flags | Lc.O_CLOEXEC, mode);
            if (fd >= 0) return fd;
            int e = Libc.LastErrno;
            if (e != Errno.EINTR) throw new UnixException(e, "open");
        }
    }

    /// <summary>pipe2(O_CLOEXEC): (read end, write end).</summary>
    public static (int Read, int Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Libc.pipe2(fds, Lc.O_CLOEXEC), "pipe2");
        return (fds[0], fds[1]);
    }

    /// <summary>socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC).</summary>
    public static (int A, int B) SocketPair()
    {
        int* fds = stackalloc int[2];
        Libc.Check(Libc.socketpair(Lc.AF_UNIX, Lc.SOCK_STREAM | Lc.SOCK_CLOEXEC, 0, fds), "socketpair");
        return (fds[0], fds[1]);
    }

    /// <summary>True if O_NONBLOCK is set on the fd's open file description.</summary>
    public static bool IsNonBlocking(int fd) => (Libc.Check(Libc.fcntl(fd, Lc.F_GETFL, 0), "fcntl(F_GETFL)") & Lc.O_NONBLOCK) != 0;

    /// <summary>Sets or clears O_NONBLOCK; returns the previous state.</summary>
    public static bool SetNonBlocking(int fd, bool nonBlocking)
    {
        int flags = Libc.Check(Libc.fcntl(fd, Lc.F_GETFL, 0), "fcntl(F_GETFL)");
        bool was = (flags & Lc.O_NONBLOCK) != 0;
        int nf = nonBlocking ? flags | Lc.O_NONBLOCK : flags & ~Lc.O_NONBLOCK;
        if (nf != flags) Libc.Check(Libc.fcntl(fd, Lc.F_SETFL, nf), "fcntl(F_SETFL)");
        return was;
    }

    /// <summary>Sets or clears FD_CLOEXEC.</summary>
    public static void SetCloseOnExec(int fd, bool closeOnExec)
    {
        int flags = Libc.Check(Libc.fcntl(fd, Lc.F_GETFD, 0), "fcntl(F_GETFD)");
        int nf = closeOnExec ? flags | Lc.FD_CLOEXEC : flags & ~Lc.FD_CLOEXEC;
        if (nf != flags) Libc.Check(Libc.fcntl(fd, Lc.F_SETFD, nf), "fcntl(F_SETFD)");
    }

    /// <summary>
    /// Points the chosen standard fds at /dev/null (OpenSSH's <c>stdfd_devnull</c>, used when daemonising,
    /// e.g. ControlPersist or -f).
    /// </summary>
    public static void RedirectStdioToDevNull(bool stdin = true, bool stdout = true, bool stderr = true)
    {
        int fd = Libc.Check(Libc.open("/dev/null", Lc.O_RDWR, 0), "open /dev/null");
        try
        {
            if (stdin) Libc.Check(Libc.dup2(fd, 0), "dup2");
            if (stdout) Libc.Check(Libc.dup2(fd, 1), "dup2");
            if (stderr) Libc.Check(Libc.dup2(fd, 2), "dup2");
        }
        finally
        {
            if (fd > 2) Libc.close(fd);
        }
    }

    /// <summary>Reads once (blocking); 0 = EOF; retries EINTR.</summary>
    public static int Read(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.read(fd, p, buffer.Length);
                if (n >= 0) return (int)n;
                int e = Libc.LastErrno;
                if (e != Errno.EINTR) throw new UnixException(e, "read");
            }
        }
    }

    /// <summary>Writes everything (blocking), retrying EINTR and short writes; waits on EAGAIN.</summary>
    public static void WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p0 = data)
        {
            byte* p = p0;
            int left = data.Length;
            while (left > 0)
            {
                nint n = Libc.write(fd, p, left);
                if (n >= 0) { p += n; left -= (int)n; continue; }
                int e = Libc.LastErrno;
                if (e == Errno.EINTR) continue;
                if (e == Errno.EAGAIN) { Libc.PollOne(fd, Lc.POLLOUT, -1); continue; }
                throw new UnixException(e, "write");
            }
        }
    }

    /// <summary>strerror(3).</summary>
    public static string StrError(int errno) => Libc.StrError(errno);
}

/// <summary>open(2) flags (Linux values).</summary>
[Flags]
public enum OpenFlags
{
    ReadOnly = Lc.O_RDONLY,
    WriteOnly = Lc.O_WRONLY,
    ReadWrite = Lc.O_RDWR,
    Create = Lc.O_CREAT,
    Exclusive = Lc.O_EXCL,
    NoCtty = Lc.O_NOCTTY,
    Truncate = Lc.O_TRUNC,
    Append = Lc.O_APPEND,
    NonBlock = Lc.O_NONBLOCK,
}

/// <summary>A pseudo-terminal pair (posix_openpt/grantpt/unlockpt/ptsname_r), mainly for tests.</summary>
public sealed class PseudoTerminal : IDisposable
{
    private PseudoTerminal(int master, int slave, string slavePath)
    {
        MasterFd = master;
        SlaveFd = slave;
        SlavePath = slavePath;
    }

    public int MasterFd { get; private set; }
    public int SlaveFd { get; private set; }
    public string SlavePath { get; }

    /// <summary>Opens a master and its slave (O_NOCTTY, close-on-exec).</summary>
    public static unsafe PseudoTerminal Open()
    {
        int m = Libc.Check(Libc.posix_openpt(Lc.O_RDWR | Lc.O_NOCTTY | Lc.O_CLOEXEC), "posix_openpt");
        try
        {
            Libc.Check(Libc.grantpt(m), "grantpt");
            Libc.Check(Libc.unlockpt(m), "unlockpt");
            byte* buf = stackalloc byte[256];
            int r = Libc.ptsname_r(m, buf, 256);
            if (r != 0) throw new UnixException(r, "ptsname_r");
            string path = Encoding.UTF8.GetString(new ReadOnlySpan<byte>(buf, 256)[..new ReadOnlySpan<byte>(buf, 256).IndexOf((byte)0)]);
            int s = Posix.Open(path, OpenFlags.ReadWrite | OpenFlags.NoCtty);
            return new PseudoTerminal(m, s, path);
        }
        catch
        {
            Libc.close(m);
            throw;
        }
    }

    /// <summary>Gives up ownership of the master fd (the caller will close it).</summary>
    public int DetachMaster() { int f = MasterFd; MasterFd = -1; return f; }

    /// <summary>Gives up ownership of the slave fd (the caller will close it).</summary>
    public int DetachSlave() { int f = SlaveFd; SlaveFd = -1; return f; }

    public void Dispose()
    {
        Libc.CloseQuietly(SlaveFd);
        Libc.CloseQuietly(MasterFd);
        SlaveFd = MasterFd = -1;
    }
}
