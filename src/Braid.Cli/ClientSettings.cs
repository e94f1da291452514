using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>RequestTTY as ssh_config(5) defines it, with -t/-tt/-T folded in.</summary>
public enum TtyRequest { Auto, No, Yes, Force }

/// <summary>SessionType: -N is None, -s is Subsystem.</summary>
public enum SessionKind { Default, None, Subsystem }

/// <summary>
/// What the client acts on once argv and ssh_config are resolved. Kept apart from the config library
/// so the session code reads plain, typed values.
/// </summary>
public sealed class ClientSettings
{
    /// <summary>The destination as typed (the alias).</summary>
    public required string Host { get; init; }
    /// <summary>HostName after expansion: what we connect to and what messages name.</summary>
    public required string HostName { get; init; }
    public required int Port { get; init; }
    public required string User { get; init; }
    /// <summary>The remote command (words joined by spaces), or empty for a shell.</summary>
    public string Command { get; init; } = "";
    public TtyRequest RequestTty { get; init; } = TtyRequest.Auto;
    public SessionKind SessionType { get; init; }
    public bool StdinNull { get; init; }
    public bool ForkAfterAuthentication { get; init; }
    /// <summary>The escape character, or null for none.</summary>
    public char? EscapeChar { get; init; } = '~';
    public IReadOnlyList<string> SendEnv { get; init; } = [];
    public IReadOnlyList<string> SetEnv { get; init; } = [];
    public LogLevel LogLevel { get; init; } = LogLevel.Info;
    public string? LogFile { get; init; }
    public bool ForwardAgent { get; init; }
    public string? RemoteCommand { get; init; }
}
