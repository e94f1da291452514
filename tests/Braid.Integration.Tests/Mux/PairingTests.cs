using System.Security.Cryptography;
using System.Text;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>
/// OpenSSH's multiplexing checklist (regress/multiplex.sh, reference §9.2) run in one pairing of
/// passenger and master. Each derived class is one pairing with its own sshd.
/// </summary>
public abstract class PairingTests(MuxFixture f, Tool masterTool, Tool passengerTool)
{
    protected MuxFixture F => f;
    protected Tool MasterTool => masterTool;
    protected Tool P => passengerTool;

    private Task<Master> Shared() => f.SharedMasterAsync(masterTool);

    [Fact]
    public async Task ExitCodesPassThrough()
    {
        var m = await Shared();
        int mark = f.LogMark();
        foreach (int s in new[] { 0, 1, 4, 5, 44 })
        {
            var r = await f.Run(P, "-S", m.Path, "h", $"exit {s}");
            Assert.True(s == r.ExitCode, $"exit {s} gave {r.ExitCode}: {r.Stderr}");
        }
        Assert.Empty(f.LoginsBesides(m, mark)); // every session went through the master, none logged in anew
    }

    [Fact]
    public async Task ExitCodesPassThroughInProxyMode()
    {
        var m = await Shared();
        foreach (int s in new[] { 0, 1, 4, 5, 44 })
        {
            var r = await f.Run(P, "-S", m.Path, "-O", "proxy", "h", $"exit {s}");
            Assert.True(s == r.ExitCode, $"-O proxy: exit {s} gave {r.ExitCode}: {r.Stderr}");
        }
    }

    [Fact]
    public async Task EarlyStdoutCloseStillReturnsExitStatus()
    {
        var m = await Shared();
        var r = await f.Run(P, "-S", m.Path, "-n", "h", "exec sh -c \"sleep 1; exec >/dev/null 2>&1; sleep 1; exit 7\"");
        Assert.True(r.ExitCode == 7, $"rc={r.ExitCode} stderr: {r.Stderr}");
    }

    [Fact]
    public async Task SendEnvAndSetEnvReachTheServer()
    {
        var m = await Shared();
        var env = new Dictionary<string, string?> { ["_XXX_TEST"] = "blah" };
        var r = await f.RunWith(P, null, env, "-o", "SendEnv=_XXX_TEST", "-S", m.Path, "h", "echo $_XXX_TEST");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("blah\n", r.Stdout);

        var s = await f.Run(P, "-o", "SetEnv=_XXX_TEST=foo", "-S", m.Path, "h", "echo $_XXX_TEST");
        Assert.Equal(0, s.ExitCode);
        Assert.Equal("foo\n", s.Stdout);
    }

    [Fact]
    public async Task Transfer64MiBThroughCat()
    {
        var m = await Shared();
        var data = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        var r = await f.RunWith(P, data, null, "-S", m.Path, "h", "cat");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(data.Length, r.StdoutBytes.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(SHA256.HashData(r.StdoutBytes)));
    }

    [Fact]
    public async Task Transfer64MiBThroughCatInProxyMode()
    {
        var m = await Shared();
        var data = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
        var r = await f.RunWith(P, data, null, "-S", m.Path, "-O", "proxy", "h", "cat");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(data.Length, r.StdoutBytes.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(SHA256.HashData(r.StdoutBytes)));
    }

    [Fact]
    public async Task SftpAndScpThroughTheMaster()
    {
        var m = await Shared();
        var src = Path.Combine(f.Dir, "data-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllBytes(src, RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5));
        int mark = f.LogMark();
        var wrap = f.Wrapper(P);

        var sftp = await ProcessRunner.RunAsync("sftp", ["-S", wrap, "-o", $"ControlPath={m.Path}", "-q", "h"],
            Encoding.UTF8.GetBytes($"put {src} {src}.up\nget {src}.up {src}.sftp\nquit\n"));
        Assert.True(sftp.ExitCode == 0, sftp.Stderr);
        Assert.True(Same(src, src + ".sftp"), "sftp copy differs");

        var up = await ProcessRunner.RunAsync("scp", ["-S", wrap, "-o", $"ControlPath={m.Path}", "-q", src, $"h:{src}.scp"]);
        Assert.True(up.ExitCode == 0, up.Stderr);
        var down = await ProcessRunner.RunAsync("scp", ["-S", wrap, "-o", $"ControlPath={m.Path}", "-q", $"h:{src}.scp", src + ".back"]);
        Assert.True(down.ExitCode == 0, down.Stderr);
        Assert.True(Same(src, src + ".back"), "scp copy differs");
        Assert.Empty(f.LoginsBesides(m, mark));
    }

    [Fact]
    public async Task CheckPrintsTheMastersRealPid()
    {
        var m = await Shared();
        var r = await f.Run(P, "-S", m.Path, "-O", "check", "h");
        Assert.Equal(0, r.ExitCode);
        int pid = MuxFixture.ParseMasterPid(r.Stderr) ?? throw new Xunit.Sdk.XunitException($"no 'Master running (pid=N)' in: {r.Stderr}");
        Assert.Matches(@"^Master running \(pid=\d+\)\r?\n$", r.Stderr);
        // The pid is the master process itself: it runs the master's program and its argv names this socket.
        Assert.Equal(MuxFixture.RealExe(MasterTool), new FileInfo($"/proc/{pid}/exe").ResolveLinkTarget(false)?.FullName);
        var argv = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
        Assert.Contains(m.Path, argv);
    }

    [Fact]
    public async Task StopWithALiveSessionDrains()
    {
        await using var m = await f.StartMasterAsync(MasterTool);
        var flag = Path.Combine(f.Dir, "flag-" + Guid.NewGuid().ToString("N")[..6]);
        // The session stays open until the test creates the flag file (the "remote" is this machine).
        using var sleeper = f.Start(P, "-S", m.Path, "h", $"echo started; while [ ! -e {flag} ]; do sleep 0.1; done; exit 0");
        await sleeper.WaitForStdoutAsync("started");

        var stop = await f.Run(P, "-S", m.Path, "-O", "stop", "h");
        Assert.True(stop.ExitCode == 0, stop.Stderr);
        Assert.True(await MuxFixture.WaitPathGoneAsync(m.Path, 20), "the socket is still there after -O stop");
        Assert.True(MuxFixture.IsAlive(m.Pid), "the master did not wait for its live session");
        Assert.False(sleeper.HasExited, "the live session ended at -O stop");

        File.WriteAllText(flag, "");
        Assert.Equal(0, await sleeper.WaitForExitAsync());
        Assert.Equal("started\n", sleeper.Stdout);
        Assert.True(await MuxFixture.WaitGoneAsync(m.Pid, 30), "the -N master did not exit after its last session");
        Assert.False(File.Exists(m.Path));
    }

    [Fact]
    public async Task ForegroundMasterWaitsForItsPassengersThenExitsWithItsOwnStatus()
    {
        var path = f.NewSocketPath("fg");
        var flagMaster = Path.Combine(f.Dir, "fm-" + Guid.NewGuid().ToString("N")[..6]);
        var flagPassenger = Path.Combine(f.Dir, "fp-" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            using var master = f.Start(MasterTool, "-M", "-S", path, "h", $"echo master; while [ ! -e {flagMaster} ]; do sleep 0.1; done; exit 2");
            await master.WaitForStdoutAsync("master");
            Assert.True(await WaitPathAsync(path), "the foreground master has no socket");
            Assert.Equal(master.Pid, await f.CheckPidAsync(P, path));

            using var passenger = f.Start(P, "-S", path, "h", $"echo passenger; while [ ! -e {flagPassenger} ]; do sleep 0.1; done; exit 4");
            await passenger.WaitForStdoutAsync("passenger");
            File.WriteAllText(flagMaster, "");
            // Its own session is over, but a passenger still runs: the master stays (and keeps serving).
            var r = await f.Run(P, "-S", path, "h", "echo meanwhile");
            Assert.Equal("meanwhile\n", r.Stdout);
            Assert.False(master.HasExited, "the master left while a passenger was still running");

            File.WriteAllText(flagPassenger, "");
            Assert.Equal(4, await passenger.WaitForExitAsync());
            Assert.Equal(2, await master.WaitForExitAsync());
            Assert.False(File.Exists(path));
        }
        finally
        {
            File.WriteAllText(flagMaster, "");
            File.WriteAllText(flagPassenger, "");
            MuxFixture.KillByPath(path);
        }
    }

    private static async Task<bool> WaitPathAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(path) && DateTime.UtcNow < deadline) await Task.Delay(25);
        return File.Exists(path);
    }

    [Fact]
    public async Task ExitEndsTheMasterAndRemovesTheSocket()
    {
        await using var m = await f.StartMasterAsync(MasterTool);
        ProcessStamp? remote = null;
        try
        {
            // A live passenger: TERMINATE disconnects, so it ends with 255 (no exit status).
            using var passenger = f.Start(P, "-S", m.Path, "h", "echo started $$; exec sleep 30");
            await passenger.WaitForStdoutAsync("\n");
            remote = ProcessStamp.Of(int.Parse(passenger.Stdout.Split(' ', '\n')[1], System.Globalization.CultureInfo.InvariantCulture));
            var r = await f.Run(P, "-S", m.Path, "-O", "exit", "h");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.True(await MuxFixture.WaitGoneAsync(m.Pid, 30), "the master is still running after -O exit");
            Assert.False(File.Exists(m.Path), "the socket is still there after -O exit");
            Assert.Equal(255, await passenger.WaitForExitAsync());
        }
        finally
        {
            remote?.Kill();
        }
    }

    [Fact]
    public async Task KilledMasterLeavesPassengersAt255AndAutoReplacesTheStaleSocket()
    {
        var m = await f.StartMasterAsync(MasterTool);
        ProcessStamp? remote = null;
        try
        {
            // The remote shell prints its pid and becomes `sleep 30`: without a pty it outlives the master,
            // so the test ends it by that pid (the "remote" is this machine).
            using var passenger = f.Start(P, "-S", m.Path, "h", "echo started $$; exec sleep 30");
            await passenger.WaitForStdoutAsync("started ");
            await passenger.WaitForStdoutAsync("\n");
            remote = ProcessStamp.Of(int.Parse(passenger.Stdout.Split(' ', '\n')[1], System.Globalization.CultureInfo.InvariantCulture));
            m.Stamp?.Kill();
            Assert.True(await MuxFixture.WaitGoneAsync(m.Pid, 20));
            Assert.Equal(255, await passenger.WaitForExitAsync());
            Assert.True(File.Exists(m.Path), "a SIGKILLed master cannot remove its socket: it should be stale");

            var r = await f.Run(P, "-o", "ControlMaster=auto", "-o", $"ControlPath={m.Path}", "-o", "ControlPersist=yes", "h", "echo new");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal("new\n", r.Stdout);
            int? pid = await f.CheckPidAsync(P, m.Path);
            Assert.NotNull(pid);
            Assert.NotEqual(m.Pid, pid);
            Assert.Equal(MuxFixture.RealExe(P), new FileInfo($"/proc/{pid}/exe").ResolveLinkTarget(false)?.FullName);
            await f.EndAsync(new Master(f, P, m.Path, pid!.Value));
        }
        finally
        {
            m.Stamp?.Kill();
            MuxFixture.KillByPath(m.Path);
            remote?.Kill();
        }
    }

    private static bool Same(string a, string b) => File.Exists(b) &&
        SHA256.HashData(File.ReadAllBytes(a)).AsSpan().SequenceEqual(SHA256.HashData(File.ReadAllBytes(b)));
}

/// <summary>(a) braid passenger → braid master.</summary>
public sealed class BraidPassengerBraidMasterTests(MuxFixture f) : PairingTests(f, Tool.Braid, Tool.Braid), IClassFixture<MuxFixture>;

/// <summary>(b) OpenSSH ssh passenger → braid master.</summary>
public sealed class SshPassengerBraidMasterTests(MuxFixture f) : PairingTests(f, Tool.Braid, Tool.OpenSsh), IClassFixture<MuxFixture>;

/// <summary>(c) braid passenger → OpenSSH master.</summary>
public sealed class BraidPassengerSshMasterTests(MuxFixture f) : PairingTests(f, Tool.OpenSsh, Tool.Braid), IClassFixture<MuxFixture>;
