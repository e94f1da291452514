using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Mux;

/// <summary>Who may use a master: the socket's mode, the peer-uid check, and ControlMaster ask (-MM).</summary>
public class SecurityTests(MuxFixture f) : IClassFixture<MuxFixture>
{
    /// <summary>Connects, then reads until EOF (prints "eof N") or until 15 s pass with the connection open
    /// ("open N"); with a second argument "first" it prints the size of the first read instead.</summary>
    private const string PeekClient = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX)
        s.connect(sys.argv[1])
        s.settimeout(15)
        n = 0
        try:
            while True:
                d = s.recv(4096)
                if len(sys.argv) > 2:
                    print("first", len(d)); break
                if not d:
                    print("eof", n); break
                n += len(d)
        except socket.timeout:
            print("open", n)
        except ConnectionResetError:
            print("eof", n)
        """;

    private static readonly Dictionary<string, string?> NoAskpass = new()
    {
        ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null, ["SSH_ASKPASS_REQUIRE"] = null, ["SSH_ASKPASS"] = null,
    };

    [Fact]
    public async Task SocketIsMode0600()
    {
        await using var m = await f.StartMasterAsync(Tool.Braid);
        Assert.Equal("srw-------", SshdServer.Run("stat", "-c", "%A", m.Path).Trim());
        ReliabilityRecord.Write("security", "control socket mode", "0600 (srw-------) from birth",
            "bound under umask 0177 at a temporary name, then linked into place");
    }

    [Fact]
    public async Task AnotherUidIsClosedBeforeHelloWhileTheMasterServes()
    {
        // A directory and socket anyone may reach, so only the master's own check stands in the way.
        var dir = Directory.CreateTempSubdirectory("bu").FullName;
        try
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0x1ff);
            var path = Path.Combine(dir, "s");
            f.Track(path);
            await using var m = await f.StartMasterAsync(Tool.Braid, path);
            File.SetUnixFileMode(path, (UnixFileMode)0x1ff);

            var other = await ProcessRunner.RunAsync("setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c", PeekClient, path],
                timeout: TimeSpan.FromSeconds(40));
            Assert.True(other.ExitCode == 0, other.Stderr);
            Assert.Equal("eof 0\n", other.Stdout); // closed, and not one byte of HELLO

            // The same client as our own uid gets the master's HELLO and stays connected (the check is by uid).
            var self = await ProcessRunner.RunAsync("/usr/bin/python3", ["-c", PeekClient, path, "first"], timeout: TimeSpan.FromSeconds(40));
            Assert.Matches(@"^first [1-9]\d*\n$", self.Stdout);

            var r = await f.Run(Tool.Braid, "-S", path, "h", "echo served");
            Assert.Equal("served\n", r.Stdout);
            Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, path));
            ReliabilityRecord.Write("security", "control socket reached by another uid (socket and directory 0777)",
                "closed before HELLO (0 bytes); master keeps serving its own uid",
                "peer credentials (SO_PEERCRED) checked against the master's uid; uid 65534 got EOF, root got HELLO");
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task AskWithoutAnAllowedAskpassRefusesLikeOpenSsh()
    {
        await using var braidMaster = await f.StartMasterAsync(Tool.Braid, env: NoAskpass, flagM: "-MM");
        await using var sshMaster = await f.StartMasterAsync(Tool.OpenSsh, env: NoAskpass, flagM: "-MM");
        const string refused = "Master refused session request: Permission denied";
        int braidMark = f.LogMark();
        foreach (var (master, passenger) in new[]
                 {
                     (braidMaster, Tool.Braid), (braidMaster, Tool.OpenSsh), (sshMaster, Tool.Braid), (sshMaster, Tool.OpenSsh),
                 })
        {
            var r = await f.RunWith(passenger, null, NoAskpass, "-S", master.Path, "h", "echo fell-back");
            Assert.True(r.Stderr.Contains(refused, StringComparison.Ordinal),
                $"{passenger} passenger → {master.Tool} -MM master: expected '{refused}', got: {r.Stderr}");
            // As OpenSSH does, the refused passenger then connects on its own.
            Assert.Equal("fell-back\n", r.Stdout);
            Assert.Equal(0, r.ExitCode);
        }
        // The fallbacks really were connections of their own (this also shows LoginsBesides sees one when it
        // happens; the wait only covers sshd's log line arriving).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (f.LoginsBesides(braidMaster, braidMark).Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(f.LoginsBesides(braidMaster, braidMark).Count >= 2, "the refused passengers did not log in on their own");
        // Braid's refusal reads exactly like OpenSSH's against the real ssh -MM master.
        var viaSsh = await f.RunWith(Tool.OpenSsh, null, NoAskpass, "-S", sshMaster.Path, "h", "true");
        var viaBraid = await f.RunWith(Tool.Braid, null, NoAskpass, "-S", braidMaster.Path, "h", "true");
        Assert.Equal(viaSsh.Stderr, viaBraid.Stderr);
        Assert.Equal(viaSsh.ExitCode, viaBraid.ExitCode);
        // -O exit is refused too (it asks): Dispose then ends these masters by PID.
    }

    [Fact]
    public async Task AskWithAnAskpassThatSaysYesWorks()
    {
        var log = Path.Combine(f.Dir, "askpass-" + Guid.NewGuid().ToString("N")[..6]);
        var askpass = log + ".sh";
        File.WriteAllText(askpass, $"#!/bin/sh\nprintf '%s|%s\\n' \"$1\" \"$SSH_ASKPASS_PROMPT\" >> {log}\necho yes\n");
        File.SetUnixFileMode(askpass, (UnixFileMode)0x1ed);
        var env = new Dictionary<string, string?>(NoAskpass) { ["SSH_ASKPASS"] = askpass, ["SSH_ASKPASS_REQUIRE"] = "force" };
        await using var m = await f.StartMasterAsync(Tool.Braid, env: env, flagM: "-MM");

        int mark = f.LogMark();
        foreach (var passenger in new[] { Tool.Braid, Tool.OpenSsh })
        {
            // The passenger's own environment has no askpass: only the master's matters.
            var r = await f.RunWith(passenger, null, NoAskpass, "-S", m.Path, "h", "echo allowed; exit 3");
            Assert.Equal("allowed\n", r.Stdout);
            Assert.Equal(3, r.ExitCode);
            Assert.DoesNotContain("refused", r.Stderr, StringComparison.Ordinal);
        }
        Assert.Empty(f.LoginsBesides(m, mark));
        Assert.Equal("Allow shared connection to 127.0.0.1? |confirm\nAllow shared connection to 127.0.0.1? |confirm\n", File.ReadAllText(log));
    }

    [Fact]
    public async Task AnAskpassPromptFreezesNoOtherSession()
    {
        var gate = Path.Combine(f.Dir, "gate-" + Guid.NewGuid().ToString("N")[..6]);
        var done = gate + ".done";
        var askpass = gate + ".sh";
        // The first prompt is answered at once; later ones wait until the test opens the gate.
        File.WriteAllText(askpass, $"#!/bin/sh\nif [ -e {gate}.first ]; then touch {gate}.waiting; while [ ! -e {gate} ]; do sleep 0.1; done; fi\ntouch {gate}.first\necho yes\n");
        File.SetUnixFileMode(askpass, (UnixFileMode)0x1ed);
        var env = new Dictionary<string, string?>(NoAskpass) { ["SSH_ASKPASS"] = askpass, ["SSH_ASKPASS_REQUIRE"] = "force" };
        await using var m = await f.StartMasterAsync(Tool.Braid, env: env, flagM: "-MM");
        try
        {
            using var first = f.Start(Tool.Braid, "-S", m.Path, "h", $"echo one; while [ ! -e {done} ]; do sleep 0.1; done; echo one-done");
            await first.WaitForStdoutAsync("one");
            using var second = f.Start(Tool.Braid, "-S", m.Path, "h", "echo two");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(gate + ".waiting") && DateTime.UtcNow < deadline) await Task.Delay(25);
            Assert.True(File.Exists(gate + ".waiting"), $"the second passenger's prompt never came up: {second.Stderr}");
            // While the second passenger's prompt is up, the master answers and the first session flows.
            Assert.Equal(m.Pid, await f.CheckPidAsync(Tool.Braid, m.Path));
            File.WriteAllText(done, "");
            Assert.Equal(0, await first.WaitForExitAsync());
            Assert.Equal("one\none-done\n", first.Stdout);
            Assert.False(second.HasExited, "the second passenger did not wait for its confirmation");

            File.WriteAllText(gate, "");
            Assert.Equal(0, await second.WaitForExitAsync());
            Assert.Equal("two\n", second.Stdout);
        }
        finally
        {
            File.WriteAllText(gate, "");
            File.WriteAllText(done, "");
        }
    }

    /// <summary>The boundary itself (TimeoutAndPathTests covers the messages): 90 bytes binds, 91 is refused.</summary>
    [Fact]
    public async Task MasterPathLimitIsExactly90Bytes()
    {
        string OfLength(int n)
        {
            var p = Path.Combine(f.Dir, "L");
            p += new string('x', n - p.Length);
            f.Track(p);
            return p;
        }
        var tooLong = OfLength(91);
        var r = await f.Run(Tool.Braid, "-M", "-S", tooLong, "-N", "h");
        Assert.Equal(255, r.ExitCode);
        Assert.Contains("at most 90", r.Stderr);
        Assert.False(File.Exists(tooLong));

        await using var m = await f.StartMasterAsync(Tool.Braid, OfLength(90));
        Assert.Equal("ok\n", (await f.Run(Tool.Braid, "-S", m.Path, "h", "echo ok")).Stdout);
    }
}
