namespace Braid.Mux.Master;

/// <summary>SendEnv pattern matching (later "-NAME" patterns remove earlier matches).</summary>
public static class EnvPatterns
{
    public static bool Matches(IReadOnlyList<string> patterns, string name)
    {
        bool match = false;
        foreach (var p in patterns)
        {
            if (p.StartsWith('-')) { if (Glob(p[1..], name)) match = false; }
            else if (Glob(p, name)) match = true;
        }
        return match;
    }

    /// <summary>The same `*`/`?` matching as host patterns (OpenSSH uses match_pattern for both).</summary>
    public static bool Glob(string pattern, string s) => Braid.Ssh.HostKeys.HostPatternMatcher.MatchPattern(s, pattern);
}
