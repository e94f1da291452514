namespace Braid.Cli.CommandLine;

/// <summary>
/// The destination argument as written: <c>host</c>, <c>user@host</c> or
/// <c>ssh://[user@]host[:port]</c>. User and Port are what the argument itself said;
/// whether they win over -l/-p/-o is already decided in <see cref="ParsedCommandLine.Options"/>.
/// </summary>
public sealed record Destination(string? User, string Host, int? Port, bool IsUri);
