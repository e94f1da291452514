namespace Braid.Config;

/// <summary>
/// parse_forward from readconf.c: "[listen_host:]port|path:connect_host:port|path" (or "[host:]port"
/// for dynamic). Fields may be [bracketed] (IPv6) and ${VAR} is expanded first so a variable can
/// hold a socket path.
/// </summary>
internal static class ForwardParser
{
    public static Forward? Parse(string spec, bool dynamic, bool remote, Func<string, string?> env, DiagnosticLog? diagnostics = null)
    {
        var expanded = TokenExpander.DollarExpand(spec, env, out var err);
        if (expanded is null)
        {
            if (err is not null) diagnostics?.Add("vdollar_percent_expand: " + err);
            return null;
        }
        int p = 0;
        while (p < expanded.Length && ValueParsers.IsCSpace(expanded[p])) p++;
        var rest = expanded[p..];

        var fields = new List<(string Arg, bool IsPath)>();
        string? cursor = rest;
        for (int i = 0; i < 4; i++)
        {
            if (!NextField(ref cursor, out var f)) break;
            fields.Add(f);
        }
        if (cursor is not null && cursor.Length != 0) return null; // trailing garbage

        string? lh = null, lpath = null, ch = null, cpath = null;
        int lp = 0, cp = 0;
        int n = fields.Count;
        switch (n)
        {
            case 1:
                if (fields[0].IsPath) { lpath = fields[0].Arg; lp = Forward.StreamLocal; }
                else lp = ValueParsers.ParsePort(fields[0].Arg);
                ch = "socks";
                break;
            case 2:
                if (fields[0].IsPath && fields[1].IsPath)
                {
                    lpath = fields[0].Arg; lp = Forward.StreamLocal;
                    cpath = fields[1].Arg; cp = Forward.StreamLocal;
                }
                else if (fields[1].IsPath)
                {
                    lp = ValueParsers.ParsePort(fields[0].Arg);
                    cpath = fields[1].Arg; cp = Forward.StreamLocal;
                }
                else
                {
                    lh = fields[0].Arg;
                    lp = ValueParsers.ParsePort(fields[1].Arg);
                    ch = "socks";
                }
                break;
            case 3:
                if (fields[0].IsPath)
                {
                    lpath = fields[0].Arg; lp = Forward.StreamLocal;
                    ch = fields[1].Arg; cp = ValueParsers.ParsePort(fields[2].Arg);
                }
                else if (fields[2].IsPath)
                {
                    lh = fields[0].Arg; lp = ValueParsers.ParsePort(fields[1].Arg);
                    cpath = fields[2].Arg; cp = Forward.StreamLocal;
                }
                else
                {
                    lp = ValueParsers.ParsePort(fields[0].Arg);
                    ch = fields[1].Arg; cp = ValueParsers.ParsePort(fields[2].Arg);
                }
                break;
            case 4:
                lh = fields[0].Arg; lp = ValueParsers.ParsePort(fields[1].Arg);
                ch = fields[2].Arg; cp = ValueParsers.ParsePort(fields[3].Arg);
                break;
            default:
                return null;
        }

        if (dynamic)
        {
            if (!(n == 1 || n == 2)) return null;
        }
        else
        {
            if (!(n == 3 || n == 4) && cpath is null && lpath is null) return null;
            if (cp <= 0 && cpath is null) return null;
        }
        if ((lp < 0 && lpath is null) || (!remote && lp == 0)) return null;
        if (ch is not null && ch.Length >= 1025) return null;
        if (lh is not null && lh.Length >= 1025) return null;
        if (cpath is not null && cpath.Length >= 108) return null;
        if (lpath is not null && lpath.Length >= 108) return null;
        return new Forward(lh, lp, lpath, ch, cp, cpath);
    }

    /// <summary>parse_fwd_field: one ':'-terminated field, [bracketed] literally, '\' escaping.</summary>
    private static bool NextField(ref string? cursor, out (string Arg, bool IsPath) field)
    {
        field = default;
        if (cursor is null || cursor.Length == 0)
        {
            cursor = null;
            return false;
        }
        var s = cursor;
        bool isPath = false;
        if (s[0] == '[')
        {
            int ep = 1;
            for (; ep < s.Length && s[ep] != ']'; ep++) if (s[ep] == '/') isPath = true;
            if (ep >= s.Length || (ep + 1 < s.Length && s[ep + 1] != ':')) return false;
            field = (s[1..ep], isPath);
            cursor = ep + 1 < s.Length ? s[(ep + 2)..] : "";
            return true;
        }
        var sb = new System.Text.StringBuilder();
        int i = 0;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '\\')
            {
                if (i + 1 >= s.Length) return false;
                i++;
                sb.Append(s[i]); // escaped: taken literally, never a separator or a path marker
                continue;
            }
            if (c == '/') isPath = true;
            if (c == ':')
            {
                field = (sb.ToString(), isPath);
                cursor = s[(i + 1)..];
                return true;
            }
            sb.Append(c);
        }
        field = (sb.ToString(), isPath);
        cursor = "";
        return true;
    }
}
