using System.Runtime.InteropServices;

namespace Braid.Unix;

[StructLayout(LayoutKind.Sequential)]
internal struct IoVec
{
    public nint Base;
    public nuint Len;
}

[StructLayout(LayoutKind.Sequential)]
internal struct MsgHdr
{
    public nint Name;
    public uint NameLen;
    public nint Iov;
    public nuint IovLen;
    public nint Control;
    public nuint ControlLen;
    public int Flags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct CmsgHdr
{
    public nuint Len;
    public int Level;
    public int Type;
}

[StructLayout(LayoutKind.Sequential)]
internal struct WinSize
{
    public ushort Row;
    public ushort Col;
    public ushort XPixel;
    public ushort YPixel;
}

// x86-64 declares epoll_event __attribute__((packed)): 12 bytes.
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}

[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short REvents;
}

/// <summary>Raw libc bindings (Linux x86-64 glibc). Callers check return values; see <see cref="UnixException"/>.</summary>
internal static unsafe partial class Libc
{
    private const string L = "libc";

    [LibraryImport(L, SetLastError = true)] internal static partial nint read(int fd, byte* buf, nint count);
    [LibraryImport(L, SetLastError = true)] internal static partial int madvise(nint addr, nuint length, int advice);
    [LibraryImport(L)] internal static partial int malloc_trim(nuint pad);
    [LibraryImport(L, SetLastError = true)] internal static partial nint write(int fd, byte* buf, nint count);
    [LibraryImport(L, SetLastError = true)] internal static partial int close(int fd);
    [LibraryImport(L, SetLastError = true)] internal static partial int dup(int fd);
    [LibraryImport(L, SetLastError = true)] internal static partial int dup2(int oldfd, int newfd);
    [LibraryImport(L, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string path, int flags, uint mode);
    [LibraryImport(L, SetLastError = true)] internal static partial int fcntl(int fd, int cmd, int arg);
    [LibraryImport(L, SetLastError = true)] internal static partial int isatty(int fd);
    [LibraryImport(L, SetLastError = true)] internal static partial int tcgetattr(int fd, byte* termios);
    [LibraryImport(L, SetLastError = true)] internal static partial int tcsetattr(int fd, int action, byte* termios);
    [LibraryImport(L)] internal static partial void cfmakeraw(byte* termios);
    [LibraryImport(L)] internal static partial uint cfgetispeed(byte* termios);
    [LibraryImport(L)] internal static partial uint cfgetospeed(byte* termios);
    [LibraryImport(L, SetLastError = true)] internal static partial int ioctl(int fd, nuint request, void* arg);
    [LibraryImport(L, SetLastError = true)] internal static partial nint sendmsg(int fd, MsgHdr* msg, int flags);
    [LibraryImport(L, SetLastError = true)] internal static partial nint recvmsg(int fd, MsgHdr* msg, int flags);
    [LibraryImport(L, SetLastError = true)] internal static partial int getsockopt(int fd, int level, int name, void* val, uint* len);
    [LibraryImport(L, SetLastError = true)] internal static partial int socketpair(int domain, int type, int protocol, int* sv);
    [LibraryImport(L)] internal static partial uint getuid();
    [LibraryImport(L)] internal static partial uint geteuid();
    [LibraryImport(L)] internal static partial uint getgid();
    [LibraryImport(L)] internal static partial uint getegid();
    [LibraryImport(L)] internal static partial int getpid();
    [LibraryImport(L)] internal static partial int getppid();
    [LibraryImport(L, SetLastError = true)] internal static partial int kill(int pid, int sig);
    [LibraryImport(L, SetLastError = true)] internal static partial int setsid();
    [LibraryImport(L, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int link(string oldpath, string newpath);
    [LibraryImport(L, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int unlink(string path);
    [LibraryImport(L, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int chmod(string path, uint mode);
    [LibraryImport(L)] internal static partial uint umask(uint mask);
    [LibraryImport(L, SetLastError = true)] internal static partial int fsync(int fd);
    [LibraryImport(L, SetLastError = true)] internal static partial int posix_openpt(int flags);
    [LibraryImport(L, SetLastError = true)] internal static partial int grantpt(int fd);
    [LibraryImport(L, SetLastError = true)] internal static partial int unlockpt(int fd);
    /// <summary>Returns 0 or an error number (not -1/errno).</summary>
    [LibraryImport(L)] internal static partial int ptsname_r(int fd, byte* buf, nuint len);
    [LibraryImport(L, SetLastError = true)] internal static partial int epoll_create1(int flags);
    [LibraryImport(L, SetLastError = true)] internal static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);
    [LibraryImport(L, SetLastError = true)] internal static partial int epoll_wait(int epfd, EpollEvent* events, int max, int timeout);
    [LibraryImport(L, SetLastError = true)] internal static partial int pipe2(int* fds, int flags);
    [LibraryImport(L, SetLastError = true)] internal static partial int poll(PollFd* fds, nuint nfds, int timeout);

    internal static int LastErrno => Marshal.GetLastPInvokeError();

    /// <summary>strerror(3) text, e.g. "No such file or directory".</summary>
    internal static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Throws <see cref="UnixException"/> with the current errno if <paramref name="result"/> is -1.</summary>
    internal static int Check(int result, string operation)
    {
        if (result == -1) throw new UnixException(LastErrno, operation);
        return result;
    }

    /// <summary>close(2) that ignores EINTR (Linux always releases the fd).</summary>
    internal static void CloseQuietly(int fd)
    {
        if (fd >= 0) close(fd);
    }

    /// <summary>poll(2) a single fd; retries EINTR; returns revents (0 on timeout).</summary>
    internal static short PollOne(int fd, short events, int timeoutMs)
    {
        PollFd p = new() { Fd = fd, Events = events };
        while (true)
        {
            int r = poll(&p, 1, timeoutMs);
            if (r >= 0) return r == 0 ? (short)0 : p.REvents;
            int e = LastErrno;
            if (e != Errno.EINTR) throw new UnixException(e, "poll");
        }
    }
}
