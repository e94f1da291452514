namespace Braid.Config;

/// <summary>
/// The two tokenizers readconf.c uses. <see cref="NextDelimited"/> is misc.c strdelim(): it finds the
/// keyword (allowing one '=' as separator) and walks Match criteria. <see cref="SplitArguments"/> is
/// misc.c argv_split(): it splits the rest of a line honouring single/double quotes, backslash
/// escapes and a '#' that starts a token as a comment.
/// </summary>
internal static class LineSplitter
{
    private const string Whitespace = " \t\r\n";

    /// <summary>
    /// strdelim: returns the next token and advances <paramref name="rest"/>; rest becomes null when
    /// the input is used up. Returns null on an unterminated double quote.
    /// </summary>
    public static string? NextDelimited(ref string? rest, bool splitEquals = true)
    {
        if (rest is null) return null;
        var s = rest;
        int i = IndexOfAny(s, 0, splitEquals ? Whitespace + "\"=" : Whitespace + "\"");
        if (i < 0)
        {
            rest = null;
            return s;
        }
        if (s[i] == '"')
        {
            // The quote is removed, the token runs to the next quote.
            var afterQuote = s[..i] + s[(i + 1)..];
            int close = afterQuote.IndexOf('"', i);
            if (close < 0)
            {
                rest = null;
                return null;
            }
            var tok = afterQuote[..close];
            int next = close + 1;
            next = SkipSet(afterQuote, next, Whitespace);
            rest = afterQuote[next..];
            return tok;
        }
        bool wspace = splitEquals && s[i] == '=';
        var token = s[..i];
        int j = SkipSet(s, i + 1, Whitespace);
        if (splitEquals && j < s.Length && s[j] == '=' && !wspace)
            j = SkipSet(s, j + 1, Whitespace);
        rest = s[j..];
        return token;
    }

    /// <summary>argv_split(s, terminate_on_comment=1). Returns null on an unterminated quote.</summary>
    public static List<string>? SplitArguments(string s)
    {
        var args = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            if (s[i] == ' ' || s[i] == '\t')
            {
                i++;
                continue;
            }
            if (s[i] == '#') break;
            char quote = '\0';
            var arg = new System.Text.StringBuilder();
            for (; i < s.Length; i++)
            {
                char c = s[i];
                if (c == '\\')
                {
                    char n = i + 1 < s.Length ? s[i + 1] : '\0';
                    if (n == '\'' || n == '"' || n == '\\' || (quote == '\0' && n == ' '))
                    {
                        i++;
                        arg.Append(s[i]);
                    }
                    else
                    {
                        arg.Append(c);
                    }
                }
                else if (quote == '\0' && (c == ' ' || c == '\t')) break;
                else if (quote == '\0' && (c == '"' || c == '\'')) quote = c;
                else if (quote != '\0' && c == quote) quote = '\0';
                else arg.Append(c);
            }
            if (i >= s.Length && quote != '\0') return null;
            args.Add(arg.ToString());
        }
        return args;
    }

    public static int SkipSet(string s, int from, string set)
    {
        while (from < s.Length && set.Contains(s[from])) from++;
        return from;
    }

    private static int IndexOfAny(string s, int from, string set)
    {
        for (int i = from; i < s.Length; i++) if (set.Contains(s[i])) return i;
        return -1;
    }
}
