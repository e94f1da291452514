namespace Braid.Config;

/// <summary>
/// OpenSSH's pattern language (match.c): '*' and '?' wildcards, comma-separated lists,
/// and '!' negation where one negated hit vetoes the whole list.
/// </summary>
public static class PatternMatcher
{
    /// <summary>Whole-string wildcard match, case-sensitive (match_pattern).</summary>
    public static bool Match(string s, string pattern) => Match(s.AsSpan(), pattern.AsSpan());

    private static bool Match(ReadOnlySpan<char> s, ReadOnlySpan<char> p)
    {
        while (true)
        {
            if (p.IsEmpty) return s.IsEmpty;
            if (p[0] == '*')
            {
                while (!p.IsEmpty && p[0] == '*') p = p[1..];
                if (p.IsEmpty) return true;
                for (int i = 0; i <= s.Length; i++)
                {
                    if (Match(s[i..], p)) return true;
                }
                return false;
            }
            if (s.IsEmpty) return false;
            if (p[0] != '?' && p[0] != s[0]) return false;
            s = s[1..];
            p = p[1..];
        }
    }

    /// <summary>
    /// match_pattern_list: 1 if some positive pattern matched, 0 if none, -1 if a negated pattern matched.
    /// With <paramref name="lowercasePatterns"/> the patterns (not the subject) are lowercased first.
    /// </summary>
    public static int MatchList(string subject, string patternList, bool lowercasePatterns)
    {
        bool gotPositive = false;
        var parts = patternList.Split(',');
        // C walks start positions: a trailing comma does not introduce an empty pattern.
        int count = parts.Length > 0 && parts[^1].Length == 0 ? parts.Length - 1 : parts.Length;
        for (int k = 0; k < count; k++)
        {
            var sub = parts[k];
            bool negated = sub.StartsWith('!');
            if (negated) sub = sub[1..];
            if (lowercasePatterns) sub = LowerAscii(sub);
            if (Match(subject, sub))
            {
                if (negated) return -1;
                gotPositive = true;
            }
        }
        return gotPositive ? 1 : 0;
    }

    /// <summary>match_hostname: the host is lowercased and compared against a lowercased pattern list.</summary>
    public static int MatchHostname(string host, string patternList) =>
        MatchList(LowerAscii(host), patternList, lowercasePatterns: true);

    /// <summary>Names of <paramref name="proposal"/> (in its order) matching the pattern list (match_filter_allowlist).</summary>
    public static List<string> FilterAllow(IEnumerable<string> proposal, string filter) =>
        proposal.Where(n => MatchList(n, filter, false) == 1).ToList();

    /// <summary>Names of <paramref name="proposal"/> not matching the pattern list (match_filter_denylist).</summary>
    public static List<string> FilterDeny(IEnumerable<string> proposal, string filter) =>
        proposal.Where(n => MatchList(n, filter, false) != 1).ToList();

    /// <summary>ASCII-only lowercasing, like C's tolower() in the C locale.</summary>
    public static string LowerAscii(string s)
    {
        bool any = false;
        foreach (var c in s) if (c >= 'A' && c <= 'Z') { any = true; break; }
        if (!any) return s;
        return string.Create(s.Length, s, static (span, src) =>
        {
            for (int i = 0; i < src.Length; i++)
            {
                var c = src[i];
                span[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }
}
