namespace Braid.Ssh.HostKeys;

/// <summary>The optional marker in front of a known_hosts line (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT).</summary>
public enum KnownHostsMarker
{
    None,
    /// <summary>"@cert-authority": the key is a CA for host certificates, never a host key itself.</summary>
    CertAuthority,
    /// <summary>"@revoked": the key must never be accepted.</summary>
    Revoked,
}
