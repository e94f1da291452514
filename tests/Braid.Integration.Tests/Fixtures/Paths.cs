namespace Braid.Integration.Tests.Fixtures;

public static class Paths
{
    /// <summary>The repository root (the folder holding Braid.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "Braid.slnx"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The native executable under test: $BRAID_BIN or out/braid (scripts/test.sh builds it first).</summary>
    public static string Braid
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("BRAID_BIN");
            var p = !string.IsNullOrEmpty(env) ? env : Path.Combine(RepoRoot, "out", "braid");
            if (!File.Exists(p)) throw new InvalidOperationException($"{p} not found: run scripts/build.sh first");
            return p;
        }
    }
}
