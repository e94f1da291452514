using System.Globalization;
using System.Text;
using Braid.Integration.Tests.Fixtures;
using Braid.Integration.Tests.Mux;

namespace Braid.Integration.Tests.Core;

/// <summary>
/// Passwords and key passphrases are wiped once used: a live braid process, authenticated and running a
/// session, is searched (all of its readable memory, through /proc/PID/mem) for the secret as UTF-8 and
/// as UTF-16 (a .NET string). Neither may be found.
/// </summary>
public class SecretsInMemoryTests(AuthFixture fx) : IClassFixture<AuthFixture>
{
    private SshdServer S => fx.Server;

    private string Askpass(string answer)
    {
        var p = Path.Combine(S.Dir, "askpass-mem-" + Guid.NewGuid().ToString("N")[..6]);
        File.WriteAllText(p, $"#!/bin/sh\necho '{answer}'\n");
        File.SetUnixFileMode(p, (UnixFileMode)0x1ed);
        return p;
    }

    [Fact]
    public async Task APasswordIsNotLeftInMemory()
    {
        await AssertNotInMemoryAfterLogin(AuthFixture.Password,
            ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password"]);
    }

    [Fact]
    public async Task AKeyboardInteractiveAnswerIsNotLeftInMemory()
    {
        await AssertNotInMemoryAfterLogin(AuthFixture.Password,
            ["-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive"]);
    }

    [Fact]
    public async Task AKeyPassphraseIsNotLeftInMemory()
    {
        string passphrase = "pp-" + Guid.NewGuid().ToString("N");
        var key = Path.Combine(S.Dir, "k_mem_" + Guid.NewGuid().ToString("N")[..8]);
        SshdServer.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-f", key);
        File.Delete(key + ".pub"); // without the public half the key is decrypted up front
        File.AppendAllText(Path.Combine(S.Dir, "authorized_keys"), SshdServer.Run("ssh-keygen", "-y", "-P", passphrase, "-f", key));
        await AssertNotInMemoryAfterLogin(passphrase,
            ["-o", "IdentityFile=" + key, "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no"]);
    }

    private async Task AssertNotInMemoryAfterLogin(string secret, string[] options)
    {
        var env = new Dictionary<string, string?>
        {
            ["SSH_ASKPASS"] = Askpass(secret), ["SSH_ASKPASS_REQUIRE"] = "force", ["DISPLAY"] = null, ["SSH_AUTH_SOCK"] = null,
        };
        var args = new List<string> { "-F", S.ConfigFile, "-o", "BatchMode=no" };
        args.AddRange(options);
        args.AddRange(["h", "echo ready; sleep 60"]);
        using var p = LiveProcess.Start(Paths.Braid, args, env);
        try
        {
            await p.WaitForStdoutAsync("ready");
            // Let the runtime settle (pooled buffers returned, finalizers run) as a real session would.
            await Task.Delay(500);
            var found = Search(p.Pid, [Encoding.UTF8.GetBytes(secret), Encoding.Unicode.GetBytes(secret)]);
            ReliabilityRecord.Write("security", $"secret left in a live, authenticated braid's memory ({string.Join(" ", options.Where(o => o.Contains('=')).Take(2))})",
                found == null ? "absent" : "FOUND", found ?? "all readable memory searched for it as UTF-8 and UTF-16");
            Assert.True(found == null, $"the secret is still in braid's memory ({found})");
        }
        finally
        {
            MuxFixture.KillPid(p.Pid);
        }
    }

    /// <summary>Where one of the needles (0 = UTF-8, 1 = UTF-16) occurs in the process's readable memory, or null.</summary>
    private static string? Search(int pid, byte[][] needles)
    {
        using var mem = new FileStream($"/proc/{pid}/mem", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
        var buf = new byte[1 << 20];
        int overlap = needles.Max(n => n.Length);
        foreach (var line in File.ReadAllLines($"/proc/{pid}/maps"))
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts[1][0] != 'r' || (parts.Length == 6 && parts[5].Trim() is "[vvar]" or "[vsyscall]")) continue;
            var range = parts[0].Split('-');
            long start = long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            long end = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            for (long at = start; at < end; at += buf.Length - overlap)
            {
                int want = (int)Math.Min(buf.Length, end - at), got = 0;
                try
                {
                    mem.Seek(at, SeekOrigin.Begin);
                    int n;
                    while (got < want && (n = mem.Read(buf, got, want - got)) > 0) got += n;
                }
                catch (IOException) { }
                for (int k = 0; k < needles.Length; k++)
                {
                    int i = buf.AsSpan(0, got).IndexOf(needles[k]);
                    if (i >= 0) return $"needle {k} at 0x{at + i:x} in {line}";
                }
                if (got < want) break;
            }
        }
        return null;
    }
}
