using System.Text;

namespace Braid.Config;

/// <summary>
/// misc.c's expansions: %-tokens (percent_expand), ${VAR} (dollar_expand) and ~ / ~user
/// (tilde_expand_filename). Failures return null with the message OpenSSH would log.
/// </summary>
public static class TokenExpander
{
    /// <summary>Expands %x tokens from <paramref name="tokens"/> and "%%"; unknown tokens are an error.</summary>
    public static string? PercentExpand(string s, IReadOnlyDictionary<char, string> tokens, out string? error) =>
        Expand(s, tokens, null, out error);

    /// <summary>Expands ${VAR} only.</summary>
    public static string? DollarExpand(string s, Func<string, string?> env, out string? error) =>
        Expand(s, null, env, out error);

    /// <summary>percent_dollar_expand: ${VAR} and %x in one pass.</summary>
    public static string? PercentDollarExpand(string s, IReadOnlyDictionary<char, string> tokens, Func<string, string?> env, out string? error) =>
        Expand(s, tokens, env, out error);

    private static string? Expand(string s, IReadOnlyDictionary<char, string>? tokens, Func<string, string?>? env, out string? error)
    {
        error = null;
        var sb = new StringBuilder();
        bool missingVar = false;
        for (int i = 0; i < s.Length; i++)
        {
            if (env is not null && s[i] == '$' && i + 1 < s.Length && s[i + 1] == '{')
            {
                int start = i + 2;
                int end = s.IndexOf('}', start);
                if (end < 0)
                {
                    error = $"environment variable '{s[start..]}' missing closing '}}'";
                    return null;
                }
                if (end == start)
                {
                    error = "zero-length environment variable";
                    return null;
                }
                var name = s[start..end];
                var val = env(name);
                if (val is null)
                {
                    error = $"env var ${{{name}}} has no value";
                    missingVar = true;
                }
                else sb.Append(val);
                i = end;
                continue;
            }
            if (s[i] != '%' || tokens is null)
            {
                sb.Append(s[i]);
                continue;
            }
            i++;
            if (i >= s.Length)
            {
                error = "invalid format";
                return null;
            }
            if (s[i] == '%')
            {
                sb.Append('%');
                continue;
            }
            if (!tokens.TryGetValue(s[i], out var repl))
            {
                error = $"unknown key %{s[i]}";
                return null;
            }
            sb.Append(repl);
        }
        return missingVar ? null : sb.ToString();
    }

    /// <summary>
    /// tilde_expand_filename: "~/x" uses <paramref name="home"/>; "~user/x" looks the user up
    /// in /etc/passwd. Returns null (with an error) for an unknown user.
    /// </summary>
    public static string? TildeExpand(string path, string home, out string? error)
    {
        error = null;
        if (!path.StartsWith('~')) return path;
        var rest = path[1..];
        int slash = rest.IndexOf('/');
        string dir = home;
        if (slash > 0)
        {
            // "~user/path"; note "~name" without a slash is NOT a user lookup in OpenSSH: it becomes $HOME/name.
            var user = rest[..slash];
            var found = LookupHome(user);
            if (found is null)
            {
                error = $"tilde_expand_filename: No such user {user}";
                return null;
            }
            dir = found;
        }
        var sep = dir.Length == 0 || dir[^1] != '/' ? "/" : "";
        var tail = slash >= 0 ? rest[(slash + 1)..] : rest;
        return dir + sep + tail;
    }

    private static string? LookupHome(string user)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length >= 6 && f[0] == user) return f[5];
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
