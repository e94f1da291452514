using Braid.Integration.Tests.Core;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Security;

/// <summary>
/// Issue 6 item 4g: at -vvv, direct and through a master with passengers, with a passphrase-protected key
/// (ed25519 and ECDSA) and with password and keyboard-interactive logins (answers through SSH_ASKPASS),
/// neither stderr nor an -E log file holds the passphrase, the password, the key file's lines or the
/// private scalar in any of the forms <see cref="SecretMaterial"/> lists.
/// </summary>
public class SecretsInLogsTests(AuthFixture fx) : IClassFixture<AuthFixture>
{
    private SshdServer S => fx.Server;

    private sealed record Login(string Name, string[] Options);

    private static readonly Login[] PasswordLogins =
    [
        new("password", ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password"]),
        new("keyboard-interactive", ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive"]),
    ];

    /// <summary>A client config whose only identity is the given key.</summary>
    private string ConfigFor(string key)
    {
        var p = Path.Combine(S.Dir, "cfg-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllText(p, File.ReadAllText(S.ConfigFile).Replace($"IdentityFile {S.UserKey}", $"IdentityFile {key}"));
        return p;
    }

    private Dictionary<string, string?> Askpass(string passphrase)
    {
        var p = Path.Combine(S.Dir, "askpass-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllText(p, $"#!/bin/sh\ncase \"$1\" in *assphrase*) echo '{passphrase}';; *) echo '{AuthFixture.Password}';; esac\n");
        File.SetUnixFileMode(p, (UnixFileMode)0x1ed);
        return new() { ["SSH_ASKPASS"] = p, ["SSH_ASKPASS_REQUIRE"] = "force", ["DISPLAY"] = null, ["SSH_AUTH_SOCK"] = null };
    }

    /// <summary>Everything written at -vvv by one scenario: (where, text).</summary>
    private sealed class Logs : List<(string Where, string Text)>
    {
        public void AddRun(string where, ProcessResult r, string? logFile = null)
        {
            Assert.True(r.ExitCode == 0 && r.Stdout.Contains("ok", StringComparison.Ordinal), $"{where}: rc={r.ExitCode}\n{r.Stderr}");
            Add((where + " stderr", r.Stderr));
            if (logFile != null) Add((where + " -E file", File.ReadAllText(logFile)));
        }
    }

    private Task<ProcessResult> Braid(string config, Dictionary<string, string?> env, params string[] args) =>
        ProcessRunner.RunAsync(Paths.Braid, new[] { "-F", config, "-vvv", "-o", "BatchMode=no" }.Concat(args), env: env,
            timeout: TimeSpan.FromSeconds(90));

    /// <summary>Direct, twice (stderr, then -E), and as a -f master with -E plus two passengers.</summary>
    private async Task CollectAsync(Logs logs, string label, string config, Dictionary<string, string?> env, string[] login)
    {
        logs.AddRun($"{label} direct", await Braid(config, env, [.. login, "h", "echo ok"]));
        var log = Path.Combine(S.Dir, "E-" + Guid.NewGuid().ToString("N")[..6]);
        logs.AddRun($"{label} direct", await Braid(config, env, [.. login, "-E", log, "h", "echo ok"]), log);

        var path = Path.Combine(S.Dir, "m" + Guid.NewGuid().ToString("N")[..6]);
        var masterLog = Path.Combine(S.Dir, "E-" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            var m = await Braid(config, env, [.. login, "-E", masterLog, "-M", "-S", path, "-N", "-f", "h"]);
            Assert.True(m.ExitCode == 0, $"{label} master: {m.Stderr}");
            logs.Add(($"{label} master stderr", m.Stderr));
            for (int i = 1; i <= 2; i++) logs.AddRun($"{label} passenger {i}", await Braid(config, env, "-S", path, "h", "echo ok"));
            await Braid(config, env, "-S", path, "-O", "exit", "h");
            await MuxFixture.WaitPathGoneAsync(path, 10);
            logs.Add(($"{label} master -E file", File.ReadAllText(masterLog)));
        }
        finally { MuxFixture.KillByPath(path); }
    }

    private static void AssertClean(Logs logs, IEnumerable<(string Name, string Text)> needles, string what)
    {
        var leaks = (from l in logs from n in needles where l.Text.Contains(n.Text, StringComparison.Ordinal)
                     select $"{n.Name} in {l.Where}").ToList();
        ReliabilityRecord.Write("security", $"secrets absent from -vvv logs: {what}",
            leaks.Count == 0 ? "none found" : $"LEAKED: {string.Join("; ", leaks)}",
            $"{needles.Count()} forms searched in {logs.Count} outputs ({logs.Sum(l => l.Text.Length)} chars) — direct (stderr and -E) and a -f master (-E) with 2 passengers");
        Assert.True(leaks.Count == 0, "secrets in the logs: " + string.Join("; ", leaks));
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("ecdsa")]
    public async Task PassphraseKeyLeavesNoTrace(string type)
    {
        var secret = new SecretMaterial(S.Dir, type);
        File.AppendAllText(Path.Combine(S.Dir, "authorized_keys"), File.ReadAllText(secret.KeyFile + ".pub"));
        var logs = new Logs();
        await CollectAsync(logs, type + " key", ConfigFor(secret.KeyFile), Askpass(secret.Passphrase),
            ["-o", "PreferredAuthentications=publickey"]);
        // The logs are real: the key was offered and the askpass was used for it.
        Assert.Contains(logs, l => l.Text.Contains("leak-test", StringComparison.Ordinal) || l.Text.Contains(secret.KeyFile, StringComparison.Ordinal));
        AssertClean(logs, secret.Needles, $"{type} key with passphrase (passphrase, key file lines, private scalar)");
    }

    [Fact]
    public async Task PasswordLoginsLeaveNoTrace()
    {
        var needles = SecretMaterial.TextForms("password", AuthFixture.Password);
        var logs = new Logs();
        foreach (var login in PasswordLogins)
            await CollectAsync(logs, login.Name, S.ConfigFile, Askpass("unused"), login.Options);
        Assert.Contains(logs, l => l.Text.Contains("password", StringComparison.Ordinal));
        AssertClean(logs, needles, "password and keyboard-interactive logins (the password as typed, hex, base64)");
    }
}
