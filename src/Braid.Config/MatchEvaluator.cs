namespace Braid.Config;

/// <summary>
/// match_cfg_line: evaluates the criteria of a "Match" line. All criteria must hold (AND); "!"
/// negates one. "exec" runs only if everything before it matched. Returns 1 (match), 0 (no match)
/// or -1 (bad line, message already recorded).
/// </summary>
internal static class MatchEvaluator
{
    public static int Evaluate(ParseSession s, ref string? cursor, bool finalPass, string file, int num)
    {
        var o = s.Options;
        var req = s.Request;
        int port = o.Port <= 0 ? 22 : o.Port;
        string ruser = o.User ?? req.LocalUser;
        string host;
        if (finalPass) host = o.HostName ?? s.Host;
        else if (o.HostName is not null)
        {
            // Keep in step with ConfigResolver: HostName may only use %h (and %%).
            host = TokenExpander.PercentExpand(o.HostName, new Dictionary<char, string> { ['h'] = s.Host }, out var err)
                ?? throw TokenContext.ExpansionFailure(s, err, "percent_expand");
        }
        else host = s.Host;

        int result = 1, attributes = 0;
        string? attrib;
        while ((attrib = LineSplitter.NextDelimited(ref cursor)) is not null && attrib.Length != 0)
        {
            var oattrib = attrib;
            if (attrib[0] == '#')
            {
                cursor = null;
                break;
            }
            bool negate = attrib[0] == '!';
            if (negate) attrib = attrib[1..];

            if (attrib.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                string? arg = null;
                if (attributes > 1 || ((arg = LineSplitter.NextDelimited(ref cursor)) is not null && arg.Length != 0 && arg[0] != '#'))
                {
                    s.Diagnostics.Add($"{file} line {num}: '{oattrib}' cannot be combined with other Match attributes");
                    return -1;
                }
                if (arg is not null && arg.StartsWith('#')) cursor = null;
                if (result != 0) result = negate ? 0 : 1;
                return result;
            }
            attributes++;
            if (attrib.Equals("canonical", StringComparison.OrdinalIgnoreCase) || attrib.Equals("final", StringComparison.OrdinalIgnoreCase))
            {
                if (attrib.Equals("final", StringComparison.OrdinalIgnoreCase)) s.WantFinalPass = true;
                if (finalPass == negate) result = 0;
                continue;
            }
            var criteria = LineSplitter.NextDelimited(ref cursor);
            if (criteria is null || criteria.Length == 0 || criteria[0] == '#')
            {
                s.Diagnostics.Add($"Missing Match criteria for {attrib}");
                return -1;
            }
            bool r;
            switch (attrib.ToLowerInvariant())
            {
                case "host":
                    r = PatternMatcher.MatchHostname(host, criteria) == 1;
                    break;
                case "originalhost":
                    r = PatternMatcher.MatchHostname(s.OriginalHost, criteria) == 1;
                    break;
                case "user":
                    r = PatternMatcher.MatchList(ruser, criteria, false) == 1;
                    break;
                case "localuser":
                    r = PatternMatcher.MatchList(req.LocalUser, criteria, false) == 1;
                    break;
                case "tagged":
                    // OpenSSH 9.9 criterion, accepted because Braid accepts Tag.
                    r = PatternMatcher.MatchList(o.Tag ?? "", criteria, false) == 1;
                    break;
                case "exec":
                {
                    var tokens = ExecTokens(s, host, port, ruser);
                    var cmd = TokenExpander.PercentExpand(criteria, tokens, out var err)
                        ?? throw TokenContext.ExpansionFailure(s, err, "percent_expand");
                    if (result != 1) continue; // a failed earlier criterion skips the command
                    int status = RunShell(s, cmd);
                    if (status == -1) throw s.Fatal($"{file} line {num}: match exec '{Trunc(cmd)}' error");
                    r = status == 0;
                    break;
                }
                default:
                    // "localnetwork" (9.4+) is deliberately unsupported, exactly like OpenSSH 9.2.
                    s.Diagnostics.Add($"Unsupported Match attribute {attrib}");
                    return -1;
            }
            if (r == negate) result = 0;
        }
        if (attributes == 0)
        {
            s.Diagnostics.Add("One or more attributes required for Match");
            return -1;
        }
        return result;
    }

    private static string Trunc(string s) => s.Length > 100 ? s[..100] : s;

    /// <summary>The tokens "Match exec" offers (9.2: no %j; %C hashes %l%h%p%r).</summary>
    private static Dictionary<char, string> ExecTokens(ParseSession s, string host, int port, string ruser)
    {
        var req = s.Request;
        var thishost = req.LocalHostName;
        var portstr = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Dictionary<char, string>
        {
            ['C'] = TokenContext.ComputeConnectionHash(thishost, host, portstr, ruser, req.Sha1),
            ['L'] = TokenContext.ShortHost(thishost),
            ['d'] = req.HomeDirectory,
            ['h'] = host,
            ['k'] = s.Options.HostKeyAlias ?? host,
            ['l'] = thishost,
            ['n'] = s.OriginalHost,
            ['p'] = portstr,
            ['r'] = ruser,
            ['u'] = req.LocalUser,
            ['i'] = req.LocalUserId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static int RunShell(ParseSession s, string cmd)
    {
        if (s.Request.ExecRunner is { } runner) return runner(cmd);
        return ShellRunner.Run(cmd, s.Env("SHELL"));
    }
}
