namespace Braid.Ssh.HostKeys;

/// <summary>The decision. On <see cref="Accepted"/> = false every message, including the final
/// "Host key verification failed.", has been emitted; the caller exits 255.</summary>
public sealed record HostKeyVerificationResult
{
    public required bool Accepted { get; init; }
    /// <summary>The status of the host name lookup (before any prompt).</summary>
    public HostKeyStatus Status { get; init; }
    /// <summary>The key was found in known_hosts or explicitly accepted by the user.</summary>
    public bool HostKeyTrusted { get; init; }

    // Set when the connection continues with an untrusted key (StrictHostKeyChecking=no/off and a
    // changed or revoked key): the caller must honour them for the rest of the session.
    public bool DisablePasswordAuthentication { get; init; }
    public bool DisableKbdInteractiveAuthentication { get; init; }
    public bool DisableAgentForwarding { get; init; }
    public bool DisableX11Forwarding { get; init; }
    public bool DisablePortForwarding { get; init; }
    public bool DisableTunnel { get; init; }

    /// <summary>Whether UpdateHostKeys may still run (off when the key came from a global file,
    /// was not trusted, NoHostAuthenticationForLocalhost applied, …).</summary>
    public bool UpdateHostKeysAllowed { get; init; }
    /// <summary>CheckHostIP still on after the checks (off for loopback, ProxyCommand, a host named by its address).</summary>
    public bool CheckHostIPInEffect { get; init; }
}
