using System.Diagnostics;
using System.Globalization;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Load;

/// <summary>
/// The shape shared by the session soak tests: a fresh ControlPersist master, a warm-up of the same shape
/// as the load, the load, then every session checked and the master's fds and VmRSS compared with the
/// baseline taken after the warm-up. The warm-up matters: what a master keeps after serving sessions —
/// the thread pool (each worker with its stack and malloc arena), and the shared ArrayPool's cached buffers (about one 32 KB buffer per stream of
/// the most sessions ever open at once, released only slowly) — is sized by the peak concurrency, and
/// is a cache, not a leak; the load must not add to it. The figures go to the reliability record whether
/// or not the test passes.
/// </summary>
public static class SessionSoak
{
    /// <summary>Sessions run, one after another, before the sequential load's baseline: enough for the thread
    /// pool to grow most of the way to what a steady stream of sessions keeps (50 or 300 are not).</summary>
    public const int WarmUpSessions = 1000;
    public const double Slack = 0.10;
    /// <summary>How long the master is left alone before each measurement, before and after the load alike: two
    /// seconds into a quiet spell it collects its garbage and lets go of unused code pages (MasterRunner).</summary>
    public static readonly TimeSpan IdleMaster = TimeSpan.FromSeconds(5);

    /// <param name="warmUp">the bash loop run before the baseline, given the passenger command</param>
    /// <param name="load">the bash loop measured, given the passenger command</param>
    public static async Task RunAsync(LoadFixture f, string what, int sessions, Func<string, string> warmUp, Func<string, string> load)
    {
        await using var m = await f.StartPersistentMasterAsync();
        var passenger = f.Passenger(m);

        var warm = await f.BashAsync(warmUp(passenger), TimeSpan.FromMinutes(5));
        Assert.True(SessionLoops.Failures(warm.Stdout).Count == 0, "warm-up failed:\n" + warm.Stdout);
        await Task.Delay(IdleMaster);
        var before = MasterFootprint.Read(m.Pid);
        int mark = f.LogMark();

        var clock = Stopwatch.StartNew();
        var run = await f.BashAsync(load(passenger), TimeSpan.FromMinutes(60));
        clock.Stop();
        // "Back within 10 %": the master settles over its first idle seconds (collection, page release,
        // pool workers going back to sleep), so the footprint is read until it is back, for at most 30 s.
        await Task.Delay(IdleMaster);
        var after = MasterFootprint.Read(m.Pid);
        for (int i = 0; i < 30 && !after.WithinOf(before, Slack); i++)
        {
            await Task.Delay(1000);
            after = MasterFootprint.Read(m.Pid);
        }

        var failures = SessionLoops.Failures(run.Stdout);
        var ownLogins = f.LoginsBesides(m, mark);
        bool footprintOk = after.WithinOf(before, Slack);
        var result = failures.Count > 0 ? $"{failures.Count} wrong"
            : ownLogins.Count > 0 ? $"{ownLogins.Count} bypassed the master"
            : !footprintOk ? "footprint grew"
            : "all correct";
        ReliabilityRecord.Write("load", what, result, string.Create(CultureInfo.InvariantCulture,
            $"{MasterFootprint.Describe(before, after)}, {clock.Elapsed.TotalSeconds:0} s ({sessions / clock.Elapsed.TotalSeconds:0} sessions/s)"));

        Assert.True(failures.Count == 0, $"{failures.Count} of {sessions} sessions wrong:\n" + string.Join("\n", failures.Take(20)));
        Assert.True(run.ExitCode == 0, $"the loop failed: rc={run.ExitCode}\n{run.Stderr}");
        Assert.Empty(ownLogins); // every session went through the master
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
        Assert.True(footprintOk, $"the master did not return within {Slack:P0}: {MasterFootprint.Describe(before, after)}");
    }
}
