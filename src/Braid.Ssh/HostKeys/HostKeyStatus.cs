namespace Braid.Ssh.HostKeys;

/// <summary>What the known_hosts files say about a server key (hostfile.h HostStatus).</summary>
public enum HostKeyStatus
{
    /// <summary>A plain entry for the host holds exactly this key.</summary>
    Ok,
    /// <summary>No plain entry for the host at all (CA lines do not count).</summary>
    New,
    /// <summary>The host has plain entries, none with this key. As in OpenSSH this includes a host
    /// known only by a key of another type: the offending entry then has that other type.</summary>
    Changed,
    /// <summary>A @revoked line for the host lists this key. Takes precedence over everything.</summary>
    Revoked,
}

/// <summary>Result of <see cref="HostKeySet.Check"/>: the status and, for Ok and Changed, the entry
/// behind it (for Changed the last non-matching entry read, which OpenSSH calls "offending").</summary>
public readonly record struct HostKeyCheck(HostKeyStatus Status, KnownHostsEntry? Found);
