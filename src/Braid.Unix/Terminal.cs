using System.Buffers.Binary;

namespace Braid.Unix;

/// <summary>Terminal window size as TIOCGWINSZ reports it.</summary>
public readonly record struct WindowSize(int Columns, int Rows, int XPixels, int YPixels);

/// <summary>An immutable copy of a <c>struct termios</c> (60 bytes on Linux x86-64).</summary>
public sealed class Termios : IEquatable<Termios>
{
    private readonly byte[] _raw;

    internal Termios(byte[] raw)
    {
        if (raw.Length != Lc.TermiosSize) throw new ArgumentException("termios must be 60 bytes", nameof(raw));
        _raw = raw;
    }

    /// <summary>The raw struct bytes (a copy).</summary>
    public byte[] ToArray() => (byte[])_raw.Clone();

    internal ReadOnlySpan<byte> Raw => _raw;

    public uint InputFlags => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(Lc.OffIflag));
    public uint OutputFlags => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(Lc.OffOflag));
    public uint ControlFlags => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(Lc.OffCflag));
    public uint LocalFlags => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(Lc.OffLflag));

    /// <summary>c_cc[index].</summary>
    public byte ControlChar(int index) => _raw[Lc.OffCc + index];

    /// <summary>True when ECHO is set in c_lflag.</summary>
    public bool Echo => (LocalFlags & Lc.ECHO) != 0;

    /// <summary>True when ICANON is set in c_lflag.</summary>
    public bool Canonical => (LocalFlags & Lc.ICANON) != 0;

    public bool Equals(Termios? other) => other is not null && _raw.AsSpan().SequenceEqual(other._raw);
    public override bool Equals(object? obj) => Equals(obj as Termios);
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.AddBytes(_raw);
        return h.ToHashCode();
    }

    internal Termios With(Action<Span<byte>> mutate)
    {
        var copy = (byte[])_raw.Clone();
        mutate(copy);
        return new Termios(copy);
    }
}

/// <summary>When a termios change takes effect (tcsetattr actions).</summary>
public enum TerminalSetWhen
{
    Now = Lc.TCSANOW,
    Drain = Lc.TCSADRAIN,
    Flush = Lc.TCSAFLUSH,
}

/// <summary>isatty, tcgetattr/tcsetattr and window size on any fd.</summary>
public static unsafe class Terminal
{
    /// <summary>isatty(3).</summary>
    public static bool IsTty(int fd) => Libc.isatty(fd) == 1;

    /// <summary>TIOCGWINSZ; null if the fd is not a terminal (or the ioctl fails).</summary>
    public static WindowSize? GetWindowSize(int fd)
    {
        WinSize ws;
        if (Libc.ioctl(fd, Lc.TIOCGWINSZ, &ws) == -1) return null;
        return new WindowSize(ws.Col, ws.Row, ws.XPixel, ws.YPixel);
    }

    /// <summary>TIOCSWINSZ (e.g. on a pty master). Throws <see cref="UnixException"/>.</summary>
    public static void SetWindowSize(int fd, WindowSize size)
    {
        WinSize ws = new()
        {
            Col = checked((ushort)size.Columns),
            Row = checked((ushort)size.Rows),
            XPixel = checked((ushort)size.XPixels),
            YPixel = checked((ushort)size.YPixels),
        };
        Libc.Check(Libc.ioctl(fd, Lc.TIOCSWINSZ, &ws), "ioctl(TIOCSWINSZ)");
    }

    /// <summary>tcgetattr(3); null if the fd is not a terminal.</summary>
    public static Termios? GetAttributes(int fd)
    {
        var raw = new byte[Lc.TermiosSize];
        fixed (byte* p = raw)
        {
            if (Libc.tcgetattr(fd, p) == -1) return null;
        }
        return new Termios(raw);
    }

    /// <summary>tcgetattr(3); throws <see cref="UnixException"/> on failure.</summary>
    public static Termios GetAttributesOrThrow(int fd)
    {
        var raw = new byte[Lc.TermiosSize];
        fixed (byte* p = raw) Libc.Check(Libc.tcgetattr(fd, p), "tcgetattr");
        return new Termios(raw);
    }

    /// <summary>tcsetattr(3), retrying EINTR; throws <see cref="UnixException"/> on failure.</summary>
    public static void SetAttributes(int fd, Termios termios, TerminalSetWhen when = TerminalSetWhen.Drain)
    {
        if (!TrySetAttributes(fd, termios, when, out int errno)) throw new UnixException(errno, "tcsetattr");
    }

    internal static bool TrySetAttributes(int fd, Termios termios, TerminalSetWhen when, out int errno)
    {
        fixed (byte* p = termios.Raw)
        {
            while (true)
            {
                if (Libc.tcsetattr(fd, (int)when, p) == 0) { errno = 0; return true; }
                errno = Libc.LastErrno;
                if (errno != Errno.EINTR) return false;
            }
        }
    }

    /// <summary>
    /// The attributes OpenSSH's <c>enter_raw_mode</c> applies: IGNPAR set; ISTRIP INLCR IGNCR ICRNL IXON IXANY IXOFF IUCLC
    /// cleared; ISIG ICANON ECHO ECHOE ECHOK ECHONL IEXTEN cleared; OPOST cleared; VMIN=1, VTIME=0.
    /// </summary>
    public static Termios MakeRaw(Termios original) => original.With(b =>
    {
        uint iflag = BinaryPrimitives.ReadUInt32LittleEndian(b[Lc.OffIflag..]);
        uint oflag = BinaryPrimitives.ReadUInt32LittleEndian(b[Lc.OffOflag..]);
        uint lflag = BinaryPrimitives.ReadUInt32LittleEndian(b[Lc.OffLflag..]);
        iflag |= Lc.IGNPAR;
        iflag &= ~(Lc.ISTRIP | Lc.INLCR | Lc.IGNCR | Lc.ICRNL | Lc.IXON | Lc.IXANY | Lc.IXOFF | Lc.IUCLC);
        lflag &= ~(Lc.ISIG | Lc.ICANON | Lc.ECHO | Lc.ECHOE | Lc.ECHOK | Lc.ECHONL | Lc.IEXTEN);
        oflag &= ~Lc.OPOST;
        BinaryPrimitives.WriteUInt32LittleEndian(b[Lc.OffIflag..], iflag);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Lc.OffOflag..], oflag);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Lc.OffLflag..], lflag);
        b[Lc.OffCc + Lc.VMIN] = 1;
        b[Lc.OffCc + Lc.VTIME] = 0;
    });

    /// <summary>The attributes with ECHO and ECHONL cleared (password prompts, as readpassphrase does).</summary>
    public static Termios WithoutEcho(Termios original) => original.With(b =>
    {
        uint lflag = BinaryPrimitives.ReadUInt32LittleEndian(b[Lc.OffLflag..]);
        lflag &= ~(Lc.ECHO | Lc.ECHONL);
        BinaryPrimitives.WriteUInt32LittleEndian(b[Lc.OffLflag..], lflag);
    });

    /// <summary>
    /// Stops this process as if the user had pressed ^Z (SIGTSTP to ourselves), first restoring every active
    /// <see cref="RawMode"/> to its saved attributes, and re-entering raw mode once the process is continued
    /// — what OpenSSH does for the <c>~^Z</c> escape.
    /// </summary>
    public static void SuspendProcess()
    {
        RawMode.SuspendAll();
        try
        {
            // Process-directed SIGTSTP: stops the whole process (no handler is installed for it unless the
            // application registered one; a registered PosixSignalRegistration runs and then the default stop).
            Libc.kill(Libc.getpid(), Signals.SIGTSTP);
            // Execution continues here after SIGCONT. Give the stop a chance to take effect first: kill() of a
            // process-directed signal stops all threads before this thread returns to user space on Linux.
        }
        finally
        {
            RawMode.ResumeAll();
        }
    }
}
