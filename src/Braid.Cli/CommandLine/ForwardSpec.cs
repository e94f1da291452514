namespace Braid.Cli.CommandLine;

/// <summary>
/// readconf.c parse_forward() for -L/-R/-D/-W specs: validates like OpenSSH and produces
/// the ssh_config form of the spec (listen and connect parts as two words).
/// </summary>
internal static class ForwardSpec
{
    private readonly record struct Field(string Value, bool IsPath, int RawStart, int RawEnd);

    /// <summary>The parsed pieces; ports are -1 when absent, Path fields for Unix sockets.</summary>
    public sealed record Parsed(string? ListenHost, int ListenPort, string? ListenPath,
        string? ConnectHost, int ConnectPort, string? ConnectPath, string ConfigValue);

    /// <summary>Returns null when OpenSSH would reject the spec.</summary>
    public static Parsed? Parse(string spec, bool dynamic, bool remote, Func<string, int?> serviceLookup)
    {
        var start = 0;
        while (start < spec.Length && PortNumber.IsCSpace(spec[start])) start++;

        var fields = new List<Field>(4);
        var pos = start;
        var ended = false;
        while (fields.Count < 4)
        {
            if (!TryReadField(spec, ref pos, out var field, out ended)) break;
            fields.Add(field);
            if (ended) break;
        }
        // Anything left over (a 5th field, or a field that failed to parse) is garbage.
        if (!ended) return null;

        string? listenHost = null, listenPath = null, connectHost = null, connectPath = null;
        int listenPort = -1, connectPort = -1;
        var listenFieldCount = 0; // how many fields form the listen part
        int Port(int i) => PortNumber.Parse(fields[i].Value, serviceLookup);
        const int streamLocal = -2;

        switch (fields.Count)
        {
            case 1:
                if (fields[0].IsPath) { listenPath = fields[0].Value; listenPort = streamLocal; }
                else listenPort = Port(0);
                connectHost = "socks";
                listenFieldCount = 1;
                break;
            case 2:
                if (fields[0].IsPath && fields[1].IsPath)
                {
                    listenPath = fields[0].Value; listenPort = streamLocal;
                    connectPath = fields[1].Value; connectPort = streamLocal;
                    listenFieldCount = 1;
                }
                else if (fields[1].IsPath)
                {
                    listenPort = Port(0);
                    connectPath = fields[1].Value; connectPort = streamLocal;
                    listenFieldCount = 1;
                }
                else
                {
                    listenHost = fields[0].Value; listenPort = Port(1);
                    connectHost = "socks";
                    listenFieldCount = 2;
                }
                break;
            case 3:
                if (fields[0].IsPath)
                {
                    listenPath = fields[0].Value; listenPort = streamLocal;
                    connectHost = fields[1].Value; connectPort = Port(2);
                    listenFieldCount = 1;
                }
                else if (fields[2].IsPath)
                {
                    listenHost = fields[0].Value; listenPort = Port(1);
                    connectPath = fields[2].Value; connectPort = streamLocal;
                    listenFieldCount = 2;
                }
                else
                {
                    listenPort = Port(0);
                    connectHost = fields[1].Value; connectPort = Port(2);
                    listenFieldCount = 1;
                }
                break;
            case 4:
                listenHost = fields[0].Value; listenPort = Port(1);
                connectHost = fields[2].Value; connectPort = Port(3);
                listenFieldCount = 2;
                break;
            default:
                return null;
        }

        var count = fields.Count;
        if (dynamic)
        {
            if (count is not (1 or 2)) return null;
        }
        else
        {
            if (count is not (3 or 4) && connectPath is null && listenPath is null) return null;
            if (connectPort <= 0 && connectPath is null) return null;
        }
        if ((listenPort < 0 && listenPort != streamLocal && listenPath is null) || (!remote && listenPort == 0))
            return null;
        // NI_MAXHOST (1025) and sizeof(sun_path) (108) limits.
        if (connectHost is { Length: >= 1025 } || listenHost is { Length: >= 1025 }) return null;
        if (connectPath is { Length: >= 108 } || listenPath is { Length: >= 108 }) return null;

        string configValue;
        if (dynamic || count == listenFieldCount)
            configValue = ConfigWord(spec[start..]);
        else
        {
            // ssh_config joins its two words with ':' before calling parse_forward, so
            // splitting the raw text at the colon between listen and connect is lossless.
            var colon = fields[listenFieldCount - 1].RawEnd;
            configValue = ConfigWord(spec[start..colon]) + " " + ConfigWord(spec[(colon + 1)..]);
        }
        return new Parsed(listenHost, listenPort, listenPath, connectHost, connectPort, connectPath, configValue);
    }

    // parse_fwd_field(): a "[...]" field is literal; otherwise a backslash makes the next
    // character literal and an unescaped '/' marks a path. RawEnd is the index of the ':' (or end).
    private static bool TryReadField(string spec, ref int pos, out Field field, out bool ended)
    {
        field = default;
        ended = false;
        if (pos >= spec.Length) { ended = true; return false; }
        var rawStart = pos;
        if (spec[pos] == '[')
        {
            var isPath = false;
            var ep = pos + 1;
            for (; ep < spec.Length && spec[ep] != ']'; ep++)
                if (spec[ep] == '/') isPath = true;
            if (ep >= spec.Length) return false;
            if (ep + 1 < spec.Length && spec[ep + 1] != ':') return false;
            field = new Field(spec[(pos + 1)..ep], isPath, rawStart, ep + 1);
            if (ep + 1 >= spec.Length) { pos = spec.Length; ended = true; }
            else
            {
                pos = ep + 2;
                // "[a]:" with nothing after: OpenSSH stops with an empty remainder, which is fine.
                if (pos >= spec.Length) ended = true;
            }
            return true;
        }

        var value = new System.Text.StringBuilder();
        var path = false;
        for (; pos < spec.Length; pos++)
        {
            var c = spec[pos];
            if (c == '\\')
            {
                // The escaped character is taken literally (OpenSSH's loop steps over it).
                if (++pos >= spec.Length) return false;
                value.Append(spec[pos]);
                continue;
            }
            if (c == '/') path = true;
            if (c == ':')
            {
                field = new Field(value.ToString(), path, rawStart, pos);
                pos++;
                return FinishAfterColon(spec, pos, ref ended);
            }
            value.Append(c);
        }
        field = new Field(value.ToString(), path, rawStart, pos);
        ended = true;
        return true;
    }

    private static bool FinishAfterColon(string spec, int pos, ref bool ended)
    {
        if (pos >= spec.Length) ended = true; // trailing ':' → the next field read ends the string
        return true;
    }

    // One ssh_config word: quoted when it would otherwise be split or unescaped.
    private static string ConfigWord(string text)
    {
        var needsQuoting = text.Length == 0;
        foreach (var c in text)
            if (PortNumber.IsCSpace(c) || c is '"' or '\'' or '\\' or '#') { needsQuoting = true; break; }
        if (!needsQuoting) return text;
        return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}
