namespace Braid.Config;

/// <summary>
/// Multi-valued keywords. Their rules differ and are OpenSSH's: IdentityFile, CertificateFile and the
/// forwards accumulate across blocks (duplicates dropped); SendEnv accumulates and "-pattern" removes;
/// SetEnv, the known-hosts lists, CanonicalDomains, PermitRemoteOpen… take the whole first line.
/// </summary>
internal static partial class LineProcessor
{
    private const int MaxIdentityFiles = 100;
    private const int MaxCertificateFiles = 100;
    private const int MaxHostFiles = 16;

    private static int IdentityFile(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        if (l.Active)
        {
            if (l.O.IdentityFiles.Count >= MaxIdentityFiles)
                return l.Error($"{l.At} Too many identity files specified (max {MaxIdentityFiles}).");
            AddUnique(l.O.IdentityFiles, arg, (l.Flags & ReadFlags.UserConf) != 0);
        }
        return 0;
    }

    private static int CertificateFile(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        if (l.Active)
        {
            if (l.O.CertificateFiles.Count >= MaxCertificateFiles)
                return l.Error($"{l.At} Too many certificate files specified (max {MaxCertificateFiles}).");
            AddUnique(l.O.CertificateFiles, arg, (l.Flags & ReadFlags.UserConf) != 0);
        }
        return 0;
    }

    /// <summary>add_identity_file's duplicate rule: same path and same user-provided flag.</summary>
    internal static void AddUnique(List<(string Path, bool UserProvided)> list, string path, bool userProvided)
    {
        foreach (var e in list) if (e.UserProvided == userProvided && e.Path == path) return;
        list.Add((path, userProvided));
    }

    /// <summary>parse_char_array (known-hosts files): the first line's arguments win as a whole.</summary>
    private static int FileList(Line l, ref List<string> field)
    {
        bool wasEmpty = field.Count == 0;
        int i = 0;
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Length == 0) return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} empty argument");
            if (arg.Equals("none", StringComparison.OrdinalIgnoreCase) && (i > 0 || l.A.Remaining > 0))
                return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} \"none\" argument must appear alone.");
            i++;
            if (l.Active && wasEmpty)
            {
                if (field.Count >= MaxHostFiles)
                    return l.Error($"{l.File} line {l.Num}: too many {l.Keyword} entries.");
                field.Add(arg);
            }
        }
        return 0;
    }

    /// <summary>
    /// LogVerbose: validated like the file lists, but readconf.c tests "list still empty" per argument,
    /// so only the first argument of the first line is kept. Reproduced as is.
    /// </summary>
    private static int LogVerbose(Line l)
    {
        int i = 0;
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Length == 0) return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} empty argument");
            if (arg.Equals("none", StringComparison.OrdinalIgnoreCase) && (i > 0 || l.A.Remaining > 0))
                return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} \"none\" argument must appear alone.");
            i++;
            if (l.Active && l.O.LogVerbose.Count == 0) l.O.LogVerbose.Add(arg);
        }
        return 0;
    }

    private static int ForwardLine(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        bool remote = l.Op == Keyword.RemoteForward;
        bool dynamic = l.Op == Keyword.DynamicForward;
        string spec = arg;
        if (!dynamic)
        {
            var arg2 = l.A.Next();
            if (string.IsNullOrEmpty(arg2))
            {
                if (remote) dynamic = true;
                else return l.Error($"{l.At} Missing target argument.");
            }
            else spec = arg + ":" + arg2;
        }
        var fwd = ForwardParser.Parse(spec, dynamic, remote, l.S.Env, l.S.Diagnostics);
        if (fwd is null) return l.Error($"{l.At} Bad forwarding specification.");
        if (l.Active)
        {
            var list = remote ? l.O.RemoteForwards : l.O.LocalForwards;
            if (!list.Contains(fwd)) list.Add(fwd);
        }
        return 0;
    }

    private static int PermitRemoteOpen(Line l)
    {
        bool found = l.O.PermittedRemoteOpens.Count == 0;
        var strs = new List<string>();
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Equals("none", StringComparison.OrdinalIgnoreCase) || arg.Equals("any", StringComparison.OrdinalIgnoreCase))
            {
                if (strs.Count > 0 || l.A.Remaining > 0)
                    return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} \"{arg}\" argument must appear alone.");
            }
            else
            {
                // hpdelim: a host part (maybe [bracketed]) then a port that must be '*' or valid.
                string? portPart = arg;
                if (DestinationParser.HostPortDelimit(ref portPart, out _, allowSlash: false) is null)
                    throw l.S.Fatal($"{l.File} line {l.Num}: missing host in permitremoteopen");
                if (portPart is null || (portPart != "*" && ValueParsers.ParsePort(portPart) <= 0))
                    throw l.S.Fatal($"{l.File} line {l.Num}: bad port number in permitremoteopen");
            }
            strs.Add(arg);
        }
        if (strs.Count == 0) throw l.S.Fatal($"{l.File} line {l.Num}: missing permitremoteopen specification");
        if (found && l.Active) l.O.PermittedRemoteOpens = strs;
        return 0;
    }

    private static int SendEnv(Line l)
    {
        bool found = false;
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Length == 0 || arg.Contains('=')) return l.Error($"{l.File} line {l.Num}: Invalid environment name.");
            found = true;
            if (!l.Active) continue;
            if (arg[0] == '-')
            {
                var pattern = arg[1..];
                l.O.SendEnv.RemoveAll(e => PatternMatcher.Match(e, pattern));
                continue;
            }
            l.O.SendEnv.Add(arg);
        }
        if (!found) throw l.S.Fatal($"{l.File} line {l.Num}: no {l.Keyword} specified");
        return 0;
    }

    private static int SetEnv(Line l)
    {
        bool found = l.O.SetEnv.Count == 0;
        var strs = new List<string>();
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            int eq = arg.IndexOf('=');
            if (eq < 0) return l.Error($"{l.File} line {l.Num}: Invalid SetEnv.");
            var name = arg[..eq];
            if (strs.Any(e => e[..e.IndexOf('=')] == name)) continue; // first value per name wins
            strs.Add(arg);
        }
        if (strs.Count == 0) throw l.S.Fatal($"{l.File} line {l.Num}: no {l.Keyword} specified");
        if (found && l.Active) l.O.SetEnv = strs;
        return 0;
    }

    private static int CanonicalDomains(Line l)
    {
        bool found = l.O.CanonicalDomains.Count == 0;
        var strs = new List<string>();
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Length == 0) return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} empty argument");
            if (arg.Equals("none", StringComparison.OrdinalIgnoreCase) && (strs.Count > 0 || l.A.Remaining > 0))
                return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} \"none\" argument must appear alone.");
            var domain = ValueParsers.ValidDomain(arg, out var err);
            if (domain is null) return l.Error($"{l.File} line {l.Num}: {err}");
            strs.Add(domain);
        }
        if (strs.Count == 0) throw l.S.Fatal($"{l.File} line {l.Num}: no {l.Keyword} specified");
        if (found && l.Active) l.O.CanonicalDomains = strs;
        return 0;
    }

    private static int PermittedCnames(Line l)
    {
        bool found = l.O.PermittedCnames.Count == 0;
        var cnames = new List<(string, string)>();
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            string source, target;
            if (arg.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                if (cnames.Count > 0 || l.A.Remaining > 0)
                    return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} \"none\" argument must appear alone.");
                source = arg;
                target = "";
            }
            else if (arg == "*")
            {
                source = arg;
                target = arg;
            }
            else
            {
                var lower = PatternMatcher.LowerAscii(arg);
                int colon = lower.IndexOf(':');
                if (colon < 0 || colon == lower.Length - 1)
                    return l.Error($"{l.File} line {l.Num}: Invalid permitted CNAME \"{lower}\"");
                source = lower[..colon];
                target = lower[(colon + 1)..];
            }
            cnames.Add((source, target));
        }
        if (cnames.Count == 0) throw l.S.Fatal($"{l.File} line {l.Num}: no {l.Keyword} specified");
        if (found && l.Active) l.O.PermittedCnames = cnames;
        return 0;
    }

    /// <summary>ChannelTimeout (client side since OpenSSH 9.7): "type=interval" entries or "none".</summary>
    private static int ChannelTimeout(Line l)
    {
        bool found = l.O.ChannelTimeouts.Count == 0;
        var strs = new List<string>();
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                if (strs.Count > 0 || l.A.Remaining > 0)
                    return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} \"none\" argument must appear alone.");
            }
            else
            {
                int eq = arg.IndexOf('=');
                if (eq <= 0 || ValueParsers.ConvTime(arg[(eq + 1)..]) < 0)
                    throw l.S.Fatal($"{l.File} line {l.Num}: invalid channel timeout {arg}");
            }
            strs.Add(arg);
        }
        if (strs.Count == 0) throw l.S.Fatal($"{l.File} line {l.Num}: no {l.Keyword} specified");
        if (found && l.Active) l.O.ChannelTimeouts = strs;
        return 0;
    }
}
