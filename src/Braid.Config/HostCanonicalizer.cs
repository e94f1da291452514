using System.Net;
using System.Net.Sockets;

namespace Braid.Config;

/// <summary>
/// resolve_canonicalize: IP literals are normalised; with CanonicalizeHostname the name is tried
/// with each CanonicalDomains suffix until one resolves.
/// </summary>
internal static class HostCanonicalizer
{
    /// <summary>is_addr: contains '%' or ':', is all digits and dots, or parses as a single numeric address.</summary>
    public static bool IsAddress(string name) =>
        name.Contains('%') || name.Contains(':') || name.All(c => char.IsAsciiDigit(c) || c == '.') || ParseNumeric(name) is not null;

    private static IPAddress? ParseNumeric(string name)
    {
        if (name.Length == 0 || name.Contains('[')) return null;
        return IPAddress.TryParse(name, out var a) ? a : null;
    }

    public static string Canonicalize(ParseSession s, string host, out bool resolved)
    {
        var o = s.Options;
        resolved = false;
        if (ParseNumeric(host) is { } addr)
        {
            resolved = true;
            var canonical = addr.ToString();
            return string.Equals(canonical, host, StringComparison.OrdinalIgnoreCase) ? host : canonical;
        }
        if (host.Contains('%') || host.Contains(':') || host.All(c => char.IsAsciiDigit(c) || c == '.')) return host;
        if (o.CanonicalizeHostname == 0) return host;
        bool direct = IsDirect(o);
        if (!direct && o.CanonicalizeHostname != 2) return host;

        if (host.EndsWith('.'))
        {
            // 9.2 keeps the anchoring dot of an already fully-qualified name ("localhost." stays so).
            if (Resolve(s, host) is { } cname)
            {
                resolved = true;
                return FollowCname(o, direct, host, cname);
            }
        }
        else
        {
            int dots = host.Count(c => c == '.');
            if (dots > o.CanonicalizeMaxDots) return host;
            foreach (var domain in o.CanonicalDomains)
            {
                if (domain.Equals("none", StringComparison.OrdinalIgnoreCase)) break;
                var full = host + "." + domain + ".";
                if (Resolve(s, full) is { } cname)
                {
                    resolved = true;
                    return FollowCname(o, direct, full[..^1], cname);
                }
            }
        }
        if (o.CanonicalizeFallbackLocal == 0) throw s.Fatal($"ssh: Could not resolve host \"{host}\"");
        return host;
    }

    /// <summary>
    /// A direct connection: no ProxyCommand, and no ProxyJump at all; in 9.2 even "ProxyJump none"
    /// (still recorded at this point) counts as proxied.
    /// </summary>
    private static bool IsDirect(Options o) =>
        (o.ProxyCommand is null || o.ProxyCommand.Equals("none", StringComparison.OrdinalIgnoreCase)) && o.JumpHost is null;

    private static bool HasPermittedCnames(Options o) => o.PermittedCnames.Count > 0 &&
        !(o.PermittedCnames.Count == 1 && o.PermittedCnames[0].Source.Equals("none", StringComparison.OrdinalIgnoreCase)
          && o.PermittedCnames[0].Target.Length == 0);

    /// <summary>The CNAME step of ssh.c main() for names canonicalization did not resolve.</summary>
    public static string FollowPermittedCname(ParseSession s, string host)
    {
        var o = s.Options;
        bool direct = IsDirect(o);
        if (!HasPermittedCnames(o) || !(direct || o.CanonicalizeHostname == 2)) return host;
        var cname = Resolve(s, host);
        if (cname is null)
        {
            if (direct) throw s.Fatal($"ssh: Could not resolve hostname {Trunc(host)}: Name or service not known");
            return host;
        }
        return FollowCname(o, direct, host, cname);
    }

    /// <summary>check_follow_cname: replace the name by its CNAME when a permitted rule allows it.</summary>
    private static string FollowCname(Options o, bool direct, string name, string cname)
    {
        cname = cname.TrimEnd('.');
        if (cname.Length == 0 || !HasPermittedCnames(o) || name == cname) return name;
        if (o.CanonicalizeHostname == 0) return name;
        if (!direct && o.CanonicalizeHostname != 2) return name;
        foreach (var (source, target) in o.PermittedCnames)
        {
            if (PatternMatcher.MatchList(name, source, true) != 1 || PatternMatcher.MatchList(cname, target, true) != 1) continue;
            return cname;
        }
        return name;
    }

    private static string Trunc(string s) => s.Length > 100 ? s[..100] : s;

    private static string? Resolve(ParseSession s, string name)
    {
        if (s.Request.HostResolver is { } r) return r(name);
        try
        {
            var entry = Dns.GetHostEntry(name);
            return entry.AddressList.Length > 0 ? entry.HostName : null;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return null;
        }
    }
}
