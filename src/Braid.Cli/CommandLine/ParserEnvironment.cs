namespace Braid.Cli.CommandLine;

/// <summary>
/// The few facts about the machine the parser needs, injectable so parsing stays a pure
/// function in tests: the home directory (for -i ~/...), whether a file exists (ssh warns
/// about and drops unreadable -i files), TCP service names (a2port), and the algorithm
/// names -c/-m are checked against.
/// </summary>
public sealed record ParserEnvironment
{
    public required string HomeDirectory { get; init; }
    public required Func<string, bool> FileExists { get; init; }
    public required Func<string, int?> LookupTcpService { get; init; }
    public IReadOnlySet<string> KnownCiphers { get; init; } = AlgorithmNames.OpenSshCiphers;
    public IReadOnlySet<string> KnownMacs { get; init; } = AlgorithmNames.OpenSshMacs;

    /// <summary>The real machine: $HOME, the file system, /etc/services.</summary>
    public static ParserEnvironment FromSystem() => new()
    {
        HomeDirectory = Environment.GetEnvironmentVariable("HOME")
            ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        FileExists = path => File.Exists(path) || Directory.Exists(path),
        LookupTcpService = ServiceNames.LookupTcp,
    };
}
