using System.Diagnostics;
using Braid.Unix;

namespace Braid.Cli.Background;

/// <summary>
/// Going to the background without fork(2), which .NET cannot do safely: the foreground process starts a
/// copy of itself with the same arguments, attached to the same terminal so that prompts work; the copy
/// connects and authenticates, then detaches (setsid, stdio to /dev/null as asked) and writes one byte
/// on an inherited pipe. The foreground process waits for that byte — or for the pipe to close, which
/// means the copy failed and has already said why.
/// </summary>
internal static class BackgroundLauncher
{
    public const string ReadyFdVariable = "BRAID_BACKGROUND_READY_FD";
    public const string RoleVariable = "BRAID_BACKGROUND_ROLE";
    /// <summary>ControlPersist: the copy becomes the master and runs no session of its own.</summary>
    public const string RoleMaster = "master";
    /// <summary>-f: the copy connects, authenticates and goes on with the session in the background.</summary>
    public const string RoleFork = "fork";

    /// <summary>In the copy: which role it was started for ("fork" for -f, "master" for ControlPersist), or null.</summary>
    public static string? Role => Environment.GetEnvironmentVariable(RoleVariable);

    /// <summary>Starts the copy and waits until it is ready. Returns (ready, pid, exit code if it died).</summary>
    public static (bool Ready, int Pid, int ExitCode) Launch(string role, string[] args, IEnumerable<(string, string)>? extraEnv = null)
    {
        var (readFd, writeFd) = Posix.Pipe();
        // The write end must survive exec in the child (it is the only fd we hand over besides 0/1/2).
        Posix.SetCloseOnExec(writeFd, false);
        var psi = new ProcessStartInfo(Environment.ProcessPath ?? "braid") { UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment[ReadyFdVariable] = writeFd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment[RoleVariable] = role;
        if (extraEnv != null) foreach (var (k, v) in extraEnv) psi.Environment[k] = v;
        Process child;
        try
        {
            child = Process.Start(psi) ?? throw new InvalidOperationException("could not start the background process");
        }
        finally
        {
            Posix.Close(writeFd);
        }
        var buf = new byte[1];
        int n;
        try { n = Posix.Read(readFd, buf); }
        finally { Posix.Close(readFd); }
        if (n == 1) return (true, child.Id, 0);
        child.WaitForExit();
        return (false, child.Id, child.ExitCode);
    }

    /// <summary>In the copy, once authenticated: leave the terminal's session, detach stdio, tell the parent.</summary>
    public static void Detach(bool keepStdout)
    {
        try { Posix.Setsid(); } catch (UnixException) { /* already a session leader */ }
        Posix.RedirectStdioToDevNull(stdin: true, stdout: !keepStdout, stderr: !keepStdout);
        SignalReady();
    }

    public static void SignalReady()
    {
        var s = Environment.GetEnvironmentVariable(ReadyFdVariable);
        if (s == null || !int.TryParse(s, out int fd)) return;
        Environment.SetEnvironmentVariable(ReadyFdVariable, null);
        Environment.SetEnvironmentVariable(RoleVariable, null);
        try
        {
            Posix.WriteAll(fd, [1]);
            Posix.Close(fd);
        }
        catch (UnixException) { }
    }
}
