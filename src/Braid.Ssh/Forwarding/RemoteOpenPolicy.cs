namespace Braid.Ssh.Forwarding;

/// <summary>
/// PermitRemoteOpen: which destinations a remote dynamic forward (-R port as SOCKS) may reach. Entries are
/// host:port, [v6]:port, "any" or "none"; "*" stands for any host or any port. As ssh_config(5) says,
/// there is no other pattern matching and no address lookup.
/// </summary>
public sealed class RemoteOpenPolicy
{
    private readonly List<(string Host, string Port)>? _allowed; // null = anything

    public static RemoteOpenPolicy Any { get; } = new(null);

    private RemoteOpenPolicy(List<(string, string)>? allowed) { _allowed = allowed; }

    public static RemoteOpenPolicy Parse(IReadOnlyList<string> entries)
    {
        if (entries.Count == 0 || entries.Any(e => e.Equals("any", StringComparison.OrdinalIgnoreCase))) return Any;
        var list = new List<(string, string)>();
        foreach (var e in entries)
        {
            if (e.Equals("none", StringComparison.OrdinalIgnoreCase)) continue;
            int colon = e.LastIndexOf(':');
            if (colon <= 0) continue;
            string host = e[..colon];
            if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
            list.Add((host, e[(colon + 1)..]));
        }
        return new RemoteOpenPolicy(list);
    }

    public bool Allows(string host, int port)
    {
        if (_allowed == null) return true;
        string p = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _allowed.Any(a => (a.Host == "*" || a.Host.Equals(host, StringComparison.OrdinalIgnoreCase)) && (a.Port == "*" || a.Port == p));
    }
}
