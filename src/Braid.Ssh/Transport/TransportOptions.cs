using Braid.Ssh.Keys;
using Braid.Ssh.Logging;

namespace Braid.Ssh.Transport;

/// <summary>Decides whether the server's host key is acceptable; throws <see cref="SshException"/>
/// (after printing whatever OpenSSH prints) when it is not.</summary>
public delegate ValueTask HostKeyCheck(PublicKey hostKey, CancellationToken cancellationToken);

/// <summary>Everything the transport needs from configuration. Lists are in preference order.</summary>
public sealed class TransportOptions
{
    public required IReadOnlyList<string> KexAlgorithms { get; init; }
    public required IReadOnlyList<string> HostKeyAlgorithms { get; init; }
    public required IReadOnlyList<string> Ciphers { get; init; }
    public required IReadOnlyList<string> Macs { get; init; }
    /// <summary>True for Compression yes: offer zlib@openssh.com before none.</summary>
    public bool Compression { get; init; }
    public required HostKeyCheck HostKeyCheck { get; init; }
    /// <summary>RekeyLimit data part; 0 = OpenSSH's default derived from the cipher block size.</summary>
    public long RekeyBytes { get; init; }
    /// <summary>RekeyLimit time part; 0 = none.</summary>
    public TimeSpan RekeyInterval { get; init; }
    /// <summary>For messages: "host port N".</summary>
    public string PeerDescription { get; init; } = "server";
    /// <summary>For messages: the host name as OpenSSH names it (the HostName, not the alias).</summary>
    public string PeerHost { get; init; } = "server";
    public SshLog Log { get; init; } = SshLog.Silent;
}
