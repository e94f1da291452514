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

    public static bool Glob(string pattern, string s)
    {
        int p = 0, i = 0, star = -1, mark = 0;
        while (i < s.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == s[i])) { p++; i++; }
            else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = i; }
            else if (star >= 0) { p = star + 1; i = ++mark; }
            else return false;
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
