namespace Braid.Unix;

// Every Linux x86-64 / glibc specific number used by Braid.Unix lives in this file.
// Struct layouts (sizes checked in the tests): msghdr 56 B, cmsghdr 16 B, termios 60 B,
// winsize 8 B, ucred 12 B, epoll_event 12 B (packed on x86-64), pollfd 8 B.

/// <summary>errno values (Linux) that callers commonly need to compare against <see cref="UnixException.Errno"/>.</summary>
public static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int ENXIO = 6;
    public const int EBADF = 9;
    public const int ECHILD = 10;
    public const int EAGAIN = 11;
    public const int EWOULDBLOCK = EAGAIN;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EINVAL = 22;
    public const int ENOTTY = 25;
    public const int EPIPE = 32;
    public const int ENAMETOOLONG = 36;
    public const int ENOTSOCK = 88;
    public const int EADDRINUSE = 98;
    public const int ECONNRESET = 104;
    public const int ECONNREFUSED = 111;
}

/// <summary>Signal numbers (Linux x86-64).</summary>
public static class Signals
{
    public const int SIGHUP = 1;
    public const int SIGINT = 2;
    public const int SIGQUIT = 3;
    public const int SIGKILL = 9;
    public const int SIGUSR1 = 10;
    public const int SIGUSR2 = 12;
    public const int SIGPIPE = 13;
    public const int SIGALRM = 14;
    public const int SIGTERM = 15;
    public const int SIGCHLD = 17;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;
    public const int SIGTSTP = 20;
    public const int SIGTTIN = 21;
    public const int SIGTTOU = 22;
    public const int SIGWINCH = 28;
}

internal static class Lc
{
    // open(2)
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_TRUNC = 0x200;
    public const int O_APPEND = 0x400;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // fcntl(2)
    public const int F_GETFD = 1;
    public const int F_SETFD = 2;
    public const int F_GETFL = 3;
    public const int F_SETFL = 4;
    public const int FD_CLOEXEC = 1;

    // ioctl(2)
    public const uint TIOCGWINSZ = 0x5413;
    public const uint TIOCSWINSZ = 0x5414;

    // termios layout: c_iflag 0, c_oflag 4, c_cflag 8, c_lflag 12, c_line 16, c_cc[32] 17, c_ispeed 52, c_ospeed 56
    public const int TermiosSize = 60;
    public const int NCCS = 32;
    public const int OffIflag = 0, OffOflag = 4, OffCflag = 8, OffLflag = 12, OffCc = 17;

    // tcsetattr actions
    public const int TCSANOW = 0, TCSADRAIN = 1, TCSAFLUSH = 2;

    // c_cc indices
    public const int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSWTC = 7,
        VSTART = 8, VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14, VLNEXT = 15, VEOL2 = 16;
    public const byte POSIX_VDISABLE = 0;

    // c_iflag
    public const uint IGNBRK = 0x1, BRKINT = 0x2, IGNPAR = 0x4, PARMRK = 0x8, INPCK = 0x10, ISTRIP = 0x20, INLCR = 0x40,
        IGNCR = 0x80, ICRNL = 0x100, IUCLC = 0x200, IXON = 0x400, IXANY = 0x800, IXOFF = 0x1000, IMAXBEL = 0x2000, IUTF8 = 0x4000;
    // c_oflag
    public const uint OPOST = 0x1, OLCUC = 0x2, ONLCR = 0x4, OCRNL = 0x8, ONOCR = 0x10, ONLRET = 0x20;
    // c_cflag
    public const uint CSIZE = 0x30, CS7 = 0x20, CS8 = 0x30, PARENB = 0x100, PARODD = 0x200;
    // c_lflag
    public const uint ISIG = 0x1, ICANON = 0x2, XCASE = 0x4, ECHO = 0x8, ECHOE = 0x10, ECHOK = 0x20, ECHONL = 0x40,
        NOFLSH = 0x80, TOSTOP = 0x100, ECHOCTL = 0x200, ECHOPRT = 0x400, ECHOKE = 0x800, FLUSHO = 0x1000,
        PENDIN = 0x4000, IEXTEN = 0x8000;

    // speed_t constants (glibc, pre-2.42 encoding) -> baud
    public static readonly (uint Code, int Baud)[] Speeds =
    [
        (0, 0), (1, 50), (2, 75), (3, 110), (4, 134), (5, 150), (6, 200), (7, 300), (8, 600), (9, 1200),
        (10, 1800), (11, 2400), (12, 4800), (13, 9600), (14, 19200), (15, 38400),
        (0x1001, 57600), (0x1002, 115200), (0x1003, 230400),
    ];

    // sockets
    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SO_PEERCRED = 17;
    public const int SCM_RIGHTS = 1;
    public const int MSG_CTRUNC = 0x8;
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;
    public const int MsghdrSize = 56;
    public const int CmsghdrSize = 16;
    public const int UcredSize = 12;
    public static int CmsgAlign(int len) => (len + 7) & ~7;
    public static int CmsgSpace(int len) => CmsghdrSize + CmsgAlign(len);
    public static int CmsgLen(int len) => CmsghdrSize + len;

    // epoll
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public const uint EPOLLIN = 0x1, EPOLLPRI = 0x2, EPOLLOUT = 0x4, EPOLLERR = 0x8, EPOLLHUP = 0x10,
        EPOLLRDHUP = 0x2000, EPOLLONESHOT = 0x40000000, EPOLLET = 0x80000000;

    // poll
    public const short POLLIN = 0x1, POLLPRI = 0x2, POLLOUT = 0x4, POLLERR = 0x8, POLLHUP = 0x10, POLLNVAL = 0x20;

    // pipe2 / posix_openpt
    public const int PATH_MAX = 4096;
}
