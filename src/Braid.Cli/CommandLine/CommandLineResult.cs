namespace Braid.Cli.CommandLine;

/// <summary>What the caller must do after parsing ssh's argv.</summary>
public abstract record CommandLineResult
{
    /// <summary>
    /// Lines ssh prints to stderr while parsing but carries on (unreadable -i files), to
    /// print first, each followed by "\n". Set on every kind of result.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Arguments are good: run (or -G dump) with this.</summary>
public sealed record CommandLineParsed(ParsedCommandLine CommandLine) : CommandLineResult;

/// <summary>
/// <c>-V</c>: print "version, crypto-library" to stderr and exit 0. Like OpenSSH, parsing
/// stops here, so later bad arguments are not reported.
/// </summary>
public sealed record CommandLineVersionRequested : CommandLineResult;

/// <summary>
/// <c>-Q</c>: print the named list to stdout, one per line, and exit 0. <see cref="Query"/>
/// is the canonical query name (aliases such as "Ciphers" are mapped to "cipher"); for
/// "help" the text is <see cref="QueryNames.HelpText"/>.
/// </summary>
public sealed record CommandLineQueryRequested(string Query) : CommandLineResult;

/// <summary>
/// Bad arguments: write <see cref="StandardError"/> exactly (it carries its own line
/// ends, "\r\n" for OpenSSH fatal() messages, "\n" otherwise) and exit with ExitCode.
/// </summary>
public sealed record CommandLineFailed(string StandardError, int ExitCode = 255) : CommandLineResult;
