namespace Braid.Ssh.Logging;

/// <summary>ssh_config LogLevel values, in OpenSSH's order.</summary>
public enum LogLevel { Quiet, Fatal, Error, Info, Verbose, Debug1, Debug2, Debug3 }

/// <summary>
/// A tiny logger that writes lines the way OpenSSH does ("debug1: …") to stderr or an -E file.
/// Secrets never reach it: callers log names, sizes and fingerprints, never key or password bytes.
/// </summary>
public sealed class SshLog
{
    private readonly object _lock = new();
    public LogLevel Level { get; set; }
    public TextWriter Output { get; set; }
    /// <summary>Set while the local terminal is in raw mode (kept for callers that print outside the log).</summary>
    public bool RawTerminal { get; set; }

    public SshLog(LogLevel level, TextWriter output) { Level = level; Output = output; }

    public static SshLog Silent { get; } = new(LogLevel.Quiet, TextWriter.Null);

    public bool IsEnabled(LogLevel level) => level <= Level;

    public void Write(LogLevel level, string message)
    {
        if (!IsEnabled(level)) return;
        string prefix = level switch
        {
            LogLevel.Debug1 => "debug1: ",
            LogLevel.Debug2 => "debug2: ",
            LogLevel.Debug3 => "debug3: ",
            _ => "",
        };
        lock (_lock)
        {
            // OpenSSH's log.c ends every stderr line with CR LF (the terminal may be in raw mode); scripts compare these.
            // Newlines inside one message stay bare, as in OpenSSH (several lines from one call).
            Output.Write(prefix + message + "\r\n");
            Output.Flush();
        }
    }

    public void Error(string m) => Write(LogLevel.Error, m);
    public void Info(string m) => Write(LogLevel.Info, m);
    public void Verbose(string m) => Write(LogLevel.Verbose, m);
    public void Debug(string m) => Write(LogLevel.Debug1, m);
    public void Debug2(string m) => Write(LogLevel.Debug2, m);
    public void Debug3(string m) => Write(LogLevel.Debug3, m);
}
