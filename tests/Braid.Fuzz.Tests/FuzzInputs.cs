namespace Braid.Fuzz.Tests;

/// <summary>The committed fuzz inputs: seeds (fuzz/corpus/TARGET/) and crash reproducers (fuzz/regressions/TARGET/).</summary>
internal static class FuzzInputs
{
    public static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Braid.slnx"))) return d.FullName;
        throw new InvalidOperationException("Braid.slnx not found above " + AppContext.BaseDirectory);
    }

    public static IEnumerable<string> Files(string kind, string target)
    {
        var dir = Path.Combine(RepoRoot, "fuzz", kind, target);
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal) : [];
    }

    /// <summary>(target, path relative to fuzz/) for every committed input of that kind.</summary>
    public static TheoryData<string, string> All(string kind)
    {
        var data = new TheoryData<string, string>();
        foreach (var t in FuzzTargets.All)
            foreach (var f in Files(kind, t.Name))
                data.Add(t.Name, Path.GetRelativePath(Path.Combine(RepoRoot, "fuzz"), f));
        return data;
    }
}
