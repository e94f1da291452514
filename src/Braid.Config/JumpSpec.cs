namespace Braid.Config;

/// <summary>
/// parse_jump: "ProxyJump [user@]host[:port][,more...]" or "none". Only the last hop is stored as
/// jump user/host/port; earlier hops stay as text (jump_extra) and become a nested "-J".
/// Every hop is syntax-checked even when the line is inactive.
/// </summary>
internal static class JumpSpec
{
    /// <param name="strict">Command-line values: hop host names must pass valid_hostname (Debian's CVE-2023-51385 backport).</param>
    /// <param name="s">The hop list (OpenSSH 9.2 parses only the first blank-separated word of the line).</param>
    /// <param name="fullText">The whole value as written; 9.2 compares this one with "none", so "none x" is a host named "none".</param>
    public static bool Apply(string s, Options o, bool active, bool strict = false, DiagnosticLog? diagnostics = null, string? fullText = null)
    {
        active &= o.ProxyCommand is null && o.JumpHost is null;
        bool none = (fullText ?? s).Equals("none", StringComparison.OrdinalIgnoreCase);
        var sdup = s;
        int hash = sdup.IndexOf('#');
        if (hash >= 0) sdup = sdup[..hash];
        sdup = sdup.TrimEnd(' ', '\t', '\r', '\n', '\v', '\f');

        string? user = null, host = null;
        int port = -1;
        bool first = active;
        if (!none)
        {
            while (true)
            {
                int comma = sdup.LastIndexOf(',');
                string cp = comma < 0 ? sdup : sdup[(comma + 1)..];
                if (comma >= 0) sdup = sdup[..comma];
                string? u, h;
                int p;
                int r = DestinationParser.ParseSshUri(cp, out u, out h, out p);
                if (r == -1 || (r == 1 && !DestinationParser.ParseUserHostPort(cp, out u, out h, out p))) return false;
                if (strict && h is not null && !ConfigResolver.ValidHostname(h))
                {
                    diagnostics?.Add($"parse_jump: invalid hostname \"{h}\"");
                    return false;
                }
                if (first)
                {
                    user = u; host = h; port = p;
                }
                first = false;
                if (comma < 0) break;
            }
        }
        if (active)
        {
            if (none)
            {
                o.JumpHost = "none";
                o.JumpPort = 0;
            }
            else
            {
                o.JumpUser = user;
                o.JumpHost = host;
                o.JumpPort = port;
                o.ProxyCommand = "none";
                int lastComma = s.LastIndexOf(',');
                if (lastComma > 0) o.JumpExtra = s[..lastComma];
            }
        }
        return true;
    }
}
