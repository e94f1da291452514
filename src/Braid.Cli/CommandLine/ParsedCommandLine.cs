namespace Braid.Cli.CommandLine;

/// <summary>What the command line asks for, before ssh_config is read.</summary>
public sealed class ParsedCommandLine
{
    /// <summary>The destination host as typed (after "user@" and ssh:// are taken apart); null with -V/-Q.</summary>
    public string? Host { get; set; }
    /// <summary>The remote command: the remaining words joined by single spaces (as OpenSSH does).</summary>
    public string Command { get; set; } = "";
    /// <summary>
    /// Settings for the config layer, applied before any file (so they win), in OpenSSH's effective order:
    /// flags that ssh assigns directly (-A, -X, -C, -4 …) first, already resolved (the last such flag wins),
    /// then -o, -p, -l, -i, -L … and the destination's user/port, first value winning.
    /// </summary>
    public List<(string Keyword, string Value)> Options { get; } = [];
    public string? ConfigFile { get; set; }
    public string? LogFile { get; set; }
    public bool ShowVersion { get; set; }
    public bool DumpConfig { get; set; }
    public string? Query { get; set; }
    public string? ControlCommand { get; set; }
    public string? StdioForward { get; set; }
    public int Verbosity { get; set; }
    public bool Quiet { get; set; }
    public bool LogToSyslog { get; set; }
    /// <summary>Identity files from -i that did not exist (OpenSSH warns and drops them).</summary>
    public List<string> MissingIdentityFiles { get; } = [];
}

/// <summary>A command line ssh would reject: the message to print (if any), then the usage text, exit 255.</summary>
public sealed class CommandLineException(string? message, bool showUsage = true) : Exception(message ?? "usage")
{
    public string? UserMessage { get; } = message;
    public bool ShowUsage { get; } = showUsage;
}
