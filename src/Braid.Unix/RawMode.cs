using System.Runtime.InteropServices;

namespace Braid.Unix;

/// <summary>
/// A terminal in raw mode (OpenSSH <c>enter_raw_mode</c> semantics, TCSADRAIN). Dispose (or <see cref="Leave"/>)
/// restores the saved attributes; restoring is idempotent. While any RawMode is active, SIGTERM, SIGINT,
/// SIGHUP and SIGQUIT restore the terminal before the default action (set <see cref="RestoreOnTerminationSignals"/>
/// to false to opt out), and so does process exit.
/// </summary>
public sealed class RawMode : IDisposable
{
    private static readonly object s_gate = new();
    private static readonly List<RawMode> s_active = new();
    private static PosixSignalRegistration[]? s_termRegs;
    private static PosixSignalRegistration[]? s_jobRegs;
    private static bool s_exitHooked;

    private readonly Termios _raw;
    private int _state; // 0 = raw, 1 = suspended (cooked, will resume), 2 = left for good

    private RawMode(int fd, Termios saved, Termios raw)
    {
        Fd = fd;
        Saved = saved;
        _raw = raw;
    }

    /// <summary>The terminal fd.</summary>
    public int Fd { get; }

    /// <summary>The attributes in force before raw mode was entered (what restore applies).</summary>
    public Termios Saved { get; }

    /// <summary>True while the terminal is in raw mode (not left, not suspended).</summary>
    public bool IsRaw => Volatile.Read(ref _state) == 0;

    /// <summary>When true (default), termination signals restore every active RawMode. Read when a signal arrives.</summary>
    public static bool RestoreOnTerminationSignals { get; set; } = true;

    /// <summary>Enters raw mode on <paramref name="fd"/>; throws <see cref="UnixException"/> (ENOTTY if not a terminal).</summary>
    public static RawMode Enter(int fd = 0)
    {
        var saved = Terminal.GetAttributesOrThrow(fd);
        var raw = Terminal.MakeRaw(saved);
        var mode = new RawMode(fd, saved, raw);
        lock (s_gate)
        {
            EnsureHandlers();
            Terminal.SetAttributes(fd, raw, TerminalSetWhen.Drain);
            s_active.Add(mode);
        }
        return mode;
    }

    /// <summary>Like <see cref="Enter"/> but returns null instead of throwing (OpenSSH's quiet mode).</summary>
    public static RawMode? TryEnter(int fd = 0)
    {
        try { return Enter(fd); }
        catch (UnixException) { return null; }
    }

    /// <summary>Restores the saved attributes for good. Idempotent; never throws.</summary>
    public void Leave()
    {
        lock (s_gate)
        {
            if (_state == 2) return;
            _state = 2;
            s_active.Remove(this);
            Terminal.TrySetAttributes(Fd, Saved, TerminalSetWhen.Drain, out _);
        }
    }

    public void Dispose() => Leave();

    /// <summary>Temporarily restores the saved attributes (e.g. before stopping on SIGTSTP, or to prompt).</summary>
    public void Suspend()
    {
        lock (s_gate)
        {
            if (_state != 0) return;
            _state = 1;
            Terminal.TrySetAttributes(Fd, Saved, TerminalSetWhen.Drain, out _);
        }
    }

    /// <summary>Re-enters raw mode after <see cref="Suspend"/>. No-op if left or not suspended.</summary>
    public void Resume()
    {
        lock (s_gate)
        {
            if (_state != 1) return;
            _state = 0;
            Terminal.TrySetAttributes(Fd, _raw, TerminalSetWhen.Drain, out _);
        }
    }

    /// <summary>Suspends every active RawMode.</summary>
    public static void SuspendAll()
    {
        lock (s_gate) foreach (var m in s_active) m.Suspend();
    }

    /// <summary>Resumes every suspended RawMode.</summary>
    public static void ResumeAll()
    {
        lock (s_gate) foreach (var m in s_active) m.Resume();
    }

    /// <summary>Leaves every active RawMode (restores saved attributes).</summary>
    public static void LeaveAll()
    {
        lock (s_gate)
        {
            foreach (var m in s_active.ToArray()) m.Leave();
        }
    }

    /// <summary>
    /// Installs SIGTSTP/SIGTTIN/SIGTTOU handlers that restore cooked mode before the process stops, and a SIGCONT
    /// handler that re-enters raw mode. Idempotent. Only needed if something other than the terminal (which has
    /// ISIG off in raw mode) may send the process a stop signal.
    /// </summary>
    public static void EnableJobControlHandling()
    {
        lock (s_gate)
        {
            if (s_jobRegs != null || OperatingSystem.IsWindows()) return;
            s_jobRegs =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGTSTP, _ => SuspendAll()),
                PosixSignalRegistration.Create(PosixSignal.SIGTTIN, _ => SuspendAll()),
                PosixSignalRegistration.Create(PosixSignal.SIGTTOU, _ => SuspendAll()),
                PosixSignalRegistration.Create(PosixSignal.SIGCONT, _ => ResumeAll()),
            ];
        }
    }

    internal static int ActiveCount
    {
        get { lock (s_gate) return s_active.Count; }
    }

    internal static void EnsureSignalHandlers()
    {
        lock (s_gate) EnsureHandlers();
    }

    private static void EnsureHandlers()
    {
        if (s_termRegs == null)
        {
            // Handlers do not cancel: the default action (termination) still happens unless the application's own
            // registration cancels it.
            static void OnSignal(PosixSignalContext _)
            {
                if (RestoreOnTerminationSignals) TerminalRestore.RestoreAll();
            }
            s_termRegs =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
            ];
        }
        if (!s_exitHooked)
        {
            s_exitHooked = true;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TerminalRestore.RestoreAll();
        }
    }

    internal static void RestoreAllFromSignal()
    {
        // Called from a signal-handling thread: take the lock so we do not race Enter/Leave.
        lock (s_gate)
        {
            foreach (var m in s_active.ToArray()) m.Leave();
        }
    }
}

/// <summary>Everything that must be put back when the process is killed: raw modes and echo-off prompts.</summary>
internal static class TerminalRestore
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<int, (int Fd, Termios Saved)> s_prompts = new();
    private static int s_next;

    internal static void RestoreAll()
    {
        RawMode.RestoreAllFromSignal();
        lock (s_gate)
        {
            foreach (var (fd, saved) in s_prompts.Values)
                Terminal.TrySetAttributes(fd, saved, TerminalSetWhen.Flush, out _);
        }
    }

    internal static int Register(int fd, Termios saved)
    {
        lock (s_gate)
        {
            int id = ++s_next;
            s_prompts[id] = (fd, saved);
            return id;
        }
    }

    internal static void Unregister(int id)
    {
        lock (s_gate) s_prompts.Remove(id);
    }
}
