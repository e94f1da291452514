using System.Globalization;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Faults;

/// <summary>
/// Issue 6 item 2c: sshd and the master run inside a private network namespace whose loopback then silently
/// drops everything. With ServerAliveInterval=1 and ServerAliveCountMax=2 the master gives up with OpenSSH's
/// "Timeout, server ... not responding." and its passengers (outside the namespace: the control socket is a
/// file) end with 255 instead of hanging. The bound is generous on purpose; the time taken is recorded.
/// OpenSSH's master is run the same way as the reference.
/// </summary>
public class NetworkCutTests
{
    [Theory]
    [InlineData(Tool.Braid)]
    [InlineData(Tool.OpenSsh)]
    public async Task MasterTimesOutAndPassengersEnd(Tool masterTool)
    {
        using var ns = new NetNamespace();
        using var server = new SshdServer(new SshdOptions { NetNamespacePid = ns.Pid });
        var path = Path.Combine(server.Dir, "n");
        var transfers = new List<(string What, Transfer T)>();
        using var master = LiveProcess.Start("nsenter", ns.Enter(MuxFixture.Exe(masterTool), "-F", server.ConfigFile, "-M", "-S", path, "-N",
            "-o", "ServerAliveInterval=1", "-o", "ServerAliveCountMax=2", "-o", "LogLevel=INFO", "h"));
        try
        {
            await ForegroundMaster.WaitForSocketAsync(path, master, $"{masterTool} master in the namespace");

            Transfer Passenger(Tool t, string what, string command, Transfer.Input input)
            {
                var x = Transfer.Start(MuxFixture.Exe(t), ["-F", server.ConfigFile, "-S", path, "h", command], input: input);
                transfers.Add(($"{t} {what} passenger", x));
                return x;
            }
            await Passenger(Tool.Braid, "download", "cat /dev/zero", Transfer.Input.Closed).WaitForBytesAsync(1 << 20);
            await Passenger(Tool.OpenSsh, "download", "cat /dev/zero", Transfer.Input.Closed).WaitForBytesAsync(1 << 20);
            // An upload fills the master's send buffer once the network is gone: keepalives must not queue behind it.
            await Passenger(Tool.Braid, "upload", "echo up; cat > /dev/null", Transfer.Input.Endless).WaitForBytesAsync(3);
            var idle = Passenger(Tool.Braid, "idle", "echo idle; sleep 3600", Transfer.Input.HeldOpen);
            await idle.WaitForBytesAsync(5);
            // And a plain client of the same kind, not multiplexed, in the namespace too.
            var direct = Transfer.Start("nsenter", ns.Enter(MuxFixture.Exe(masterTool), "-F", server.ConfigFile, "-o", "ServerAliveInterval=1",
                "-o", "ServerAliveCountMax=2", "-o", "LogLevel=INFO", "h", "echo direct; sleep 3600"), input: Transfer.Input.HeldOpen);
            transfers.Add(($"{masterTool} direct client", direct));
            await direct.WaitForBytesAsync(7);

            ns.CutSilently();
            var cutAt = DateTime.UtcNow;

            int masterRc = await master.WaitForExitAsync(40); // fails the test if it is still running by then
            var masterSecs = (DateTime.UtcNow - cutAt).TotalSeconds;
            Assert.Equal(255, masterRc);
            Assert.Matches(@"Timeout, server \S+ not responding\.", master.Stderr);

            var outcomes = new List<string>();
            foreach (var (what, t) in transfers)
            {
                int? rc = await t.WaitForExitAsync(30);
                Assert.True(rc != null, $"{what} hangs after the cut\n{t.Stderr}");
                Assert.True(rc == 255, $"{what}: rc={rc}\n{t.Stderr}");
                if (t == direct) Assert.Matches(@"Timeout, server \S+ not responding\.", t.Stderr);
                else if (masterTool == Tool.Braid && what.StartsWith("Braid", StringComparison.Ordinal))
                    Assert.Contains("Control master terminated unexpectedly", t.Stderr);
                outcomes.Add($"{what} {rc} \"{t.Stderr.Trim()}\"");
            }
            ReliabilityRecord.Write("fault", $"network silently cut (blackhole qdisc on lo in a private netns) under a {masterTool} master with ServerAliveInterval=1, ServerAliveCountMax=2",
                $"master exit {masterRc} after {masterSecs.ToString("0.0", CultureInfo.InvariantCulture)} s with \"Timeout, server ... not responding.\"; passengers and a direct client 255",
                $"master stderr \"{master.Stderr.Trim()}\"; " + string.Join(", ", outcomes) + " (passengers: 2 downloads, 1 endless upload, 1 idle; plus a direct client)");
        }
        finally
        {
            foreach (var (_, t) in transfers) t.Dispose();
            MuxFixture.KillByPath(path);
        }
    }
}
