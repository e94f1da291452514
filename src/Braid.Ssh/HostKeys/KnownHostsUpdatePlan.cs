using Braid.Ssh.Keys;

namespace Braid.Ssh.HostKeys;

/// <summary>Which of the server's announced host keys known_hosts already holds for this host, which of the
/// host's recorded keys the server no longer offers, and whether the files are too unusual to edit safely
/// (clientloop.c hostkeys_find, check_old_keys_othernames). Only UserKnownHostsFile entries take part.</summary>
public sealed class KnownHostsUpdatePlan
{
    [Flags]
    public enum Match { None = 0, Host = 1, Ip = 2 }

    /// <summary>The announced keys, in the server's order.</summary>
    public IReadOnlyList<PublicKey> Keys { get; }
    /// <summary>Per key: under which names (host, address) a known_hosts line already holds it.</summary>
    public IReadOnlyList<Match> KeyMatches { get; }
    /// <summary>Keys recorded for this host that the server did not announce (to be removed).</summary>
    public IReadOnlyList<KnownHostsEntry> OldKeys { get; }
    /// <summary>A @cert-authority/@revoked line, a wildcard or a list of more than host,ip covers the host.</summary>
    public bool ComplexHostSpec { get; }
    /// <summary>An announced key sits under another name, or a host,ip line pairs this host with another address.</summary>
    public bool OtherNameSeen { get; }
    /// <summary>A key to remove is also recorded under another name.</summary>
    public bool OldKeySeen { get; }

    public int NewCount => KeyMatches.Count(m => m == Match.None);
    public Match Wanted { get; }
    public int IncompleteCount => KeyMatches.Count(m => (m & Wanted) != Wanted);

    private KnownHostsUpdatePlan(IReadOnlyList<PublicKey> keys, Match[] matches, List<KnownHostsEntry> old,
        bool complex, bool otherName, bool oldSeen, Match wanted)
    {
        Keys = keys;
        KeyMatches = matches;
        OldKeys = old;
        ComplexHostSpec = complex;
        OtherNameSeen = otherName;
        OldKeySeen = oldSeen;
        Wanted = wanted;
    }

    /// <param name="host">The lookup name: HostKeyAlias or "[host]:port", lowercased.</param>
    /// <param name="ip">The address in the same form when CheckHostIP is in effect, else null.</param>
    public static KnownHostsUpdatePlan Make(IReadOnlyList<PublicKey> keys, string host, string? ip, IEnumerable<KnownHostsFile> userFiles)
    {
        var files = userFiles.ToList();
        var matches = new Match[keys.Count];
        var old = new List<KnownHostsEntry>();
        bool complex = false, otherName = false;
        foreach (var file in files)
        {
            foreach (var e in file.Entries)
            {
                var m = MatchOf(e, host, ip);
                if (m == Match.None)
                {
                    if (IndexOf(keys, e) >= 0) otherName = true;
                    continue;
                }
                if (e.Marker != KnownHostsMarker.None) { complex = true; continue; }
                if (ip is not null && e.Hosts.Contains(',', StringComparison.Ordinal))
                {
                    if ((m & Match.Host) == 0) { otherName = true; continue; }
                    if ((m & Match.Ip) == 0) otherName = true;
                }
                if (IsComplex(e.Hosts)) { complex = true; continue; }
                int i = IndexOf(keys, e);
                if (i >= 0) matches[i] |= m;
                else old.Add(e);
            }
        }

        bool oldSeen = false;
        if (old.Count > 0)
            foreach (var file in files)
                foreach (var e in file.Entries)
                    if (MatchOf(e, host, ip) == Match.None && old.Any(o => e.HasKey(o.KeyType, o.KeyBlob)))
                        oldSeen = true;

        return new KnownHostsUpdatePlan(keys, matches, old, complex, otherName, oldSeen, WantedFor(ip));
    }

    /// <summary>The names a key must be recorded under: the host, and the address when CheckHostIP is in effect.</summary>
    internal static Match WantedFor(string? ip) => Match.Host | (ip is null ? 0 : Match.Ip);

    internal static Match MatchOf(KnownHostsEntry e, string host, string? ip)
        => (e.MatchesHost(host) ? Match.Host : 0) | (ip is not null && e.MatchesHost(ip) ? Match.Ip : 0);

    internal static int IndexOf(IReadOnlyList<PublicKey> keys, KnownHostsEntry e)
    {
        for (int i = 0; i < keys.Count; i++)
            if (e.HasKey(keys[i].KeyType, keys[i].Blob)) return i;
        return -1;
    }

    /// <summary>hostspec_is_complex: wildcards, or more than "host,ip" (ssh never writes such lines).</summary>
    internal static bool IsComplex(string hosts)
    {
        if (hosts.AsSpan().IndexOfAny('*', '?') >= 0) return true;
        int comma = hosts.IndexOf(',', StringComparison.Ordinal);
        return comma >= 0 && hosts.IndexOf(',', comma + 1) >= 0;
    }
}
