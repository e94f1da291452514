using System.Security.Cryptography;

namespace Braid.Ssh.HostKeys;

/// <summary>What UpdateHostKeys needs. Built with the client settings; <see cref="Enabled"/> and
/// <see cref="IpAddress"/> are filled in once the host key has been verified (check_host_key may switch
/// UpdateHostKeys and CheckHostIP off).</summary>
public sealed class HostKeyUpdateSettings
{
    /// <summary>UpdateHostKeys is yes or ask and the connection's host key was trusted from a user file.</summary>
    public bool Enabled { get; set; }
    /// <summary>UpdateHostKeys=ask.</summary>
    public bool Ask { get; init; }
    public bool BatchMode { get; init; }
    /// <summary>HostKeyAlias, or the host name with "[host]:port" for other ports than 22; lowercased.</summary>
    public required string HostName { get; init; }
    /// <summary>The address in the same form when CheckHostIP is in effect, else null.</summary>
    public string? IpAddress { get; set; }
    /// <summary>UserKnownHostsFile, tilde-expanded; new keys go to the first.</summary>
    public required IReadOnlyList<string> UserKnownHostsFiles { get; init; }
    /// <summary>HostKeyAlgorithms as configured (keys of other types are not learned).</summary>
    public required IReadOnlyCollection<string> HostKeyAlgorithms { get; init; }
    public bool HashKnownHosts { get; init; }
    public HashAlgorithmName FingerprintHash { get; init; } = HashAlgorithmName.SHA256;
    /// <summary>Test seam: writes the files (default: copy + fsync + rename in ~/.ssh).</summary>
    public AtomicFileAppender? Writer { get; init; }
}
