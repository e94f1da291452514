namespace Braid.Integration.Tests.Fixtures;

/// <summary>
/// Evidence for docs/reliability.md: hardening tests append one tab-separated line per thing tried
/// (section, what, result, detail) to $BRAID_RELIABILITY_DIR/SECTION.tsv (default out/reliability/),
/// and scripts/reliability.sh turns the lines into the document. Nothing here decides a test's outcome.
/// </summary>
public static class ReliabilityRecord
{
    private static readonly object Gate = new();

    public static string Directory
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("BRAID_RELIABILITY_DIR");
            return !string.IsNullOrEmpty(env) ? env : Path.Combine(Paths.RepoRoot, "out", "reliability");
        }
    }

    /// <param name="section">fuzz, fault, load or security</param>
    public static void Write(string section, string what, string result, string detail = "")
    {
        static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
        var line = $"{Clean(section)}\t{Clean(what)}\t{Clean(result)}\t{Clean(detail)}\n";
        lock (Gate)
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.AppendAllText(Path.Combine(Directory, section + ".tsv"), line);
        }
    }
}
