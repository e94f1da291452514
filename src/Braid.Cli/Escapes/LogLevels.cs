namespace Braid.Cli.Escapes;

/// <summary>
/// OpenSSH's SYSLOG_LEVEL_* values (0 = QUIET … 7 = DEBUG3) and the names log_level_name()
/// prints for them in the ~v/~V echo; /usr/bin/ssh 9.2 prints QUIET as "SILENT" and
/// DEBUG1 as "DEBUG" (seen in its ssh -G output, which uses the same function).
/// </summary>
public static class LogLevels
{
    public const int Quiet = 0, Fatal = 1, Error = 2, Info = 3, Verbose = 4, Debug1 = 5, Debug2 = 6, Debug3 = 7;

    private static readonly string[] Names = ["SILENT", "FATAL", "ERROR", "INFO", "VERBOSE", "DEBUG", "DEBUG2", "DEBUG3"];

    public static string Name(int level) => level >= 0 && level < Names.Length ? Names[level] : "UNKNOWN";
}
