namespace Braid.Config;

/// <summary>
/// What ssh would print on stderr while resolving the configuration. Like ssh's logger it drops
/// messages above the current LogLevel: errors need ERROR or more, fatal messages anything but
/// QUIET. The level starts as the command line's (or INFO) and becomes the configured one once
/// the configuration is complete, as ssh.c re-initialises its log there.
/// </summary>
internal sealed class DiagnosticLog
{
    private const int Fatal = 1, Error = 2, Info = 3;
    private readonly List<string> _lines = [];

    /// <summary>Current LogLevel value (0 QUIET … 7 DEBUG3).</summary>
    public int Threshold { get; set; } = Info;

    /// <summary>An error-level message.</summary>
    public void Add(string message)
    {
        if (Threshold >= Error) _lines.Add(message);
    }

    /// <summary>A fatal message (printed unless QUIET).</summary>
    public void AddFatal(string message)
    {
        if (Threshold >= Fatal) _lines.Add(message);
    }

    /// <summary>The printed lines, vis-encoded as ssh's logger does.</summary>
    public List<string> Output() => _lines.Select(LogVis.Encode).ToList();
}
