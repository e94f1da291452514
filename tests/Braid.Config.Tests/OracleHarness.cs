using System.Diagnostics;

namespace Braid.Config.Tests;

/// <summary>
/// Runs the installed OpenSSH 9.2 (`ssh -G`, which never connects) and Braid on the same corpus
/// case and reports both results. ssh runs with HOME pointing at a scratch directory so the
/// developer's own configuration is never read; note that ssh still takes "~" from the password
/// database (pw_dir), so Braid is given the same home directory.
/// </summary>
internal static class OracleHarness
{
    public const string Ssh = "/usr/bin/ssh";

    /// <summary>Test-only environment variables visible to both ssh and Braid (for ${VAR} cases).</summary>
    public static readonly Dictionary<string, string> ExtraEnv = new()
    {
        ["BRAID_TEST_VAR"] = "from-env",
        ["BRAID_TEST_DIR"] = "/srv/braid",
    };

    public sealed record Outcome(int ExitCode, string Stdout, IReadOnlyList<string> StderrLines);

    public sealed class Case : IDisposable
    {
        public required string Name { get; init; }
        public required string ConfigPath { get; init; }
        public required string Home { get; init; }
        public required IReadOnlyList<string> Args { get; init; }

        /// <summary>"#! no-F": run without -F, i.e. read ~/.ssh/config (from pw_dir) and /etc/ssh/ssh_config.</summary>
        public bool DefaultFiles { get; init; }
        public void Dispose()
        {
            try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Prepares a corpus case: a scratch HOME with .ssh/ holding the corpus "include" files,
    /// and the case copied in with @DIR@ replaced by the scratch directory.
    /// Header lines "#! args: ..." give ssh's arguments after "-G -F cfg" (the last one is the host).
    /// </summary>
    public static Case Prepare(string corpusFile)
    {
        var home = Path.Combine(Path.GetTempPath(), "braid-cfg-" + Guid.NewGuid().ToString("N")[..12]);
        var sshDir = Path.Combine(home, ".ssh");
        Directory.CreateDirectory(sshDir);
        var incSource = Path.Combine(Path.GetDirectoryName(corpusFile)!, "include");
        if (Directory.Exists(incSource))
        {
            foreach (var f in Directory.GetFiles(incSource, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(incSource, f);
                var dst = Path.Combine(sshDir, rel);
                Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
                File.WriteAllText(dst, File.ReadAllText(f).Replace("@DIR@", home));
                if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dst, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        var text = File.ReadAllText(corpusFile).Replace("@DIR@", home);
        var cfg = Path.Combine(home, Path.GetFileName(corpusFile));
        File.WriteAllText(cfg, text);
        var args = new List<string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("#! args:", StringComparison.Ordinal)) args.AddRange(SplitArgs(line[8..]));
        }
        if (args.Count == 0) args.Add("example.com");
        bool defaultFiles = text.Split('\n').Any(l => l.TrimEnd() == "#! no-F");
        return new Case { Name = Path.GetFileName(corpusFile), ConfigPath = cfg, Home = home, Args = args, DefaultFiles = defaultFiles };
    }

    private static IEnumerable<string> SplitArgs(string s) => LineSplitter.SplitArguments(s.Trim()) ?? [];

    public static Outcome RunSsh(Case c)
    {
        var psi = new ProcessStartInfo(Ssh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-G");
        if (!c.DefaultFiles)
        {
            psi.ArgumentList.Add("-F");
            psi.ArgumentList.Add(c.ConfigPath);
        }
        foreach (var a in c.Args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = c.Home;
        foreach (var (k, v) in ExtraEnv) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        var stdout = stdoutTask.Result;
        p.WaitForExit();
        var lines = stderr.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            // Not configuration output: the tty notice, and debug logging when a case raises LogLevel.
            .Where(l => !l.StartsWith("Pseudo-terminal will not be allocated", StringComparison.Ordinal)
                && !l.StartsWith("debug", StringComparison.Ordinal))
            .ToList();
        return new Outcome(p.ExitCode, stdout, lines);
    }

    public static Outcome RunBraid(Case c)
    {
        var req = BuildRequest(c);
        try
        {
            var cfg = ConfigResolver.Resolve(req);
            return new Outcome(0, cfg.DumpLikeSshG(), cfg.Warnings);
        }
        catch (ConfigException e)
        {
            return new Outcome(e.ExitStatus, "", e.Lines);
        }
    }

    /// <summary>What the CLI would build from ssh's argument vector (the subset the corpus uses).</summary>
    public static ConfigRequest BuildRequest(Case c)
    {
        var opts = new List<(string, string)>();
        var ids = new List<string>();
        var lf = new List<string>();
        var rf = new List<string>();
        var df = new List<string>();
        string? user = null, destUser = null, host = null;
        int? port = null;
        bool hasCommand = false;
        var a = c.Args;
        for (int i = 0; i < a.Count; i++)
        {
            switch (a[i])
            {
                case "-o": opts.Add((a[++i], "")); break;
                case "-p": port ??= int.Parse(a[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                case "-l": user ??= a[++i]; break;
                case "-4": opts.Add(("AddressFamily", "inet")); break;
                case "-6": opts.Add(("AddressFamily", "inet6")); break;
                case "-A": opts.Add(("ForwardAgent", "yes")); break;
                case "-C": opts.Add(("Compression", "yes")); break;
                case "-T": opts.Add(("RequestTTY", "no")); break;
                case "-q": opts.Add(("LogLevel", "QUIET")); break;
                case "-i": ids.Add(a[++i]); break;
                case "-L": lf.Add(a[++i]); break;
                case "-R": rf.Add(a[++i]); break;
                case "-D": df.Add(a[++i]); break;
                default:
                    if (host is not null)
                    {
                        hasCommand = true; // words after the destination are the remote command
                        break;
                    }
                    var h = a[i];
                    int at = h.LastIndexOf('@');
                    if (at > 0) { destUser = h[..at]; h = h[(at + 1)..]; }
                    host = h;
                    break;
            }
        }
        return new ConfigRequest
        {
            Host = host ?? "example.com",
            DestinationUser = destUser,
            CommandLineUser = user,
            CommandLinePort = port,
            CommandLineOptions = opts,
            CommandLineIdentityFiles = ids,
            CommandLineLocalForwards = lf,
            CommandLineRemoteForwards = rf,
            CommandLineDynamicForwards = df,
            ConfigFile = c.DefaultFiles ? null : c.ConfigPath,
            HasCommand = hasCommand,
            LocalUser = LocalUser.Name,
            HomeDirectory = LocalUser.Home,
            LocalUserId = LocalUser.Uid,
            Environment = name => name == "HOME" ? c.Home
                : ExtraEnv.TryGetValue(name, out var v) ? v : Environment.GetEnvironmentVariable(name),
            Defaults = ConfigDefaults.OpenSsh92,
        };
    }
}

/// <summary>The current user as the password database has it (what ssh uses for ~ and %d).</summary>
internal static class LocalUser
{
    private static readonly LocalAccount Account = LocalAccount.Current();
    public static string Name => Account.UserName;
    public static long Uid => Account.UserId;
    public static string Home => Account.HomeDirectory;
}
