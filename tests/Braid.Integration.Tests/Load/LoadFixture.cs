using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Load;

/// <summary>The Load tests run alone, after the other test classes: they keep both cores busy for minutes,
/// which would stretch other tests towards their deadlines, and a master's footprint is read best on a quiet
/// machine.</summary>
[CollectionDefinition("Load", DisableParallelization = true)]
public sealed class LoadCollection;

/// <summary>
/// A server that allows 150 sessions on one connection (the bursts open 100 at once) and a Braid master
/// started the way users get one: the first `braid -o ControlMaster=auto -o ControlPersist=yes` call.
/// </summary>
public sealed class LoadFixture : MuxFixture
{
    public LoadFixture() : base(new SshdOptions { MaxSessions = 150 }) { }

    public async Task<Master> StartPersistentMasterAsync()
    {
        var path = NewSocketPath("p");
        var r = await Run(Tool.Braid, "-o", "ControlMaster=auto", "-o", $"ControlPath={path}", "-o", "ControlPersist=yes", "h", "true");
        Assert.True(r.ExitCode == 0, $"the ControlPersist call failed: rc={r.ExitCode}\n{r.Stderr}");
        int pid = await CheckPidAsync(Tool.Braid, path) ?? throw new InvalidOperationException("no ControlPersist master answers -O check");
        return new Master(this, Tool.Braid, path, pid);
    }

    /// <summary>Runs a bash script (a loop of real out/braid passengers), with a deadline against a hang.</summary>
    public Task<ProcessResult> BashAsync(string script, TimeSpan timeout)
        => ProcessRunner.RunAsync("bash", ["-c", script], timeout: timeout);

    /// <summary>The start of a passenger command line in bash: `braid -F config -S socket h`.</summary>
    public string Passenger(Master m) => $"{Quote(Paths.Braid)} -F {Quote(Server.ConfigFile)} -S {Quote(m.Path)} h";

    public static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";
}
