using System.Globalization;

namespace Braid.Integration.Tests.Fixtures;

/// <summary>
/// A process named by its PID and its start time (field 22 of /proc/PID/stat). The suite starts tens of
/// thousands of processes and pid_max may be 32768, so a PID remembered for minutes (a master's, from
/// -O check) can name someone else's process by the time it is used; signals go only to the same process.
/// </summary>
public readonly record struct ProcessStamp(int Pid, long StartTicks)
{
    /// <summary>The process now running under this PID, or null when there is none.</summary>
    public static ProcessStamp? Of(int pid) => StartOf(pid) is { } t ? new ProcessStamp(pid, t) : null;

    /// <summary>True while this very process is running (not a zombie, not a later process with its PID).</summary>
    public bool IsAlive => StartOf(Pid) == StartTicks && Mux.MuxFixture.IsAlive(Pid);

    /// <summary>SIGTERM, only if the PID still names this process.</summary>
    public void Terminate() => Signal("-TERM");

    /// <summary>SIGKILL, only if the PID still names this process.</summary>
    public void Kill() => Signal("-KILL");

    private void Signal(string sig)
    {
        if (!IsAlive) return;
        try { SshdServer.Run("kill", sig, Pid.ToString(CultureInfo.InvariantCulture)); }
        catch (InvalidOperationException) { } // gone meanwhile
    }

    private static long? StartOf(int pid)
    {
        string stat;
        try { stat = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        // Fields after the ")" that ends the command name: state is field 3, starttime field 22.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out long t) ? t : null;
    }
}
