namespace Braid.Ssh.HostKeys;

/// <summary>One valid line of a known_hosts file.</summary>
/// <param name="FilePath">The path as given when loading (used in "Offending … key in path:line").</param>
/// <param name="LineNumber">1-based, counting every physical line including comments.</param>
/// <param name="Hosts">The hosts field exactly as written: a pattern list or a |1|salt|hash.</param>
/// <param name="KeyType">Canonical wire key type (rsa-sha2-256 written in the file becomes ssh-rsa).</param>
/// <param name="Comment">Whatever followed the key, trimmed; empty when none.</param>
public sealed record KnownHostsEntry(
    string FilePath,
    int LineNumber,
    KnownHostsMarker Marker,
    string Hosts,
    string KeyType,
    byte[] KeyBlob,
    string Comment)
{
    private readonly HashedHostName? _hashed = Hosts.StartsWith('|') ? HashedHostName.TryParse(Hosts) : null;

    public bool IsHashed => _hashed is not null;

    /// <summary>match_maybe_hashed: a hashed field must hash the exact (already lowercased) name;
    /// a pattern list must match positively without a matching negation.</summary>
    public bool MatchesHost(string host)
        => _hashed is not null
            ? _hashed.Matches(host)
            : HostPatternMatcher.MatchHostname(host, Hosts) == HostPatternMatcher.ListMatch.Match;

    /// <summary>sshkey_equal for plain keys: same type and same public blob.</summary>
    public bool HasKey(string keyType, ReadOnlySpan<byte> blob)
        => KeyType == keyType && blob.SequenceEqual(KeyBlob);
}
