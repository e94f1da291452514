using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Faults;

/// <summary>Issue 6 item 2a: a ControlPersist master SIGKILLed while its passengers stream data.</summary>
public class MasterKilledTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Fact]
    public async Task PassengersEndWith255AndTheStaleSocketIsRecovered()
    {
        var path = f.NewSocketPath("k");
        string[] auto = ["-o", "ControlMaster=auto", "-o", $"ControlPath={path}", "-o", "ControlPersist=yes"];
        var passengers = new List<(Tool Tool, Transfer T)>();
        try
        {
            var first = await f.Run(Tool.Braid, [.. auto, "h", "true"]);
            Assert.True(first.ExitCode == 0, first.Stderr);
            int masterPid = await f.CheckPidAsync(Tool.Braid, path) ?? throw new InvalidOperationException("no ControlPersist master");

            foreach (var tool in new[] { Tool.Braid, Tool.Braid, Tool.OpenSsh })
                passengers.Add((tool, Transfer.Start(MuxFixture.Exe(tool), ["-F", f.Server.ConfigFile, "-S", path, "h", "cat /dev/zero"])));
            foreach (var (_, t) in passengers) await t.WaitForBytesAsync(1 << 20);

            var killedAt = DateTime.UtcNow;
            MuxFixture.KillPid(masterPid);
            var outcomes = new List<string>();
            foreach (var (tool, t) in passengers)
            {
                int? rc = await t.WaitForExitAsync(30);
                Assert.True(rc != null, $"{tool} passenger still running 30 s after the master was killed\n{t.Stderr}");
                Assert.True(rc == 255, $"{tool} passenger: rc={rc}\n{t.Stderr}");
                // OpenSSH's passenger says "Control master terminated unexpectedly" only at debug2; Braid's says it.
                if (tool == Tool.Braid) Assert.Contains("Control master terminated unexpectedly", t.Stderr);
                outcomes.Add($"{tool} passenger {t.Outcome(rc, killedAt)}");
            }
            Assert.True(File.Exists(path), "the killed master's socket should still be on disk (nothing removed it)");

            // The next invocation finds the socket refusing connections, unlinks it and becomes the master.
            var next = await f.Run(Tool.Braid, [.. auto, "h", "echo recovered"]);
            Assert.True(next.ExitCode == 0 && next.Stdout == "recovered\n", $"rc={next.ExitCode} stdout={next.Stdout}\n{next.Stderr}");
            int? newPid = await f.CheckPidAsync(Tool.Braid, path);
            Assert.NotNull(newPid);
            Assert.NotEqual(masterPid, newPid);

            ReliabilityRecord.Write("fault", "ControlPersist master SIGKILLed while 3 passengers (2 braid, 1 ssh) stream data",
                "passengers exit 255 at once; braid's say \"Control master terminated unexpectedly\" (ssh's are silent: OpenSSH logs it at debug2); stale socket recovered by the next braid",
                string.Join("; ", outcomes) + $"; next `braid` with ControlMaster=auto unlinked the stale socket and became master pid {newPid}");
        }
        finally
        {
            foreach (var (_, t) in passengers) t.Dispose();
            MuxFixture.KillByPath(path);
        }
    }

    /// <summary>No exit status with the master alive (a remote killed by a signal) is not a dead master.</summary>
    [Fact]
    public async Task NoSuchWordsWhileTheMasterLives()
    {
        var m = await f.SharedMasterAsync(Tool.Braid);
        var r = await f.Run(Tool.Braid, "-S", m.Path, "h", "kill -9 $$");
        Assert.Equal(255, r.ExitCode);
        Assert.DoesNotContain("Control master terminated unexpectedly", r.Stderr);
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
    }
}
