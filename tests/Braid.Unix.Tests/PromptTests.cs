using System.Text;

namespace Braid.Unix.Tests;

public sealed class AskpassScripts : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "braid-askpass-" + Guid.NewGuid().ToString("N"));

    public AskpassScripts()
    {
        Directory.CreateDirectory(Dir);
        // All scripts are written before any is run (no ETXTBSY races with concurrent forks).
        Write("echo-pw", "printf 'pw-for:%s\\n' \"$1\"\n");
        Write("confirm-yes", "[ \"$SSH_ASKPASS_PROMPT\" = confirm ] || exit 3\necho yes\n");
        Write("confirm-YES", "[ \"$SSH_ASKPASS_PROMPT\" = confirm ] || exit 3\nprintf 'YES\\r\\nignored'\n");
        Write("confirm-empty", "[ \"$SSH_ASKPASS_PROMPT\" = confirm ] || exit 3\necho\n");
        Write("confirm-no", "[ \"$SSH_ASKPASS_PROMPT\" = confirm ] || exit 3\necho no\n");
        Write("yes-but-fails", "echo yes\nexit 1\n");
        Write("no-hint", "[ -z \"$SSH_ASKPASS_PROMPT\" ] || exit 3\necho plain\n");
        Write("marker", $"touch '{Dir}/marker-ran'\necho yes\n");
    }

    public string this[string name] => Path.Combine(Dir, name);

    public bool MarkerRan => File.Exists(Path.Combine(Dir, "marker-ran"));

    private void Write(string name, string body)
    {
        string p = Path.Combine(Dir, name);
        File.WriteAllText(p, "#!/bin/sh\n" + body);
        Posix.Chmod(p, Convert.ToUInt32("755", 8));
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

public class PromptTests : IClassFixture<AskpassScripts>
{
    private const string NoTty = "/nonexistent-braid/tty";
    private readonly AskpassScripts _s;

    public PromptTests(AskpassScripts s) => _s = s;

    private static Func<string, string?> Env(params (string K, string V)[] vars)
    {
        var d = vars.ToDictionary(v => v.K, v => v.V);
        return k => d.TryGetValue(k, out var v) ? v : null;
    }

    [Fact]
    public void ForcedAskpassReturnsItsFirstLine()
    {
        using var pw = Prompt.ReadPassphrase("Password: ", PromptFlags.None, false,
            Env(("SSH_ASKPASS", _s["echo-pw"]), ("SSH_ASKPASS_REQUIRE", "force")), NoTty);
        Assert.NotNull(pw);
        Assert.Equal("pw-for:Password: ", pw.ToInsecureString());
        Assert.Equal("pw-for:Password: ".ToCharArray(), pw.ToCharArray());
    }

    [Fact]
    public void PasswordPromptDoesNotSetConfirmHint()
    {
        using var pw = Prompt.ReadPassphrase("p", PromptFlags.None, false,
            Env(("SSH_ASKPASS", _s["no-hint"]), ("SSH_ASKPASS_REQUIRE", "FORCE")), NoTty);
        Assert.Equal("plain", pw!.ToInsecureString());
    }

    [Fact]
    public void NoTtyAndDisplayUsesAskpassWithoutRequire()
    {
        using var pw = Prompt.ReadPassphrase("Password: ", PromptFlags.AllowEof, false,
            Env(("SSH_ASKPASS", _s["echo-pw"]), ("DISPLAY", ":0")), NoTty);
        Assert.Equal("pw-for:Password: ", pw!.ToInsecureString());
    }

    [Fact]
    public void NoTtyAndNoAskpassAllowedGivesNullOrEmpty()
    {
        Assert.Null(Prompt.ReadPassphrase("Password: ", PromptFlags.AllowEof, false, Env(("SSH_ASKPASS", _s["echo-pw"])), NoTty));
        using var empty = Prompt.ReadPassphrase("Password: ", PromptFlags.None, false, Env(), NoTty);
        Assert.NotNull(empty);
        Assert.True(empty.IsEmpty);
        // never beats DISPLAY
        Assert.Null(Prompt.ReadPassphrase("Password: ", PromptFlags.AllowEof, false,
            Env(("SSH_ASKPASS", _s["echo-pw"]), ("DISPLAY", ":0"), ("SSH_ASKPASS_REQUIRE", "never")), NoTty));
    }

    [Fact]
    public void FailingAskpassIsNullWithAllowEof()
    {
        Assert.Null(Prompt.ReadPassphrase("x", PromptFlags.AllowEof, false,
            Env(("SSH_ASKPASS", _s["yes-but-fails"]), ("SSH_ASKPASS_REQUIRE", "force")), NoTty));
        Assert.Null(Prompt.ReadPassphrase("x", PromptFlags.AllowEof, false,
            Env(("SSH_ASKPASS", _s.Dir + "/does-not-exist"), ("SSH_ASKPASS_REQUIRE", "force")), NoTty));
    }

    [Theory]
    [InlineData("confirm-yes", true)]
    [InlineData("confirm-YES", true)]
    [InlineData("confirm-empty", true)]
    [InlineData("confirm-no", false)]
    [InlineData("yes-but-fails", false)]
    public void ConfirmFollowsAskPermission(string script, bool expected)
    {
        Assert.Equal(expected, Prompt.Confirm("Allow shared connection to 127.0.0.1? ",
            Env(("SSH_ASKPASS", _s[script]), ("SSH_ASKPASS_REQUIRE", "force"))));
        Assert.Equal(expected, Prompt.Confirm("Allow shared connection to 127.0.0.1? ",
            Env(("SSH_ASKPASS", _s[script]), ("WAYLAND_DISPLAY", "wayland-0"))));
    }

    [Fact]
    public void ConfirmDeniesWithoutRunningAskpassWhenNotAllowed()
    {
        Assert.False(Prompt.Confirm("Allow? ", Env(("SSH_ASKPASS", _s["marker"]))));
        Assert.False(Prompt.Confirm("Allow? ", Env(("SSH_ASKPASS", _s["marker"]), ("DISPLAY", ""))));
        Assert.False(Prompt.Confirm("Allow? ", Env(("SSH_ASKPASS", _s["marker"]), ("DISPLAY", ":0"), ("SSH_ASKPASS_REQUIRE", "never"))));
        Assert.False(_s.MarkerRan);
    }

    [Fact]
    public async Task TerminalPromptTurnsEchoOffAndRestores()
    {
        using var pty = PseudoTerminal.Open();
        var before = Terminal.GetAttributesOrThrow(pty.SlaveFd);
        var reader = Task.Run(() => Prompt.ReadLine(pty.SlaveFd, pty.SlaveFd, "Password: ", echo: false));

        // The prompt is written after echo is turned off, so typing after seeing it is never echoed.
        var seen = new StringBuilder();
        var buf = new byte[256];
        while (!seen.ToString().Contains("Password: "))
            seen.Append(Encoding.ASCII.GetString(buf, 0, Posix.Read(pty.MasterFd, buf)));
        Posix.WriteAll(pty.MasterFd, "hunter2\n"u8);
        using var pw = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("hunter2", pw!.ToInsecureString());

        while (!seen.ToString().EndsWith('\n'))
            seen.Append(Encoding.ASCII.GetString(buf, 0, Posix.Read(pty.MasterFd, buf)));
        Assert.Equal("Password: \r\n", seen.ToString());
        Assert.Equal(before.ToArray(), Terminal.GetAttributesOrThrow(pty.SlaveFd).ToArray());
    }

    [Fact]
    public void SecureBufferZeroesOnDispose()
    {
        var b = SecureBuffer.FromBytes("secret"u8);
        Assert.Equal(6, b.Length);
        b.Dispose();
        Assert.Throws<ObjectDisposedException>(() => b.Span.Length);
    }
}
