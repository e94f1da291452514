namespace Braid.Integration.Tests.Mux;

/// <summary>Many passengers at once on one Braid master (sshd MaxSessions 200).</summary>
public class ConcurrencyTests(ManySessionsMuxFixture f) : IClassFixture<ManySessionsMuxFixture>
{
    [Fact]
    public async Task HundredConcurrentPassengersEachGetTheirOwnOutputAndExitCode()
    {
        await using var m = await f.StartMasterAsync(Tool.Braid);
        int mark = f.LogMark();
        var runs = Enumerable.Range(1, 100)
            .Select(i => f.Run(Tool.Braid, "-S", m.Path, "h", $"echo {i}; exit $(({i} % 7))"))
            .ToArray();
        var results = await Task.WhenAll(runs);
        var wrong = new List<string>();
        for (int i = 1; i <= 100; i++)
        {
            var r = results[i - 1];
            if (r.ExitCode != i % 7 || r.Stdout != $"{i}\n")
                wrong.Add($"#{i}: rc={r.ExitCode} stdout='{r.Stdout.TrimEnd()}' stderr='{r.Stderr.TrimEnd()}'");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Empty(f.LoginsBesides(m, mark)); // none fell back to a connection of its own
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
    }
}
