using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>A tty passenger of a Braid master, typed at in tmux like a person (reference §9.3 ssh-tty.sh).</summary>
public class TtyTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    [Fact]
    public async Task EchoInterruptResizeAndTildeDotEndsOnlyThatSession()
    {
        var m = await f.SharedMasterAsync(Tool.Braid);
        var flag = Path.Combine(f.Dir, "flag-" + Guid.NewGuid().ToString("N")[..6]);
        // Another passenger, started first, runs until the test creates the flag file.
        using var other = f.Start(Tool.Braid, "-S", m.Path, "h", $"echo waiting; while [ ! -e {flag} ]; do sleep 0.1; done; echo still-here");
        await other.WaitForStdoutAsync("waiting");

        using var t = new TmuxSession(f.Dir);
        t.WaitFor("$");
        var before = Path.Combine(f.Dir, "stty-before");
        var after = Path.Combine(f.Dir, "stty-after");
        t.Type($"stty -g > {before}; {Paths.Braid} -F {f.Server.ConfigFile} -S {m.Path} -o LogLevel=INFO -tt h 'PS1=R\\> exec sh'\n");
        t.WaitFor("R>");

        t.Type("echo hel''lo\n");
        t.WaitFor("hello");

        t.Type("echo sl''eeping; sleep 100\n");
        t.WaitFor("sleeping");
        Thread.Sleep(200); // let sleep start; if ^C comes earlier the shell drops the line, which passes too
        t.Keys("C-c");
        t.Type("echo after-int\n");
        t.WaitFor("after-int", 2); // without ^C reaching the remote, sleep 100 would outlast the deadline

        t.Tmux("resize-window", "-t", t.Name, "-x", "120", "-y", "40");
        t.TypeUntil("stty size\n", "40 120");

        t.Type("\n~.");
        t.WaitFor("Shared connection to 127.0.0.1 closed.");
        t.Type($"stty -g > {after}; cmp {before} {after} && echo MODES-SAME\n");
        t.WaitFor("MODES-SAME", 2);

        // ~. ended that session only: the other passenger and the master are still there.
        Assert.False(other.HasExited, $"the other passenger ended with the ~. session: {other.Stderr}");
        Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
        File.WriteAllText(flag, "");
        Assert.Equal(0, await other.WaitForExitAsync());
        Assert.Equal("waiting\nstill-here\n", other.Stdout);
    }

    [Fact]
    public async Task ControlPersistAndForegroundMastersWithATty()
    {
        var persist = f.NewSocketPath("tp");
        var fg = f.NewSocketPath("tf");
        try
        {
            using var t = new TmuxSession(f.Dir);
            t.WaitFor("$");
            string braid = $"{Paths.Braid} -F {f.Server.ConfigFile} -o LogLevel=INFO";

            // ControlPersist=1s: the first invocation's tty session runs as a passenger of its background master.
            t.Type($"{braid} -o ControlMaster=auto -o ControlPersist=1s -o ControlPath={persist} -tt h 'PS1=A\\> exec sh'; echo rc1=$?\n");
            t.WaitFor("A>");
            t.Type("echo hel''lo\n");
            t.WaitFor("hello");
            t.Type("\n~.");
            var screen = t.WaitFor("rc1=", 2); // the typed command line holds the first
            Assert.DoesNotContain("rc1=0", screen);
            Assert.True(await MuxFixture.WaitPathGoneAsync(persist, 15), "the ControlPersist=1s master did not go away after ~.");

            // Again, ending with ^D: exit 0.
            t.Type($"{braid} -o ControlMaster=auto -o ControlPersist=1s -o ControlPath={persist} -tt h 'PS1=B\\> exec sh'; echo rc2=$?\n");
            t.WaitFor("B>");
            t.Keys("C-d");
            t.WaitFor("rc2=0");

            // ControlMaster=yes in the foreground: its own tty session, serving a passenger meanwhile.
            t.Type($"{braid} -o ControlMaster=yes -o ControlPath={fg} -tt h 'PS1=C\\> exec sh'; echo rc3=$?\n");
            t.WaitFor("C>");
            var r = await f.Run(Tool.Braid, "-S", fg, "h", "echo via-master");
            Assert.Equal("via-master\n", r.Stdout);
            t.Type("\n~.");
            screen = t.WaitFor("rc3=", 2);
            Assert.Contains("Connection to 127.0.0.1 closed.", screen);
            Assert.DoesNotContain("rc3=0", screen);
            Assert.True(await MuxFixture.WaitPathGoneAsync(fg, 15), "the foreground master left its socket behind");
        }
        finally
        {
            MuxFixture.KillByPath(persist);
            MuxFixture.KillByPath(fg);
        }
    }
}
