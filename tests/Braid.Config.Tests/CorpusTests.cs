namespace Braid.Config.Tests;

/// <summary>
/// Every file in Corpus/ is run through `ssh -G` and through Braid; stdout must be identical line by
/// line, and so must the exit status and the diagnostics on stderr.
/// </summary>
public class CorpusTests
{
    /// <summary>
    /// Lines allowed to differ, with the reason. Empty: with OpenSSH 9.2's algorithm lists passed in
    /// as <see cref="ConfigDefaults.OpenSsh92"/>, every line matches.
    /// </summary>
    private static readonly Dictionary<string, string> Exemptions = new();

    public static TheoryData<string> Cases()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(dir, "*.cfg").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOpenSsh(string name)
    {
        using var c = OracleHarness.Prepare(Path.Combine(AppContext.BaseDirectory, "Corpus", name));
        var expected = OracleHarness.RunSsh(c);
        var actual = OracleHarness.RunBraid(c);

        Assert.Equal(expected.ExitCode, actual.ExitCode);
        Assert.Equal(expected.StderrLines, actual.StderrLines);
        var exp = expected.Stdout.Split('\n');
        var act = actual.Stdout.Split('\n');
        var diffs = new List<string>();
        for (int i = 0; i < Math.Max(exp.Length, act.Length); i++)
        {
            var e = i < exp.Length ? exp[i] : "<missing>";
            var a = i < act.Length ? act[i] : "<missing>";
            if (e == a) continue;
            var key = e.Split(' ')[0];
            if (Exemptions.ContainsKey(key)) continue;
            diffs.Add($"line {i + 1}:\n  ssh:   {e}\n  braid: {a}");
        }
        Assert.True(diffs.Count == 0, string.Join('\n', diffs));
    }

    [Fact]
    public void CorpusIsLargeEnough() => Assert.True(Cases().Count >= 40);
}
