using System.Text;

namespace Braid.Config.Tests;

/// <summary>
/// Random configurations (fixed seeds, so failures reproduce) built from every keyword and a pool
/// of valid and invalid values, compared with `ssh -G` exactly like the corpus.
/// BRAID_FUZZ_ITERATIONS raises the count for a longer exploratory run.
/// </summary>
public class DifferentialFuzzTests
{
    private static readonly string[] Values =
    [
        "yes", "no", "true", "false", "ask", "auto", "autoask", "confirm", "none", "any", "always", "force",
        "accept-new", "off", "inet", "inet6", "default", "subsystem", "unbound", "host-bound", "ethernet",
        "0", "1", "3", "22", "2222", "65536", "-1", "10m", "1h30m", "5x", "1G", "1G 1h", "512M none", "15",
        "~/.ssh/id_%h", "/tmp/%C", "\"quoted value\"", "'single'", "${BRAID_TEST_VAR}/x", "%r@%h:%p",
        "a b c", "+aes128-cbc", "-aes*", "^ssh-rsa", "ssh-ed25519", "aes128-ctr", "hmac-sha1",
        "curve25519-sha256", "8080 localhost:80", "1080", "/tmp/s.sock", "localhost:8080", "LANG LC_*",
        "A=1 B=2", "INFO", "DEBUG2", "USER", "LOCAL7", "sha256", "md5", "af21 cs1", "lowdelay", "^A", "~",
        "example.com", "*.example.com", "bob", "root", "user@jump:2200", "x:y", "3:4", "0777", "sometimes",
        "\"unterminated", "=", "a # comment", "interval:50", "session=5m",
        "\"a b\" c", "yes # c", "1K", "0x10", "052", "none none", "any:any", "/tmp/x.sock /tmp/y.sock",
        "[::1]:80 localhost:22", "*:8080 h:80", "${BRAID_UNDEFINED_X}", "%j", "%T", "\"\"", "AUTH", "QUIET",
        "\\\\", "^?", "h*", "!h", "ssh://u@h:22", "u@[::1]:22", "h1,h2,h3", "+hmac-md5", "-hmac-*",
        "rsa-sha2-*", "*", "0177", "9", "65535", "2147483648", "1w", "%d/%u/%L", "${BRAID_TEST_DIR}", "any",
        "localhost:*", "none ask", "confirm 5m", "cs1 af11", "'x'\"y\"", "%h.Example.COM", "H.example", "%%h",
        "10.0.0.1", "2001:db8::1", "[::1]", "h.", "a.b.c.d",
    ];

    private static readonly string[] MatchCriteria =
    [
        "all", "canonical", "final", "!final", "host h*", "host other", "originalhost h", "user root",
        "!user root", "localuser root", "exec true", "exec false", "host h,!x user *", "host *.example.com",
        "canonical host h*", "originalhost H", "exec \"test '%h' = h 2>/dev/null\"", "user lflag", "final host *.com",
    ];

    private static readonly string[] Keywords = KeywordTable.AllNames
        .Where(n => n is not ("include" or "host" or "match" or "tag" or "obscurekeystroketiming" or "channeltimeout" or "controlpreopen"))
        .ToArray();

    public static TheoryData<int> Seeds()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("BRAID_FUZZ_ITERATIONS"), out var v) ? v : 40;
        var offset = int.TryParse(Environment.GetEnvironmentVariable("BRAID_FUZZ_OFFSET"), out var o) ? o : 0;
        var d = new TheoryData<int>();
        for (int i = 1; i <= n; i++) d.Add(offset + i);
        return d;
    }

    internal static string Generate(int seed)
    {
        var rnd = new Random(seed);
        var sb = new StringBuilder("#! args: ");
        // Some command-line variety: -o lines, -p/-l, user@host, odd host spellings.
        // (SessionType=subsystem without a command is a usage error of the CLI, not a config matter.)
        if (rnd.Next(4) == 0) sb.Append("-o \"").Append(Keywords.Where(k => k != "sessiontype").ElementAt(rnd.Next(Keywords.Length - 1))).Append('=')
            .Append(Values[rnd.Next(Values.Length)].Replace("\"", "")).Append("\" ");
        if (rnd.Next(6) == 0) sb.Append("-p 2200 ");
        if (rnd.Next(6) == 0) sb.Append("-l lflag ");
        sb.Append(rnd.Next(8) switch { 0 => "u@h", 1 => "H", 2 => "127.0.0.1", _ => "h" }).Append('\n');
        int lines = rnd.Next(3, 14);
        for (int i = 0; i < lines; i++)
        {
            int kind = rnd.Next(10);
            if (kind == 9 && rnd.Next(3) == 0) sb.Append("Include ").Append(rnd.Next(3) switch { 0 => "conf.d/*.conf", 1 => "absolute.conf", _ => "nothing-*.conf" }).Append('\n');
            else if (kind == 0) sb.Append("Host ").Append(rnd.Next(3) switch { 0 => "h", 1 => "*", _ => "!h *" }).Append('\n');
            else if (kind == 2 && rnd.Next(2) == 0)
                sb.Append(rnd.Next(4) switch { 0 => "HostName ", 1 => "User ", 2 => "CanonicalizeHostname ", _ => "CanonicalDomains " })
                    .Append(Values[rnd.Next(Values.Length)]).Append('\n');
            else if (kind == 1) sb.Append("Match ").Append(MatchCriteria[rnd.Next(MatchCriteria.Length)]).Append('\n');
            else
            {
                var k = Keywords[rnd.Next(Keywords.Length)];
                if (rnd.Next(3) == 0) k = char.ToUpperInvariant(k[0]) + k[1..];
                sb.Append(rnd.Next(2) == 0 ? "  " : "").Append(k).Append(rnd.Next(4) == 0 ? "=" : " ")
                    .Append(Values[rnd.Next(Values.Length)]).Append('\n');
            }
        }
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomConfigMatchesOpenSsh(int seed)
    {
        var dir = Path.Combine(Path.GetTempPath(), "braid-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, $"fuzz-{seed}.cfg");
        var text = Generate(seed);
        File.WriteAllText(file, text);
        try
        {
            using var c = OracleHarness.Prepare(file);
            var expected = OracleHarness.RunSsh(c);
            var actual = OracleHarness.RunBraid(c);
            var context = $"seed {seed}:\n{text}";
            Assert.True(expected.ExitCode == actual.ExitCode, $"exit {expected.ExitCode} vs {actual.ExitCode}\n{string.Join('\n', expected.StderrLines)}\n--\n{string.Join('\n', actual.StderrLines)}\n{context}");
            Assert.True(expected.StderrLines.SequenceEqual(actual.StderrLines),
                $"stderr differs\nssh:\n{string.Join('\n', expected.StderrLines)}\nbraid:\n{string.Join('\n', actual.StderrLines)}\n{context}");
            var exp = expected.Stdout.Split('\n');
            var act = actual.Stdout.Split('\n');
            var diffs = exp.Zip(act).Where(p => p.First != p.Second).Select(p => $"ssh: {p.First}\nbraid: {p.Second}").ToList();
            Assert.True(diffs.Count == 0 && exp.Length == act.Length, string.Join('\n', diffs) + "\n" + context);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
