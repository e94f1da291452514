using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Faults;

/// <summary>
/// Issue 6 item 2f: the control socket of a live ControlPersist master is removed (rm). Both masters keep
/// serving the running session, `-O check` finds no master and the next invocation becomes a new master.
/// The difference, on purpose: OpenSSH's old master lingers unreachable (ControlPersist=yes: forever);
/// Braid's notices, stops listening and exits once idle — without touching the new master's socket.
/// </summary>
public class SocketDeletedTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task RunningSessionsGoOnAndTheNextInvocationBecomesMaster(Tool tool)
    {
        var path = f.NewSocketPath("d");
        var gate = path + ".gate";
        string[] auto = ["-o", "ControlMaster=auto", "-o", $"ControlPath={path}", "-o", "ControlPersist=yes"];
        int oldPid = 0;
        ProcessStamp? oldMaster = null;
        try
        {
            var first = await f.Run(tool, [.. auto, "h", "true"]);
            Assert.True(first.ExitCode == 0, first.Stderr);
            oldPid = await f.CheckPidAsync(tool, path) ?? throw new InvalidOperationException("no ControlPersist master");
            oldMaster = ProcessStamp.Of(oldPid);
            using var running = f.Start(tool, [.. auto, "h", $"echo started; while [ ! -e {gate} ]; do sleep 0.1; done; echo finished"]);
            await running.WaitForStdoutAsync("started");

            File.Delete(path);

            var check = await f.Run(tool, "-S", path, "-O", "check", "h");
            Assert.Equal(255, check.ExitCode);
            Assert.Contains("No such file or directory", check.Stderr);

            // Without ControlMaster, a client connects directly (OpenSSH: "Control socket connect ... No such file").
            var direct = await f.Run(tool, "-S", path, "h", "echo direct");
            Assert.True(direct.ExitCode == 0 && direct.Stdout == "direct\n", $"rc={direct.ExitCode} {direct.Stdout}\n{direct.Stderr}");

            var next = await f.Run(tool, [.. auto, "h", "echo new"]);
            Assert.True(next.ExitCode == 0 && next.Stdout == "new\n", $"rc={next.ExitCode} {next.Stdout}\n{next.Stderr}");
            int newPid = await f.CheckPidAsync(tool, path) ?? throw new InvalidOperationException("the next invocation left no master");
            Assert.NotEqual(oldPid, newPid);

            // The old master still carries its running session to the end.
            File.WriteAllText(gate, "");
            Assert.Equal(0, await running.WaitForExitAsync());
            Assert.Equal("started\nfinished\n", running.Stdout);

            bool oldGone = oldMaster == null || await MuxFixture.WaitGoneAsync(oldMaster.Value, tool == Tool.Braid ? 30 : 5);
            if (tool == Tool.Braid) Assert.True(oldGone, "Braid's orphaned ControlPersist master did not exit once idle");
            else Assert.False(oldGone, "OpenSSH's orphaned master was expected to linger (the reference behaviour changed?)");
            // Whatever the old master did, the new master's socket is intact.
            Assert.Equal(newPid, await f.CheckPidAsync(tool, path));

            ReliabilityRecord.Write("fault", $"control socket of a live {tool} ControlPersist=yes master removed (rm) during a session",
                tool == Tool.Braid ? "session finished; -O check: no master; -S client went direct; next braid became master; old master exited once idle"
                                   : "session finished; -O check: no master; -S client went direct; next ssh became master; old master lingers unreachable",
                $"-O check: \"{check.Stderr.Trim()}\" rc {check.ExitCode}; old master pid {oldPid} {(oldGone ? "exited" : "still running")} after its session; new master pid {newPid} kept its socket");
        }
        finally
        {
            File.WriteAllText(gate, "");
            MuxFixture.KillByPath(path);
            oldMaster?.Kill();
        }
    }
}
