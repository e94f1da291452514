namespace Braid.Fuzz;

/// <summary>A private temporary folder for this process (sockets, a config file), removed when the process
/// exits normally. A fuzzing child killed by afl-fuzz cannot clean up, so scripts/fuzz.sh points TMPDIR
/// into fuzz/out/ for its runs.</summary>
internal static class ProcessTempDir
{
    public static string Create(string purpose)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"braid-fuzz-{purpose}-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return dir;
    }
}
