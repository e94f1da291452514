namespace Braid.Cli.CommandLine;

/// <summary>
/// The target of <c>-W host:port</c>. Host is null when only a port was given (OpenSSH
/// accepts that); Path is set instead of Host/Port for a Unix-socket path.
/// </summary>
public sealed record StdioForward(string? Host, int Port, string? Path);
