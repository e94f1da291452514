namespace Braid.Config;

/// <summary>
/// Algorithm-list syntax: validation of names at parse time (ciphers_valid, mac_valid,
/// kex_names_valid, sshkey_names_valid2) and kex_assemble_names, which applies the
/// "+append", "-remove" and "^prepend" modifiers to the default list and expands wildcards
/// against the supported list.
/// </summary>
public static class AlgorithmList
{
    /// <summary>Every comma-separated name must be supported; no wildcards (ciphers/MACs/KEX).</summary>
    public static bool ExactNamesValid(string names, IReadOnlyList<string> supported)
    {
        if (names.Length == 0) return false;
        foreach (var n in names.Split(','))
        {
            if (n.Length == 0) break; // the C strsep loop stops at the first empty element
            if (!supported.Contains(n)) return false;
        }
        return true;
    }

    /// <summary>
    /// sshkey_names_valid2(names, allow_wildcard=1): wildcards must match some key type. OpenSSH 9.2 does
    /// not yet refuse certificate types for CASignatureAlgorithms (later versions do: <paramref name="plainOnly"/>).
    /// </summary>
    public static bool KeyNamesValid(string names, IReadOnlyList<string> supportedKeys, bool plainOnly)
    {
        if (names.Length == 0) return false;
        foreach (var n in names.Split(','))
        {
            if (n.Length == 0) break; // the C loop stops at the first empty element
            if (supportedKeys.Contains(n))
            {
                if (plainOnly && IsCertificate(n)) return false;
                continue;
            }
            bool any = false;
            foreach (var k in supportedKeys)
            {
                if (plainOnly && IsCertificate(k)) continue;
                if (PatternMatcher.MatchList(k, n, false) != 0) { any = true; break; }
            }
            if (!any) return false;
        }
        return true;
    }

    private static bool IsCertificate(string name) => name.Contains("-cert-v01@openssh.com", StringComparison.Ordinal);

    /// <summary>
    /// kex_assemble_names: null/empty → defaults; "+x" appends, "-x" removes (patterns), "^x" prepends;
    /// anything else replaces. Patterns in the result are expanded against <paramref name="all"/>.
    /// Returns null when the result would be empty or uses '!' (an error in OpenSSH).
    /// </summary>
    public static IReadOnlyList<string>? Assemble(string? configured, IReadOnlyList<string> defaults, IReadOnlyList<string> all)
    {
        if (string.IsNullOrEmpty(configured)) return defaults.ToList();
        List<string> list;
        switch (configured[0])
        {
            case '+':
                list = Cat(defaults, Split(configured[1..]));
                break;
            case '-':
                return PatternMatcher.FilterDeny(defaults, configured[1..]);
            case '^':
                list = Cat(Split(configured[1..]), defaults);
                break;
            default:
                list = Split(configured);
                break;
        }
        List<string> ret = [];
        foreach (var pattern in list)
        {
            if (pattern.StartsWith('!')) return null;
            ret = Cat(ret, PatternMatcher.FilterAllow(all, pattern));
        }
        return ret.Count == 0 ? null : ret;
    }

    private static List<string> Split(string s) => s.Length == 0 ? [] : [.. s.Split(',')];

    /// <summary>kex_names_cat: a, then the names of b not already present.</summary>
    private static List<string> Cat(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0) return [.. b];
        var ret = new List<string>(a);
        foreach (var n in b)
        {
            if (n.Length == 0) break;
            if (!ret.Contains(n)) ret.Add(n);
        }
        return ret;
    }
}
