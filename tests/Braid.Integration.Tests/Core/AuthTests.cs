using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Core;

/// <summary>Passphrase-protected keys, the agent (with ssh-add -c confirmation), password and
/// keyboard-interactive through SSH_ASKPASS.</summary>
public sealed class AuthFixture : IDisposable
{
    public const string Password = "braid-test-pw";
    public SshdServer Server { get; } = new(new SshdOptions { RootPassword = Password });
    public void Dispose() => Server.Dispose();
}

public class AuthTests(AuthFixture fx) : IClassFixture<AuthFixture>
{
    private SshdServer S => fx.Server;

    private string Script(string name, string body)
    {
        var p = Path.Combine(S.Dir, name);
        File.WriteAllText(p, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(p, (UnixFileMode)0x1ed); // 0755
        return p;
    }

    private string NewKey(string type, string passphrase, params string[] extra)
    {
        var p = Path.Combine(S.Dir, $"k_{type}_{Guid.NewGuid():N}"[..20]);
        SshdServer.Run("ssh-keygen", new[] { "-q", "-t", type, "-N", passphrase, "-f", p }.Concat(extra).ToArray());
        File.AppendAllText(Path.Combine(S.Dir, "authorized_keys"), File.ReadAllText(p + ".pub"));
        return p;
    }

    private Dictionary<string, string?> AskpassEnv(string answer) => new()
    {
        ["SSH_ASKPASS"] = Script("askpass-" + Guid.NewGuid().ToString("N")[..6], $"echo '{answer}'"),
        ["SSH_ASKPASS_REQUIRE"] = "force",
        ["DISPLAY"] = null,
        ["SSH_AUTH_SOCK"] = null,
    };

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public async Task PassphraseProtectedKeysAuthenticate(string type)
    {
        var key = NewKey(type, "secret words");
        var r = await ProcessRunner.RunAsync(Paths.Braid,
            ["-F", S.ConfigFile, "-o", "BatchMode=no", "-o", "IdentityFile=" + key, "-o", "PasswordAuthentication=no",
             "-o", "KbdInteractiveAuthentication=no", "h", "echo ok"], env: AskpassEnv("secret words"));
        Assert.True(r.Stdout == "ok\n", $"stdout={r.Stdout} stderr={r.Stderr}");
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public async Task PasswordThroughAskpass()
    {
        var r = await ProcessRunner.RunAsync(Paths.Braid,
            ["-F", S.ConfigFile, "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password", "h", "echo ok"],
            env: AskpassEnv(AuthFixture.Password));
        Assert.True(r.Stdout == "ok\n", $"stdout={r.Stdout} stderr={r.Stderr}");
    }

    [Fact]
    public async Task KeyboardInteractiveThroughAskpass()
    {
        var r = await ProcessRunner.RunAsync(Paths.Braid,
            ["-F", S.ConfigFile, "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive", "h", "echo ok"],
            env: AskpassEnv(AuthFixture.Password));
        Assert.True(r.Stdout == "ok\n", $"stdout={r.Stdout} stderr={r.Stderr}");
    }

    [Fact]
    public async Task WrongPasswordGivesOpenSshPermissionDenied()
    {
        var args = new[] { "-F", S.ConfigFile, "-o", "BatchMode=no", "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1",
            "-o", "PreferredAuthentications=password", "h", "true" };
        var b = await ProcessRunner.RunAsync(Paths.Braid, args, env: AskpassEnv("wrong"));
        var o = await ProcessRunner.RunAsync("ssh", args, env: AskpassEnv("wrong"));
        Assert.Equal(255, b.ExitCode);
        Assert.Equal(o.Stderr, b.Stderr);
    }

    [Fact]
    public async Task UnprotectedKeyFileIsRefusedWithOpenSshText()
    {
        var key = NewKey("ed25519", "");
        File.SetUnixFileMode(key, (UnixFileMode)0x1a4); // 0644
        var args = new[] { "-F", S.ConfigFile, "-o", "IdentityFile=" + key, "-o", "LogLevel=INFO", "h", "true" };
        var b = await ProcessRunner.RunAsync(Paths.Braid, args);
        var o = await ProcessRunner.RunAsync("ssh", args);
        Assert.Contains("UNPROTECTED PRIVATE KEY FILE!", b.Stderr);
        Assert.Equal(o.Stderr, b.Stderr);
        Assert.Equal(o.ExitCode, b.ExitCode);
        ReliabilityRecord.Write("security", "private key file readable by others (0644)",
            "refused with OpenSSH's UNPROTECTED PRIVATE KEY FILE warning (stderr identical to ssh)", $"exit {b.ExitCode}");
    }

    /// <summary>Starts ssh-agent (ended by PID), adds a key; with confirm, the agent runs our askpass.</summary>
    private async Task<(int Pid, string Sock)> StartAgent(string key, bool confirm, string askpassAnswerExit)
    {
        var sock = Path.Combine(S.Dir, "ag" + Guid.NewGuid().ToString("N")[..6]);
        var askpass = Script("agent-askpass" + Guid.NewGuid().ToString("N")[..4], $"exit {askpassAnswerExit}");
        var psi = new System.Diagnostics.ProcessStartInfo("ssh-agent") { UseShellExecute = false, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-D"); psi.ArgumentList.Add("-a"); psi.ArgumentList.Add(sock);
        psi.Environment["SSH_ASKPASS"] = askpass;
        psi.Environment["SSH_ASKPASS_REQUIRE"] = "force";
        psi.Environment["DISPLAY"] = ":0";
        var p = System.Diagnostics.Process.Start(psi)!;
        for (int i = 0; i < 100 && !File.Exists(sock); i++) await Task.Delay(20);
        var add = await ProcessRunner.RunAsync("ssh-add", confirm ? ["-c", key] : [key], env: new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = sock });
        Assert.Equal(0, add.ExitCode);
        return (p.Id, sock);
    }

    [Theory]
    [InlineData(false, "0", true)]
    [InlineData(true, "0", true)]
    [InlineData(true, "1", false)]
    public async Task AgentAuthenticates(bool confirm, string askpassExit, bool expectSuccess)
    {
        var key = NewKey("ed25519", "");
        var (pid, sock) = await StartAgent(key, confirm, askpassExit);
        try
        {
            // A config without the fixture's IdentityFile: only the agent holds a usable key.
            var r = await ProcessRunner.RunAsync(Paths.Braid,
                ["-F", "/dev/null", "-o", "HostName=127.0.0.1", "-o", $"Port={S.Port}", "-o", "User=root", "-o", "UserKnownHostsFile=" + S.KnownHosts,
                 "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentityAgent=" + sock, "-o", "IdentityFile=/nonexistent", "h", "echo ok"]);
            if (expectSuccess) Assert.True(r.Stdout == "ok\n", $"stdout={r.Stdout} stderr={r.Stderr}");
            else Assert.Equal(255, r.ExitCode);
        }
        finally
        {
            try { System.Diagnostics.Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        }
    }
}
