namespace Braid.Cli.CommandLine;

/// <summary>Everything a successful parse of ssh's argv produced, as plain data.</summary>
public sealed class ParsedCommandLine
{
    public required Destination Destination { get; init; }

    /// <summary>The remote command words after the destination (empty when none).</summary>
    public required IReadOnlyList<string> CommandWords { get; init; }

    /// <summary>The remote command as OpenSSH builds it: the words joined by single spaces; null when none.</summary>
    public string? Command => CommandWords.Count == 0 ? null : string.Join(' ', CommandWords);

    /// <summary>Config settings implied by flags, in first-wins order (apply before config files).</summary>
    public required IReadOnlyList<ConfigOption> Options { get; init; }

    /// <summary><c>-F</c>: the user config file to read instead of ~/.ssh/config and the system one ("none" = none).</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>-E</c>: append debug logs to this file instead of stderr.</summary>
    public string? LogFile { get; init; }

    /// <summary><c>-y</c>: log to syslog.</summary>
    public bool LogToSyslog { get; init; }

    /// <summary><c>-G</c>: print the evaluated configuration and exit.</summary>
    public bool DumpConfiguration { get; init; }

    /// <summary><c>-O</c>: a control command for a multiplexing master.</summary>
    public MultiplexCommand? MultiplexCommand { get; init; }

    /// <summary><c>-W</c>: forward stdin/stdout to this target.</summary>
    public StdioForward? StdioForward { get; init; }

    /// <summary>
    /// OpenSSH's debug_flag: the number of effective <c>-v</c> (1..3; ProxyJump passes it on
    /// as -v, -vv, -vvv).
    /// </summary>
    public int Verbosity { get; init; }
}
