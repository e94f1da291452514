namespace Braid.Config;

/// <summary>Host, Match and Include: the keywords that decide which later lines apply.</summary>
internal static partial class LineProcessor
{
    private static int HostLine(Line l, ref bool active)
    {
        if (l.CommandLine) return l.Error("Host directive not supported as a command-line option");
        active = false;
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Length == 0) return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} empty argument");
            if ((l.Flags & ReadFlags.NeverMatch) != 0)
            {
                l.A.Consume();
                break;
            }
            bool negated = arg[0] == '!';
            if (negated) arg = arg[1..];
            // Host patterns are matched case-sensitively against the name as typed (match_pattern).
            if (PatternMatcher.Match(l.S.Host, arg))
            {
                if (negated)
                {
                    active = false;
                    l.A.Consume();
                    break;
                }
                active = true;
            }
        }
        return 0;
    }

    private static int MatchLine(Line l, ref bool active)
    {
        // OpenSSH really says "Host directive" for Match too.
        if (l.CommandLine) return l.Error("Host directive not supported as a command-line option");
        string? cursor = l.Str;
        int value = MatchEvaluator.Evaluate(l.S, ref cursor, (l.Flags & ReadFlags.Final) != 0, l.File, l.Num);
        if (value < 0) return l.Error($"{l.File} line {l.Num}: Bad Match condition");
        active = (l.Flags & ReadFlags.NeverMatch) == 0 && value == 1;
        // If the criteria did not use up the line, leave the arguments so "extra arguments" fires.
        if (string.IsNullOrEmpty(cursor)) l.A.Consume();
        return 0;
    }

    private static int IncludeLine(Line l, ref bool active)
    {
        if (l.CommandLine) return l.Error("Include directive not supported as a command-line option");
        bool user = (l.Flags & ReadFlags.UserConf) != 0;
        string? arg;
        while ((arg = l.A.Next()) is not null)
        {
            if (arg.Length == 0) return l.Error($"{l.File} line {l.Num}: keyword {l.Keyword} empty argument");
            if (arg[0] == '~' && !user) return l.Error($"{l.At} bad include path {arg}.");
            // Relative paths live in ~/.ssh for user files and /etc/ssh for system files.
            string path = !arg.StartsWith('/') && arg[0] != '~'
                ? (user ? "~/.ssh" : l.S.Request.SystemConfigDirectory) + "/" + arg
                : arg;
            var files = Glob.Expand(path, l.S.Request);
            if (files.Count == 0) continue;
            bool outerActive = active;
            foreach (var f in files)
            {
                var flags = l.Flags | ReadFlags.CheckPerm | (outerActive ? ReadFlags.None : ReadFlags.NeverMatch);
                ConfigFileReader.Read(l.S, f, flags, ref active, l.Depth + 1);
                // A Match inside an included file must not change the including file's state.
                active = outerActive;
            }
        }
        return 0;
    }
}
