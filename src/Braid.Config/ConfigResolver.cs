namespace Braid.Config;

/// <summary>
/// The whole of ssh.c's configuration sequence: command-line options, then the files (first value
/// wins), HostName and canonicalization, an optional final pass, defaults, and the per-keyword
/// token expansion that happens before <c>ssh -G</c> prints.
/// </summary>
public static class ConfigResolver
{
    /// <summary>Resolves the configuration for one destination. Throws <see cref="ConfigException"/> where ssh exits 255.</summary>
    public static SshConfig Resolve(ConfigRequest req)
    {
        var o = new Options();
        var s = new ParseSession { Request = req, Options = o, Host = req.Host, OriginalHost = req.Host };
        if (!ValidHostname(req.Host)) throw s.Fatal("hostname contains invalid characters");

        foreach (var (keyword, value) in req.CommandLineOptions)
        {
            // A pair with an empty value is taken as a whole "-o" argument ("Port=22", "Port 22").
            var line = value.Length == 0 ? keyword : keyword + "=" + value;
            bool cmdActive = true;
            if (LineProcessor.Process(s, line, "command-line", 0, ref cmdActive, commandLine: true, ReadFlags.UserConf, 0) != 0)
                throw new ConfigException(s.Output());
        }
        // ssh initialises its log from the command line before reading any file.
        if (o.LogLevel != -1) s.Diagnostics.Threshold = o.LogLevel;
        ApplyCommandLineFiles(s, o, req);
        if (req.CommandLinePort is int port && o.Port == -1)
        {
            if (port <= 0 || port > 65535) throw s.Fatal($"Bad port '{port}'");
            o.Port = port;
        }
        if (req.CommandLineUser is not null) o.User ??= req.CommandLineUser;
        if (req.DestinationUser is not null) o.User ??= req.DestinationUser;
        // Debian's 9.2 carries the CVE-2023-51385 fix: a user given on the command line may not carry shell metacharacters.
        if (o.User is not null && !ValidRemoteUser(o.User)) throw s.Fatal("remote username contains invalid characters");

        ReadFiles(s, finalPass: false);
        DefaultsFiller.FillForCanonicalization(o);

        var host = req.Host;
        if (o.HostName is not null)
        {
            host = TokenExpander.PercentExpand(o.HostName, new Dictionary<char, string> { ['h'] = host }, out var err)
                ?? throw TokenContext.ExpansionFailure(s, err, "percent_expand");
            o.HostName = host;
        }
        bool wasAddress = HostCanonicalizer.IsAddress(host);
        if (!wasAddress) host = PatternMatcher.LowerAscii(host);
        bool resolved = false;
        if (o.CanonicalizeHostname != 0 || wasAddress) host = HostCanonicalizer.Canonicalize(s, host, out resolved);
        // With CanonicalizePermittedCNAMEs, ssh resolves the name even when it did not canonicalize
        // (and even for -G), following a permitted CNAME or failing if a direct connection cannot resolve.
        if (!resolved) host = HostCanonicalizer.FollowPermittedCname(s, host);

        if (o.CanonicalizeHostname != 0 && !s.WantFinalPass) s.WantFinalPass = true;
        if (s.WantFinalPass)
        {
            o.HostName = host;
            s.Host = host;
            ReadFiles(s, finalPass: true);
        }

        DefaultsFiller.Fill(o, req, s);
        o.User ??= req.LocalUser;
        if (o.JumpHost is not null) o.ProxyUseFdpass = 0; // never pass descriptors through a ProxyJump
        if (o.Port == 0) o.Port = ValueParsers.ParsePort("ssh") is > 0 and var p ? p : 22;
        CheckConsistency(s, o, host);

        s.Diagnostics.Threshold = o.LogLevel; // ssh.c re-initialises its log with the configured LogLevel here
        if (o.HostKeyAlias is not null) o.HostKeyAlias = PatternMatcher.LowerAscii(o.HostKeyAlias);
        var tokens = TokenContext.Create(req, host, o.Port, o.User, o.HostKeyAlias);
        ExpandBeforeDump(s, o, tokens);
        return new SshConfig(o, req, host, tokens, s.Output());
    }

    /// <summary>-i, -L, -R and -D, which ssh.c handles itself rather than as config lines.</summary>
    private static void ApplyCommandLineFiles(ParseSession s, Options o, ConfigRequest req)
    {
        foreach (var id in req.CommandLineIdentityFiles)
        {
            var p = TokenExpander.TildeExpand(id, req.HomeDirectory, out var err) ?? throw s.Fatal(err!);
            if (File.Exists(p) || Directory.Exists(p)) LineProcessor.AddUnique(o.IdentityFiles, p, true);
            else s.Diagnostics.Add($"Warning: Identity file {p} not accessible: No such file or directory.");
        }
        foreach (var spec in req.CommandLineLocalForwards)
        {
            var f = ForwardParser.Parse(spec, dynamic: false, remote: false, s.Env)
                ?? throw s.Fatal($"Bad local forwarding specification '{spec}'");
            if (!o.LocalForwards.Contains(f)) o.LocalForwards.Add(f);
        }
        foreach (var spec in req.CommandLineRemoteForwards)
        {
            var f = ForwardParser.Parse(spec, dynamic: false, remote: true, s.Env)
                ?? ForwardParser.Parse(spec, dynamic: true, remote: true, s.Env)
                ?? throw s.Fatal($"Bad remote forwarding specification '{spec}'");
            if (!o.RemoteForwards.Contains(f)) o.RemoteForwards.Add(f);
        }
        foreach (var spec in req.CommandLineDynamicForwards)
        {
            var f = ForwardParser.Parse(spec, dynamic: true, remote: false, s.Env)
                ?? throw s.Fatal($"Bad dynamic forwarding specification '{spec}'");
            if (!o.LocalForwards.Contains(f)) o.LocalForwards.Add(f);
        }
    }

    private static void ReadFiles(ParseSession s, bool finalPass)
    {
        var req = s.Request;
        var final = finalPass ? ReadFlags.Final : ReadFlags.None;
        bool active = true;
        if (req.ConfigFile is not null)
        {
            if (req.ConfigFile.Equals("none", StringComparison.OrdinalIgnoreCase)) return;
            if (!ConfigFileReader.Read(s, req.ConfigFile, ReadFlags.UserConf | final, ref active, 0))
            {
                var why = File.Exists(req.ConfigFile) ? "Permission denied" : "No such file or directory";
                throw s.Fatal($"Can't open user config file {Trunc(req.ConfigFile)}: {why}");
            }
            return;
        }
        ConfigFileReader.Read(s, Path.Combine(req.HomeDirectory, ".ssh/config"), ReadFlags.CheckPerm | ReadFlags.UserConf | final, ref active, 0);
        active = true;
        ConfigFileReader.Read(s, req.SystemConfigFile, final, ref active, 0);
    }

    private static string Trunc(string s) => s.Length > 100 ? s[..100] : s;

    /// <summary>The checks ssh.c makes between filling defaults and printing (-G fails on them too).</summary>
    private static void CheckConsistency(ParseSession s, Options o, string host)
    {
        if (o.JumpHost is not null)
        {
            int jport = o.JumpPort <= 0 ? 22 : o.JumpPort;
            var juser = o.JumpUser ?? o.User!;
            if (o.JumpHost == host && o.Port == jport && o.User == juser)
                throw s.Fatal($"jumphost loop via {o.JumpHost}");
        }
        if (o.ProxyCommand == "-" && o.ProxyUseFdpass == 1 && o.JumpHost is null)
            throw s.Fatal("ProxyCommand=- and ProxyUseFDPass are incompatible");
        if (o.UpdateHostKeys == 2)
        {
            if (o.ControlPersist != 0 && o.ControlPath is not null) o.UpdateHostKeys = 0;
            else if (s.Request.HasCommand || o.RemoteCommand is not null || o.RequestTty == 1) o.UpdateHostKeys = 0;
            else if (o.LogLevel < 3) o.UpdateHostKeys = 0;
        }
        if (o.ConnectionAttempts <= 0) throw s.Fatal("Invalid number of ConnectionAttempts");
        if (s.Request.HasCommand && o.RemoteCommand is not null)
            throw s.Fatal("Cannot execute command-line and remote command.");
        if (o.ForkAfterAuthentication == 1 && !s.Request.HasCommand && o.RemoteCommand is null && o.SessionType != 0)
            throw s.Fatal("Cannot fork into background without a command to execute.");
    }

    /// <summary>The expansions ssh.c performs before -G prints (OpenSSH 9.2's set; IdentityFile and others come later).</summary>
    private static void ExpandBeforeDump(ParseSession s, Options o, TokenContext t)
    {
        var tokens = t.DefaultTokens();
        var home = s.Request.HomeDirectory;
        string PercentOnly(string v) =>
            TokenExpander.PercentExpand(v, tokens, out var err) ?? throw TokenContext.ExpansionFailure(s, err, "percent_expand");
        string TildePercentDollar(string v)
        {
            var tilde = TokenExpander.TildeExpand(v, home, out var terr) ?? throw s.Fatal(terr!);
            var r = TokenExpander.PercentDollarExpand(tilde, tokens, s.Env, out var err);
            if (r is not null) return r;
            if (err is not null) s.Diagnostics.Add("vdollar_percent_expand: " + err);
            // Only an unset variable comes back to ssh.c; syntax errors are fatal inside misc.c.
            throw s.Fatal(err is not null && err.StartsWith("env var ", StringComparison.Ordinal)
                ? "invalid environment variable expansion" : "percent_dollar_expand: failed");
        }

        if (o.RemoteCommand is not null) o.RemoteCommand = PercentOnly(o.RemoteCommand);
        if (o.ControlPath is not null) o.ControlPath = TildePercentDollar(o.ControlPath);
        if (o.IdentityAgent is not null) o.IdentityAgent = TildePercentDollar(o.IdentityAgent);
        if (o.ForwardAgentSockPath is not null)
        {
            o.ForwardAgentSockPath = TildePercentDollar(o.ForwardAgentSockPath);
            if (!File.Exists(o.ForwardAgentSockPath) && !Directory.Exists(o.ForwardAgentSockPath))
            {
                var message = $"Cannot forward agent socket path \"{o.ForwardAgentSockPath}\": No such file or directory";
                if (o.ExitOnForwardFailure == 1) throw s.Fatal(message);
                s.Diagnostics.Add(message);
            }
        }
        o.UserHostFilesRaw = o.UserHostFiles.ToList();
        o.UserHostFiles = o.UserHostFiles.Select(TildePercentDollar).ToList();
        for (int i = 0; i < o.LocalForwards.Count; i++) o.LocalForwards[i] = ExpandPaths(o.LocalForwards[i], PercentOnly);
        for (int i = 0; i < o.RemoteForwards.Count; i++) o.RemoteForwards[i] = ExpandPaths(o.RemoteForwards[i], PercentOnly);
    }

    private static Forward ExpandPaths(Forward f, Func<string, string> expand) => f with
    {
        ListenPath = f.ListenPath is null ? null : expand(f.ListenPath),
        ConnectPath = f.ConnectPath is null ? null : expand(f.ConnectPath),
    };

    /// <summary>valid_ruser: no leading '-', no quotes/shell metacharacters, no " -", no trailing backslash.</summary>
    private static bool ValidRemoteUser(string s)
    {
        if (s.StartsWith('-')) return false;
        for (int i = 0; i < s.Length; i++)
        {
            if ("'`\";&<>|(){}".Contains(s[i])) return false;
            if (ValueParsers.IsCSpace(s[i]) && i + 1 < s.Length && s[i + 1] == '-') return false;
            if (s[i] == '\\' && i + 1 == s.Length) return false;
        }
        return true;
    }

    /// <summary>valid_hostname: no shell metacharacters, blanks or controls, and no leading '-'.</summary>
    internal static bool ValidHostname(string s)
    {
        if (s.StartsWith('-')) return false;
        foreach (var c in s)
            if ("'`\"$\\;&<>|(){},".Contains(c) || ValueParsers.IsCSpace(c) || char.IsControl(c)) return false;
        return true;
    }
}
