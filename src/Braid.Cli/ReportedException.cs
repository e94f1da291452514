namespace Braid.Cli;

/// <summary>A failure whose message has already been printed (e.g. "Host key verification failed."): exit 255 quietly.</summary>
internal sealed class ReportedException(int exitCode = 255) : Exception("already reported")
{
    public int ExitCode { get; } = exitCode;
}
