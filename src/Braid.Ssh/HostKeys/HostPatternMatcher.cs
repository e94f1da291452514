namespace Braid.Ssh.HostKeys;

/// <summary>Host-name glob matching as OpenSSH's match.c does it (match_pattern, match_pattern_list,
/// match_hostname): '*' and '?' wildcards, comma-separated lists, '!' negation, case-insensitive.</summary>
public static class HostPatternMatcher
{
    /// <summary>The result of matching a name against a pattern list.</summary>
    public enum ListMatch { NoMatch = 0, Match = 1, NegatedMatch = -1 }

    /// <summary>match_hostname: the host and every sub-pattern are lowercased; a matching negated
    /// sub-pattern wins immediately over any positive one.</summary>
    public static ListMatch MatchHostname(string host, string patternList)
        => MatchPatternList(host.ToLowerInvariant(), patternList, lowercase: true);

    /// <summary>match_pattern_list: returns NegatedMatch as soon as a '!pattern' matches,
    /// Match if some positive pattern matched, NoMatch otherwise.</summary>
    public static ListMatch MatchPatternList(string value, string patternList, bool lowercase)
    {
        bool gotPositive = false;
        foreach (var raw in patternList.Split(','))
        {
            bool negated = raw.StartsWith('!');
            var sub = negated ? raw[1..] : raw;
            if (lowercase) sub = sub.ToLowerInvariant();
            if (MatchPattern(value, sub))
            {
                if (negated) return ListMatch.NegatedMatch;
                gotPositive = true;
            }
        }
        return gotPositive ? ListMatch.Match : ListMatch.NoMatch;
    }

    /// <summary>match_pattern: whole-string glob match, '*' = any run (also empty), '?' = one char.
    /// Case-sensitive; callers lowercase first.</summary>
    public static bool MatchPattern(ReadOnlySpan<char> s, ReadOnlySpan<char> pattern)
    {
        // Iterative glob with single backtrack point: linear-ish, no recursion depth issues on hostile input.
        int si = 0, pi = 0, starP = -1, starS = 0;
        while (si < s.Length)
        {
            if (pi < pattern.Length && (pattern[pi] == '?' || pattern[pi] == s[si]) && pattern[pi] != '*')
            {
                si++; pi++;
            }
            else if (pi < pattern.Length && pattern[pi] == '*')
            {
                starP = pi++; starS = si;
            }
            else if (starP >= 0)
            {
                pi = starP + 1; si = ++starS;
            }
            else return false;
        }
        while (pi < pattern.Length && pattern[pi] == '*') pi++;
        return pi == pattern.Length;
    }
}
