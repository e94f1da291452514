using System.Globalization;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Faults;

/// <summary>Issue 6 item 2b: the sshd processes serving a master's connection are SIGKILLed (by PID) while
/// passengers stream data. Run with both masters: OpenSSH's behaviour is the reference.</summary>
public class ServerKilledTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task MasterAndPassengersEndWith255AndAMessage(Tool masterTool)
    {
        var path = f.NewSocketPath("v");
        // In the foreground, so its own last words can be read.
        using var master = f.Start(masterTool, "-M", "-S", path, "-N", "-o", "LogLevel=INFO", "h");
        var passengers = new List<(Tool Tool, Transfer T)>();
        try
        {
            await ForegroundMaster.WaitForSocketAsync(path, master, $"{masterTool} master");

            foreach (var tool in new[] { Tool.Braid, Tool.OpenSsh })
                passengers.Add((tool, Transfer.Start(MuxFixture.Exe(tool), ["-F", f.Server.ConfigFile, "-S", path, "h", "cat /dev/zero"])));
            foreach (var (_, t) in passengers) await t.WaitForBytesAsync(1 << 20);

            var victims = SshdConnection.ProcessesServing(f.Server, f.SourcePort(master.Pid));
            Assert.NotEmpty(victims);
            var killedAt = DateTime.UtcNow;
            foreach (var pid in victims) MuxFixture.KillPid(pid);

            int masterRc = await master.WaitForExitAsync(30);
            var masterSecs = (DateTime.UtcNow - killedAt).TotalSeconds;
            Assert.Equal(255, masterRc);
            // OpenSSH's own words vary with the race (closed by remote host, or a write error): only Braid's are asserted.
            if (masterTool == Tool.Braid) Assert.Contains("closed by remote host", master.Stderr);

            var outcomes = new List<string>();
            foreach (var (tool, t) in passengers)
            {
                int? rc = await t.WaitForExitAsync(30);
                Assert.True(rc != null, $"{tool} passenger still running 30 s after its master's server side was killed\n{t.Stderr}");
                Assert.True(rc == 255, $"{tool} passenger: rc={rc}\n{t.Stderr}");
                if (tool == Tool.Braid && masterTool == Tool.Braid) Assert.Contains("Control master terminated unexpectedly", t.Stderr);
                outcomes.Add($"{tool} passenger {t.Outcome(rc, killedAt)}");
            }
            ReliabilityRecord.Write("fault", $"sshd processes serving a {masterTool} master SIGKILLed while braid and ssh passengers stream",
                "master and passengers exit 255 with a message",
                $"{victims.Count} sshd pids killed; master exit {masterRc} after {masterSecs.ToString("0.00", CultureInfo.InvariantCulture)} s: \"{master.Stderr.Trim()}\"; " + string.Join("; ", outcomes));
        }
        finally
        {
            foreach (var (_, t) in passengers) t.Dispose();
            MuxFixture.KillByPath(path);
        }
    }
}
