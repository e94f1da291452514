using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>ControlPersist: the first invocation leaves a background master that expires when idle and never
/// holds its caller's pipes open.</summary>
public class ControlPersistTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Fact]
    public async Task IdleMasterRemovesItsSocketAfterTheTimeout()
    {
        var path = f.NewSocketPath("p");
        try
        {
            var r = await f.Run(Tool.Braid, "-o", "ControlMaster=auto", "-o", $"ControlPath={path}", "-o", "ControlPersist=2", "h", "true");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.True(File.Exists(path), "no control socket after the first ControlPersist invocation");
            Assert.True(await MuxFixture.WaitPathGoneAsync(path, 15), "the idle ControlPersist=2 master did not go away");
        }
        finally { MuxFixture.KillByPath(path); }
    }

    [Fact]
    public async Task CommandSubstitutionReturnsWithTheOutput()
    {
        var path = f.NewSocketPath("p");
        try
        {
            // If the background master kept the caller's stdout or stderr open, $(...) would never end:
            // the 20 s limit turns that hang into a failure.
            var script = $"x=$({Paths.Braid} -F {f.Server.ConfigFile} -o ControlMaster=auto -o ControlPersist=yes " +
                         $"-o ControlPath={path} h echo hi); echo \"got:$x\"";
            var r = await ProcessRunner.RunAsync("sh", ["-c", script], timeout: TimeSpan.FromSeconds(20));
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal("got:hi\n", r.Stdout);

            // The master persists and serves the next invocation without a new login.
            int? pid = await f.CheckPidAsync(Tool.Braid, path);
            Assert.NotNull(pid);
            await using var m = new Master(f, Tool.Braid, path, pid!.Value);
            int mark = f.LogMark();
            var again = await f.Run(Tool.Braid, "-o", "ControlMaster=auto", "-o", "ControlPersist=yes", "-o", $"ControlPath={path}", "h", "echo again");
            Assert.Equal("again\n", again.Stdout);
            Assert.Empty(f.LoginsBesides(m, mark));
        }
        finally { MuxFixture.KillByPath(path); }
    }
}
