namespace Braid.Config;

/// <summary>
/// [user@]host[:port] and ssh://[user@]host[:port] destinations (misc.c parse_user_host_port,
/// parse_uri), used for ProxyJump hops.
/// </summary>
public static class DestinationParser
{
    /// <summary>parse_ssh_uri: 1 = not an ssh:// URI, 0 = parsed, -1 = malformed.</summary>
    public static int ParseSshUri(string uri, out string? user, out string? host, out int port)
    {
        user = null; host = null; port = -1;
        const string prefix = "ssh://";
        if (!uri.StartsWith(prefix, StringComparison.Ordinal)) return 1;
        var tmp = uri[prefix.Length..];
        int at = tmp.IndexOf('@');
        if (at >= 0)
        {
            var userPart = tmp[..at];
            int semi = userPart.IndexOf(';');
            if (semi >= 0) userPart = userPart[..semi];
            if (userPart.Length == 0) return -1;
            user = Uri.UnescapeDataString(userPart);
            tmp = tmp[(at + 1)..];
        }
        string? cursor = tmp;
        var h = HostPortDelimit(ref cursor, out char delim, allowSlash: true);
        if (h is null || h.Length == 0) return -1;
        h = CleanHostname(h);
        if (ValueParsers.ValidDomain(h, out _) is null) return -1;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (delim == ':')
            {
                int slash = cursor.IndexOf('/');
                var portText = slash >= 0 ? cursor[..slash] : cursor;
                port = ValueParsers.ParsePort(portText);
                if (port <= 0) return -1;
                cursor = slash >= 0 ? cursor[(slash + 1)..] : null;
            }
            if (!string.IsNullOrEmpty(cursor)) return -1; // a path is not allowed in ssh:// destinations
        }
        host = h;
        return 0;
    }

    /// <summary>parse_user_host_port: [user@]host[:port]; false when malformed.</summary>
    public static bool ParseUserHostPort(string s, out string? user, out string? host, out int port)
    {
        user = null; host = null; port = -1;
        var tmp = s;
        int at = tmp.LastIndexOf('@');
        if (at >= 0)
        {
            if (at == 0) return false;
            user = tmp[..at];
            tmp = tmp[(at + 1)..];
        }
        string? cursor = tmp;
        var h = HostPortDelimit(ref cursor, out _, allowSlash: false);
        if (h is null || h.Length == 0) return false;
        host = CleanHostname(h);
        if (!string.IsNullOrEmpty(cursor))
        {
            port = ValueParsers.ParsePort(cursor);
            if (port <= 0) return false;
        }
        return true;
    }

    /// <summary>
    /// hpdelim2: splits "host:rest" or "[v6]:rest"; cursor becomes null at the end. A '/' separator is
    /// only legal in URIs (hpdelim2 with a delimiter pointer); plain hpdelim rejects it.
    /// </summary>
    internal static string? HostPortDelimit(ref string? cursor, out char delim, bool allowSlash)
    {
        delim = '\0';
        if (cursor is null) return null;
        var s = cursor;
        int i;
        if (s.StartsWith('['))
        {
            i = s.IndexOf(']');
            if (i < 0) return null;
            i++;
        }
        else
        {
            i = s.IndexOfAny([':', '/']);
            if (i < 0) i = s.Length;
        }
        if (i >= s.Length)
        {
            cursor = null;
            return s;
        }
        if (s[i] == ':' || (s[i] == '/' && allowSlash))
        {
            delim = s[i];
            cursor = s[(i + 1)..];
            return s[..i];
        }
        return null;
    }

    /// <summary>cleanhostname: strips the brackets of "[addr]".</summary>
    public static string CleanHostname(string h) =>
        h.Length >= 2 && h[0] == '[' && h[^1] == ']' ? h[1..^1] : h;
}
