using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>An interactive session in a real terminal (tmux), typed at like a person.</summary>
public class InteractiveTests(SshdFixture sshd) : IClassFixture<SshdFixture>
{
    [Fact]
    public void EchoInterruptResizeEscapesAndTerminalRestored()
    {
        var S = sshd.Server;
        using var t = new TmuxSession(S.Dir);
        t.WaitFor("$");
        var before = Path.Combine(S.Dir, "stty-before");
        var after = Path.Combine(S.Dir, "stty-after");
        t.Type($"stty -g > {before}; {Paths.Braid} -F {S.ConfigFile} -o LogLevel=INFO -tt h 'PS1=R\\> exec sh'\n");
        t.WaitFor("R>");

        t.Type("echo hel''lo\n");
        t.WaitFor("hello");

        t.Type("sleep 100\n");
        Thread.Sleep(300);
        t.Keys("C-c");
        t.Type("echo after-int\n");
        t.WaitFor("after-int", 2);

        t.Tmux("resize-window", "-t", t.Name, "-x", "120", "-y", "40");
        t.TypeUntil("stty size\n", "40 120");

        t.Type("\n~?");
        t.WaitFor("Supported escape sequences:");
        t.Type("\n~.");
        t.WaitFor("Connection to 127.0.0.1 closed.");

        t.Type($"stty -g > {after}; cmp {before} {after} && echo MODES-SAME\n");
        t.WaitFor("MODES-SAME", 2);
    }
}
