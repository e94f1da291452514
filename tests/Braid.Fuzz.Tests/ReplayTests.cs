namespace Braid.Fuzz.Tests;

/// <summary>Every committed fuzz input goes through its target again: a parser change that makes any of
/// them throw an undocumented exception (or hang) fails here, without running the fuzzer.</summary>
public class ReplayTests
{
    public static TheoryData<string, string> Seeds => FuzzInputs.All("corpus");
    public static TheoryData<string, string> Regressions => FuzzInputs.All("regressions");

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SeedIsHandled(string target, string file) => Replay(target, file);

    [Theory]
    [MemberData(nameof(Regressions))]
    public void FormerCrashIsHandled(string target, string file) => Replay(target, file);

    [Fact]
    public void EveryTargetHasSeeds()
    {
        foreach (var t in FuzzTargets.All)
            Assert.True(FuzzInputs.Files("corpus", t.Name).Any(), $"fuzz/corpus/{t.Name}/ has no seeds");
    }

    [Fact]
    public void EveryInputFolderNamesATarget()
    {
        foreach (var kind in new[] { "corpus", "regressions" })
        {
            var dir = Path.Combine(FuzzInputs.RepoRoot, "fuzz", kind);
            if (!Directory.Exists(dir)) continue;
            foreach (var d in Directory.GetDirectories(dir))
                Assert.True(FuzzTargets.Find(Path.GetFileName(d)) != null, $"fuzz/{kind}/{Path.GetFileName(d)} is not a target");
        }
    }

    private static void Replay(string target, string file)
    {
        var t = FuzzTargets.Find(target)!;
        t.Run(File.ReadAllBytes(Path.Combine(FuzzInputs.RepoRoot, "fuzz", file)));
    }
}
