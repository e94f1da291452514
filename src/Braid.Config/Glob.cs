namespace Braid.Config;

/// <summary>
/// glob(3) with GLOB_TILDE as Include uses it: '*', '?' and '[...]' per path component, hidden
/// names only matched by a pattern starting with '.', results sorted bytewise, literal paths
/// returned only if they exist. "~" comes from $HOME (glibc's rule), falling back to pw_dir.
/// </summary>
internal static class Glob
{
    public static List<string> Expand(string pattern, ConfigRequest request)
    {
        if (pattern.StartsWith('~'))
        {
            int slash = pattern.IndexOf('/');
            var user = slash < 0 ? pattern[1..] : pattern[1..slash];
            var rest = slash < 0 ? "" : pattern[slash..];
            string? home;
            if (user.Length == 0)
            {
                home = request.GetEnv("HOME");
                if (string.IsNullOrEmpty(home)) home = request.HomeDirectory;
            }
            else
            {
                home = TokenExpander.TildeExpand("~" + user + "/", request.HomeDirectory, out _)?.TrimEnd('/');
                if (home is null) return [];
            }
            pattern = home + rest;
        }

        var parts = pattern.Split('/');
        List<string> current = [pattern.StartsWith('/') ? "/" : ""];
        for (int i = pattern.StartsWith('/') ? 1 : 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Length == 0) continue;
            var next = new List<string>();
            foreach (var dir in current)
            {
                if (!HasMagic(part))
                {
                    next.Add(Join(dir, part));
                    continue;
                }
                var listDir = dir.Length == 0 ? "." : dir;
                if (!Directory.Exists(listDir)) continue;
                IEnumerable<string> names;
                try
                {
                    names = Directory.EnumerateFileSystemEntries(listDir).Select(Path.GetFileName).OfType<string>().ToList();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
                foreach (var name in names)
                {
                    if (name.StartsWith('.') && !part.StartsWith('.')) continue;
                    if (FnMatch(name, part)) next.Add(Join(dir, name));
                }
            }
            current = next;
        }
        var result = current.Where(p => p.Length > 0 && (File.Exists(p) || Directory.Exists(p))).ToList();
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    private static string Join(string dir, string name) =>
        dir.Length == 0 ? name : dir.EndsWith('/') ? dir + name : dir + "/" + name;

    private static bool HasMagic(string s) => s.IndexOfAny(['*', '?', '[']) >= 0;

    /// <summary>fnmatch without flags: '*', '?', and bracket expressions with ranges and '!'/'^' negation.</summary>
    internal static bool FnMatch(string s, string p) => FnMatch(s.AsSpan(), p.AsSpan());

    private static bool FnMatch(ReadOnlySpan<char> s, ReadOnlySpan<char> p)
    {
        while (!p.IsEmpty)
        {
            char c = p[0];
            if (c == '*')
            {
                p = p[1..];
                for (int i = 0; i <= s.Length; i++) if (FnMatch(s[i..], p)) return true;
                return false;
            }
            if (s.IsEmpty) return false;
            if (c == '?')
            {
                s = s[1..];
                p = p[1..];
                continue;
            }
            if (c == '[')
            {
                int j = 1;
                bool neg = j < p.Length && (p[j] == '!' || p[j] == '^');
                if (neg) j++;
                int start = j;
                if (j < p.Length && p[j] == ']') j++; // a leading ']' is a member
                while (j < p.Length && p[j] != ']') j++;
                if (j < p.Length)
                {
                    var set = p[start..j];
                    bool hit = false;
                    for (int i = 0; i < set.Length; i++)
                    {
                        if (i + 2 < set.Length && set[i + 1] == '-')
                        {
                            if (s[0] >= set[i] && s[0] <= set[i + 2]) hit = true;
                            i += 2;
                        }
                        else if (set[i] == s[0]) hit = true;
                    }
                    if (hit == neg) return false;
                    s = s[1..];
                    p = p[(j + 1)..];
                    continue;
                }
            }
            if (c == '\\' && p.Length > 1)
            {
                p = p[1..];
                c = p[0];
            }
            if (s[0] != c) return false;
            s = s[1..];
            p = p[1..];
        }
        return s.IsEmpty;
    }
}
