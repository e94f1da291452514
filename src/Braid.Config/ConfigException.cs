namespace Braid.Config;

/// <summary>
/// A configuration failure, carrying the exact lines OpenSSH would have printed on stderr before
/// exiting with status 255 (e.g. "cfg: line 3: Bad configuration option: foo" then
/// "cfg: terminating, 1 bad configuration options").
/// </summary>
public sealed class ConfigException : Exception
{
    /// <remarks>
    /// <see cref="Exception.Message"/> is the text ssh writes to stderr: every line ends in "\r\n",
    /// the framing OpenSSH's log functions use on stderr.
    /// </remarks>
    public ConfigException(IReadOnlyList<string> lines)
        : base(string.Concat(lines.Select(l => l + "\r\n"))) => Lines = lines;

    public ConfigException(string line) : this([line]) { }

    /// <summary>The diagnostic lines, in order, without line terminators.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The process exit status ssh uses for these failures.</summary>
    public int ExitStatus => 255;
}
