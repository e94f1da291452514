namespace Braid.Cli.Escapes;

/// <summary>What an escape sequence asks the session to do.</summary>
public enum EscapeActionKind
{
    /// <summary>~. — close the connection (a multiplexed session closes only its own channel).</summary>
    Disconnect,
    /// <summary>~B — send a "break" channel request (OpenSSH uses 1000 ms).</summary>
    SendBreak,
    /// <summary>~R — start a key re-exchange (OpenSSH logs "Server does not support re-keying" for buggy peers).</summary>
    Rekey,
    /// <summary>~^Z — restore the terminal and suspend ssh (SIGTSTP); not for multiplexed sessions.</summary>
    Suspend,
    /// <summary>~&amp; — stop listening, restore the terminal, fork and let the parent exit 0; not for multiplexed sessions.</summary>
    Background,
    /// <summary>~# — write the open-channels list to stderr at this point.</summary>
    ListForwards,
    /// <summary>~? — the help text is already in the stderr output; nothing else to do.</summary>
    Help,
    /// <summary>~C — open the ssh&gt; command line (only when EnableEscapeCommandline is on).</summary>
    CommandLine,
    /// <summary>~v / ~V — the log level changed to <see cref="EscapeAction.LogLevel"/>.</summary>
    LogLevelChanged,
}

/// <summary>
/// One recognised escape. The offsets say where the result's ToRemote and ToStderr
/// buffers stood right after the escape's own echo, so a caller can write up to there,
/// act, then go on (e.g. ~# must print the channel list right after "~#\r\n", before any
/// later output of the same read).
/// </summary>
public readonly record struct EscapeAction(EscapeActionKind Kind, int RemoteOffset, int StderrOffset)
{
    /// <summary>For <see cref="EscapeActionKind.LogLevelChanged"/>: the new level (see <see cref="LogLevels"/>).</summary>
    public int LogLevel { get; init; }
}
