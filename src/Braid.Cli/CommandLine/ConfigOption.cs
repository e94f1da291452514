namespace Braid.Cli.CommandLine;

/// <summary>
/// One configuration setting implied by the command line, as an ssh_config keyword and
/// its value. The list of these is ordered so that applying them first-wins (like
/// ssh_config) before the config files reproduces OpenSSH's result.
/// </summary>
/// <remarks>
/// Values are single arguments with no config quoting, except the two-argument forwarding
/// keywords (LocalForward/RemoteForward), whose value is "listen connect" with each part
/// double-quoted if it contains whitespace, quotes or backslashes. Values of <c>-o</c> are
/// the text after the keyword, verbatim (the config layer tokenizes and validates them).
/// </remarks>
public readonly record struct ConfigOption(string Keyword, string Value)
{
    /// <summary>True when this came from <c>-o</c> rather than a dedicated flag.</summary>
    public bool FromDashO { get; init; }

    public override string ToString() => Keyword + " " + Value;
}
