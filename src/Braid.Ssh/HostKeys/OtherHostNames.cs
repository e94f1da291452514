namespace Braid.Ssh.HostKeys;

/// <summary>The "This host key is known by the following other names/addresses:" block
/// (sshconnect.c other_hostkeys_message): other plain entries anywhere in the known_hosts files that
/// hold the same key under names that do not match the host.</summary>
internal static class OtherHostNames
{
    private const int MaxNames = 8;

    public static string Message(string host, string keyType, byte[] blob, IEnumerable<KnownHostsFile> files, string? home)
    {
        var names = new List<string>();
        foreach (var file in files)
            foreach (var e in file.Entries)
            {
                // Only the host name is excluded; OpenSSH ignores its ip match flag here.
                if (e.Marker != KnownHostsMarker.None || !e.HasKey(keyType, blob) || e.MatchesHost(host)) continue;
                var shown = e.Hosts.StartsWith(HashedHostName.Magic, StringComparison.Ordinal) ? "[hashed name]" : e.Hosts;
                names.Add($"{TildeUnexpand(e.FilePath, home)}:{e.LineNumber}: {shown}");
            }
        if (names.Count == 0) return HostKeyMessages.NotKnownByOtherNames;
        var lines = new List<string> { HostKeyMessages.KnownByOtherNames };
        lines.AddRange(names.Take(MaxNames).Select(n => "    " + n));
        if (names.Count > MaxNames) lines.Add($"    ({names.Count - MaxNames} additional names omitted)");
        return string.Join("\n", lines);
    }

    /// <summary>try_tilde_unexpand: "/home/u/.ssh/known_hosts" → "~/.ssh/known_hosts", on a path boundary only.</summary>
    internal static string TildeUnexpand(string path, string? home)
    {
        if (!path.StartsWith('/') || string.IsNullOrEmpty(home) || !path.StartsWith(home, StringComparison.Ordinal))
            return path;
        int l = home.Length;
        if (home[^1] != '/' && (path.Length == l || path[l] != '/')) return path;
        if (path.Length > l && path[l] == '/') l++;
        return "~/" + path[l..];
    }
}
