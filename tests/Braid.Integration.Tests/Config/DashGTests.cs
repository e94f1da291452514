using System.Text.RegularExpressions;
using Braid.Integration.Tests.Fixtures;

namespace Braid.Integration.Tests.Config;

/// <summary>
/// Issue 2's acceptance test at the binary level: for every configuration in
/// tests/Braid.Config.Tests/Corpus and for a set of command-line-flag cases, `/usr/bin/ssh -G -F cfg ARGS`
/// and `braid -G -F cfg ARGS` run with the same arguments, environment and a scratch HOME must print
/// the same lines, exit with the same status and say the same on stderr, except for what
/// <see cref="Exemptions"/> lists.
/// </summary>
/// <remarks>
/// Cases use the corpus format of tests/Braid.Config.Tests (see its OracleHarness): "#! args: ..."
/// header lines give the arguments after "-G -F cfg" (default "example.com"), "@DIR@" stands for the
/// scratch HOME, and Corpus/include/ is copied to HOME/.ssh/.
/// </remarks>
public class DashGTests
{
    /// <summary>Everything allowed to differ, and why. Also in docs/differences.md ("braid -G and ssh -G").</summary>
    internal static class Exemptions
    {
        /// <summary>
        /// -G lines whose value may differ while the case leaves the keyword at its default or derives
        /// it from the default or from the implemented set ("+x", "-x", "^x", or a wildcard pattern), because
        /// Braid implements and proposes a different set of algorithms than OpenSSH 9.2. A literal list
        /// ("Ciphers aes128-ctr", -c, -m, -o) must print the same. A wildcard list must print ssh's list
        /// minus the names Braid does not implement (`braid -Q`), in the same order.
        /// "ciphers" is not here: Braid's default cipher list is OpenSSH 9.2's, so the line must match.
        /// </summary>
        public static readonly Dictionary<string, string> AlgorithmLines = new(StringComparer.Ordinal)
        {
            ["kexalgorithms"] = "Braid proposes mlkem768x25519-sha256 first, like OpenSSH 9.9; OpenSSH 9.2 does not have it",
            ["macs"] = "Braid implements no umac-64/umac-128 MACs",
            ["hostkeyalgorithms"] = "Braid implements no security-key (sk-) algorithms (nor their certificates)",
            ["pubkeyacceptedalgorithms"] = "Braid implements no security-key (sk-) algorithms (nor their certificates)",
            ["hostbasedacceptedalgorithms"] = "Braid implements no security-key (sk-) algorithms (nor their certificates)",
            ["casignaturealgorithms"] = "Braid implements no security-key (sk-) algorithms",
            ["gssapikexalgorithms"] = "Debian's GSSAPI key-exchange patch; Braid implements no GSSAPI key exchange, so its list is empty",
        };

        /// <summary>The config keywords (lower case, with their old aliases) behind each exempt line.</summary>
        public static readonly Dictionary<string, string[]> Keywords = new(StringComparer.Ordinal)
        {
            ["ciphers"] = ["ciphers"],
            ["kexalgorithms"] = ["kexalgorithms"],
            ["macs"] = ["macs"],
            ["hostkeyalgorithms"] = ["hostkeyalgorithms"],
            ["pubkeyacceptedalgorithms"] = ["pubkeyacceptedalgorithms", "pubkeyacceptedkeytypes"],
            ["hostbasedacceptedalgorithms"] = ["hostbasedacceptedalgorithms", "hostbasedkeytypes", "hostbasedacceptedkeytypes"],
            ["casignaturealgorithms"] = ["casignaturealgorithms"],
            ["gssapikexalgorithms"] = ["gssapikexalgorithms"],
        };

        /// <summary>
        /// A case that names an algorithm OpenSSH 9.2 implements and Braid does not (aes128-cbc, 3des-cbc,
        /// hmac-md5, diffie-hellman-group1-sha1, ssh-dss, certificates, ...) is rejected by Braid the way ssh
        /// rejects any unknown name: "Bad SSH2 cipher spec '...'" etc., then "terminating", status 255. The
        /// test accepts exactly that, and only when every rejected value really names something Braid lacks
        /// (a KEX list is preceded by "Unsupported KEX algorithm \"name\"", which must name such a thing too).
        /// </summary>
        public static readonly Regex UnsupportedKex = new(@"^Unsupported KEX algorithm ""(?<value>.*)""$", RegexOptions.CultureInvariant);

        /// <summary>See <see cref="UnsupportedKex"/>.</summary>
        public static readonly Regex UnimplementedAlgorithm = new(
            @"^.* line \d+: (?<what>Bad SSH2 cipher spec|Bad SSH2 MAC spec|Bad SSH2 KexAlgorithms|Bad key types|Bad GSSAPI KexAlgorithms) '(?<value>.*)'\.$",
            RegexOptions.CultureInvariant);

        /// <summary>
        /// ssh 9.2 logs this at INFO even under -G when stdin is not a terminal (it always is a pipe here);
        /// Braid's -G prints the configuration before any session setup and says nothing.
        /// </summary>
        public const string SshOnlyStderrLine = "Pseudo-terminal will not be allocated because stdin is not a terminal.";
    }

    private const string Ssh = "/usr/bin/ssh";

    /// <summary>Test-only variables for ${VAR} cases, the same as the library harness sets.</summary>
    private static readonly Dictionary<string, string> ExtraEnv = new()
    {
        ["BRAID_TEST_VAR"] = "from-env",
        ["BRAID_TEST_DIR"] = "/srv/braid",
    };

    private static string CorpusDir => Path.Combine(Paths.RepoRoot, "tests", "Braid.Config.Tests", "Corpus");

    public static TheoryData<string> CorpusCases()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(CorpusDir, "*.cfg").OrderBy(f => f, StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    private const string FlagConfig = """
        Host h
          HostName h.example.net
        Host jump
          User jumper
        Host *
          ServerAliveInterval 15

        """;

    private const string RemoteCommandConfig = "Host h\n  RemoteCommand uptime\n";
    private const string BadConfig = "Host h\n  Bogus yes\n  RSAAuthentication no\n";
    private const string UnsupportedConfig = "Host h\n  RSAAuthentication no\n";

    /// <summary>Command-line flags: name → (arguments after "-G -F cfg", config text).</summary>
    private static readonly Dictionary<string, (string Args, string Config)> FlagCaseTable = new(StringComparer.Ordinal)
    {
        ["flags-01-p-l-A-C-4-o"] = ("-p 2222 -l bob -A -C -4 -o ServerAliveInterval=30 h", FlagConfig),
        ["flags-02-user-at-host"] = ("alice@h", FlagConfig),
        ["flags-03-uri-user-port"] = ("ssh://u@h:77", FlagConfig),
        ["flags-04-uri-host-only"] = ("ssh://h", FlagConfig),
        ["flags-05-l-beats-user-at"] = ("-l bob alice@h", FlagConfig),
        ["flags-06-p-beats-uri-port"] = ("-p 2300 ssh://u@h:77", FlagConfig),
        ["flags-07-o-port-beats-p"] = ("-o \"Port 2300\" -p 2222 h", FlagConfig),
        ["flags-08-6-a-x-k-T"] = ("-6 -a -x -k -T h", FlagConfig),
        ["flags-09-X-K-t"] = ("-X -K -t h", FlagConfig),
        ["flags-10-Y-tt"] = ("-Y -tt h", FlagConfig),
        ["flags-11-N"] = ("-N h", FlagConfig),
        ["flags-12-n-s-subsystem"] = ("-n -s h sftp", FlagConfig),
        ["flags-13-i-twice"] = ("-i @DIR@/id_test -i @DIR@/id_other h", FlagConfig),
        ["flags-14-J-port"] = ("-J jump:2200 h", FlagConfig),
        ["flags-15-J-chain-uri"] = ("-J u@j1,ssh://j2:23 h", FlagConfig),
        ["flags-16-L-R-D"] = ("-L 8080:localhost:80 -R 9090:localhost:90 -D 1080 -L [::1]:8081:x:81 h", FlagConfig),
        ["flags-17-c-m-literal"] = ("-c aes128-ctr,aes256-gcm@openssh.com -m hmac-sha2-256 h", FlagConfig),
        ["flags-18-b-B-e-none"] = ("-b 127.0.0.1 -B lo -e none h", FlagConfig),
        ["flags-19-e-caret-S-M"] = ("-e ^A -S /tmp/ctl-%h -M h", FlagConfig),
        ["flags-20-MM-controlpersist"] = ("-MM -o ControlPersist=10m h", FlagConfig),
        ["flags-21-W"] = ("-W localhost:22 h", FlagConfig),
        ["flags-22-w"] = ("-w 1:2 h", FlagConfig),
        ["flags-23-g-f-command"] = ("-g -f h true", FlagConfig),
        ["flags-24-f-without-command"] = ("-f h", FlagConfig),
        ["flags-25-q"] = ("-q h", FlagConfig),
        ["flags-26-o-hostname-token"] = ("-o HostName=%h.example.org Short", FlagConfig),
        ["flags-27-o-user-token"] = ("-o User=%d h", FlagConfig),
        ["flags-28-o-algorithm-wildcards"] = ("-o \"HostKeyAlgorithms ecdsa-sha2-nistp???,rsa-sha2-???\" -o CASignatureAlgorithms=ssh-ed*,rsa-sha2-512 h", FlagConfig),
        ["flags-29-o-algorithm-literal"] = ("-o MACs=hmac-sha2-512 -o \"PubkeyAcceptedAlgorithms rsa-sha2-256\" h", FlagConfig),
        ["flags-30-E-y-P-O"] = ("-E @DIR@/log -y -P tag -O check h", FlagConfig),
        ["flags-31-remotecommand"] = ("h", RemoteCommandConfig),
        ["flags-32-remotecommand-and-command"] = ("h ls", RemoteCommandConfig),
        ["flags-33-bad-config"] = ("h", BadConfig),
        ["flags-34-bad-config-q"] = ("-q h", BadConfig),
        ["flags-35-bad-config-loglevel-fatal"] = ("-o LogLevel=fatal h", BadConfig),
        ["flags-36-bad-config-loglevel-error"] = ("-o LogLevel=error h", BadConfig),
        ["flags-37-unsupported-option"] = ("h", UnsupportedConfig),
        ["flags-38-unsupported-option-q"] = ("-q h", UnsupportedConfig),
    };

    public static TheoryData<string> FlagCases()
    {
        var data = new TheoryData<string>();
        foreach (var name in FlagCaseTable.Keys.OrderBy(k => k, StringComparer.Ordinal)) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusCases))]
    public Task CorpusMatchesSsh(string file) =>
        CompareAsync(file, File.ReadAllText(Path.Combine(CorpusDir, file)));

    [Theory]
    [MemberData(nameof(FlagCases))]
    public Task FlagsMatchSsh(string name)
    {
        var (args, config) = FlagCaseTable[name];
        return CompareAsync(name + ".cfg", "#! args: " + args + "\n" + config);
    }

    [Fact]
    public void CorpusIsLargeEnough() => Assert.True(CorpusCases().Count >= 40);

    private static async Task CompareAsync(string name, string caseText)
    {
        var home = Path.Combine(Path.GetTempPath(), "braid-dashg-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var (cfg, args) = Prepare(home, name, caseText);
            var env = new Dictionary<string, string?> { ["HOME"] = home };
            foreach (var (k, v) in ExtraEnv) env[k] = v;
            string[] argv = ["-G", "-F", cfg, .. args];
            var sshTask = ProcessRunner.RunAsync(Ssh, argv, env: env, workingDirectory: home);
            var braidTask = ProcessRunner.RunAsync(Paths.Braid, argv, env: env, workingDirectory: home);
            var ssh = await sshTask;
            var braid = await braidTask;
            var text = caseText.Replace("@DIR@", home);
            var context = $"case {name}: -G -F {cfg} {string.Join(' ', args)}";

            var sshErr = StderrLines(ssh.Stderr).Where(l => l != Exemptions.SshOnlyStderrLine + "\r").ToList();
            var braidErr = StderrLines(braid.Stderr);

            if (ssh.ExitCode == 0 && braid.ExitCode == 255 && await RejectsOnlyUnimplementedAsync(braidErr))
                return;

            Assert.True(ssh.ExitCode == braid.ExitCode, $"{context}\nexit status: ssh {ssh.ExitCode}, braid {braid.ExitCode}\nssh stderr: {ssh.Stderr}\nbraid stderr: {braid.Stderr}");
            Assert.True(sshErr.SequenceEqual(braidErr, StringComparer.Ordinal),
                $"{context}\nstderr differs (lines end in \\r on both sides when right)\nssh:\n{Show(sshErr)}\nbraid:\n{Show(braidErr)}");

            var exp = ssh.Stdout.Split('\n');
            var act = braid.Stdout.Split('\n');
            var diffs = new List<string>();
            if (exp.Length != act.Length) diffs.Add($"line count: ssh {exp.Length}, braid {act.Length}");
            for (int i = 0; i < Math.Max(exp.Length, act.Length); i++)
            {
                var e = i < exp.Length ? exp[i] : "<missing>";
                var a = i < act.Length ? act[i] : "<missing>";
                if (e == a) continue;
                var reason = await ExplainAsync(e, a, text, args);
                if (reason is null) diffs.Add($"line {i + 1}:\n  ssh:   {e}\n  braid: {a}");
            }
            Assert.True(diffs.Count == 0, context + "\n" + string.Join('\n', diffs));
        }
        finally
        {
            try { Directory.Delete(home, recursive: true); } catch (IOException) { }
        }
    }

    private static List<string> StderrLines(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Show(IEnumerable<string> lines) => string.Join('\n', lines.Select(l => "  " + l.Replace("\r", "\\r")));

    /// <summary>The scratch HOME: .ssh/ holds Corpus/include with @DIR@ replaced, the case goes to HOME/name.</summary>
    private static (string Config, List<string> Args) Prepare(string home, string name, string caseText)
    {
        var sshDir = Path.Combine(home, ".ssh");
        Directory.CreateDirectory(sshDir);
        var incSource = Path.Combine(CorpusDir, "include");
        if (Directory.Exists(incSource))
        {
            foreach (var f in Directory.GetFiles(incSource, "*", SearchOption.AllDirectories))
            {
                var dst = Path.Combine(sshDir, Path.GetRelativePath(incSource, f));
                Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
                File.WriteAllText(dst, File.ReadAllText(f).Replace("@DIR@", home));
                File.SetUnixFileMode(dst, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        var text = caseText.Replace("@DIR@", home);
        var cfg = Path.Combine(home, name);
        File.WriteAllText(cfg, text);
        var args = new List<string>();
        foreach (var line in text.Split('\n'))
            if (line.StartsWith("#! args:", StringComparison.Ordinal)) args.AddRange(SplitArgs(line[8..]));
        if (args.Count == 0) args.Add("example.com");
        return (cfg, args);
    }

    /// <summary>Shell-like word splitting with single and double quotes (what the "#! args:" lines use).</summary>
    private static List<string> SplitArgs(string s)
    {
        var words = new List<string>();
        var cur = new System.Text.StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (var ch in s.Trim())
        {
            if (quote != '\0')
            {
                if (ch == quote) quote = '\0'; else cur.Append(ch);
            }
            else if (ch is '"' or '\'') { quote = ch; inWord = true; }
            else if (ch is ' ' or '\t' or '\r')
            {
                if (inWord) { words.Add(cur.ToString()); cur.Clear(); inWord = false; }
            }
            else { cur.Append(ch); inWord = true; }
        }
        if (inWord) words.Add(cur.ToString());
        return words;
    }

    private enum Setting { Default, Derived, Wildcard, Literal }

    /// <summary>Null when the differing line is not exempt; otherwise why it may differ.</summary>
    private static async Task<string?> ExplainAsync(string sshLine, string braidLine, string caseText, List<string> args)
    {
        var key = sshLine.Split(' ')[0];
        if (key != braidLine.Split(' ')[0] || !Exemptions.AlgorithmLines.TryGetValue(key, out var reason)) return null;
        switch (Classify(key, caseText, args))
        {
            case Setting.Literal:
                return null;
            case Setting.Wildcard:
                var implemented = await ImplementedAsync(key);
                var sshValue = sshLine[(key.Length + 1)..].Split(',').Where(implemented.Contains);
                return string.Join(',', sshValue) == braidLine[(key.Length + 1)..] ? reason : null;
            default:
                return reason;
        }
    }

    /// <summary>How the case sets the keyword behind a -G line: the strongest form found wins.</summary>
    private static Setting Classify(string key, string caseText, List<string> args)
    {
        var keywords = Exemptions.Keywords[key];
        var values = new List<string>();
        foreach (var raw in caseText.Split('\n')) AddIfKeyword(raw, keywords, values);
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] == "-o" && i + 1 < args.Count) AddIfKeyword(args[++i], keywords, values);
            else if (args[i].StartsWith("-o", StringComparison.Ordinal) && args[i].Length > 2) AddIfKeyword(args[i][2..], keywords, values);
            else if (args[i] == "-c" && key == "ciphers" && i + 1 < args.Count) values.Add(args[++i]);
            else if (args[i] == "-m" && key == "macs" && i + 1 < args.Count) values.Add(args[++i]);
        }
        var result = Setting.Default;
        foreach (var v in values)
        {
            var s = v.Length > 0 && v[0] is '+' or '-' or '^' ? Setting.Derived
                : v.Contains('*') || v.Contains('?') ? Setting.Wildcard
                : Setting.Literal;
            if (s > result) result = s;
        }
        return result;
    }

    private static void AddIfKeyword(string line, string[] keywords, List<string> values)
    {
        var t = line.Trim();
        if (t.Length == 0 || t[0] == '#') return;
        int i = 0;
        while (i < t.Length && t[i] is not (' ' or '\t' or '=')) i++;
        if (!keywords.Contains(t[..i].ToLowerInvariant())) return;
        var v = t[i..].TrimStart(' ', '\t');
        if (v.StartsWith('=')) v = v[1..].TrimStart(' ', '\t');
        values.Add(v.Trim('"'));
    }

    /// <summary>True when every error is a rejected algorithm list naming something Braid does not implement.</summary>
    private static async Task<bool> RejectsOnlyUnimplementedAsync(List<string> braidErr)
    {
        int rejected = 0;
        foreach (var raw in braidErr)
        {
            var line = raw.TrimEnd('\r');
            if (Regex.IsMatch(line, @": terminating, \d+ bad configuration options$")) continue;
            var k = Exemptions.UnsupportedKex.Match(line);
            if (k.Success)
            {
                var kex = await ImplementedAsync("kexalgorithms");
                if (kex.Contains(k.Groups["value"].Value)) return false;
                continue;
            }
            var m = Exemptions.UnimplementedAlgorithm.Match(line);
            if (!m.Success) return false;
            var value = m.Groups["value"].Value;
            if (value.StartsWith('-')) return false; // removing unknown names is fine in both
            if (value.Length > 0 && value[0] is '+' or '^') value = value[1..];
            var kind = m.Groups["what"].Value switch
            {
                "Bad SSH2 cipher spec" => "ciphers",
                "Bad SSH2 MAC spec" => "macs",
                "Bad SSH2 KexAlgorithms" => "kexalgorithms",
                "Bad GSSAPI KexAlgorithms" => "gssapikexalgorithms",
                _ => "hostkeyalgorithms",
            };
            var implemented = await ImplementedAsync(kind);
            if (!value.Split(',').Any(n => !implemented.Any(a => GlobMatch(a, n)))) return false;
            rejected++;
        }
        return rejected > 0;
    }

    private static bool GlobMatch(string s, string pattern) =>
        Regex.IsMatch(s, "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$");

    private static readonly Dictionary<string, Task<HashSet<string>>> Implemented = new(StringComparer.Ordinal);
    private static readonly Lock ImplementedLock = new();

    /// <summary>What Braid implements for a -G line's algorithm kind, from `braid -Q`.</summary>
    private static Task<HashSet<string>> ImplementedAsync(string key)
    {
        var query = key switch
        {
            "ciphers" => "cipher",
            "macs" => "mac",
            "kexalgorithms" => "kex",
            "gssapikexalgorithms" => null,
            _ => "key-sig",
        };
        if (query is null) return Task.FromResult(new HashSet<string>());
        lock (ImplementedLock)
        {
            if (!Implemented.TryGetValue(query, out var t))
                Implemented[query] = t = QueryAsync(query);
            return t;
        }
    }

    private static async Task<HashSet<string>> QueryAsync(string what)
    {
        var r = await ProcessRunner.RunAsync(Paths.Braid, ["-Q", what]);
        Assert.Equal(0, r.ExitCode);
        return r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }
}
