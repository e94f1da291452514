using System.Security.Cryptography;
using Braid.Ssh.Keys;
using Braid.Ssh.Keys.Certificates;

namespace Braid.Ssh.HostKeys;

/// <summary>Everything <see cref="HostKeyVerifier"/> needs, taken from the server and ssh_config.</summary>
public sealed record HostKeyVerificationRequest
{
    /// <summary>Server host key type as on the wire, e.g. "ssh-ed25519".</summary>
    public required string KeyType { get; init; }
    /// <summary>Server host key blob.</summary>
    public required byte[] KeyBlob { get; init; }
    /// <summary>The server's host certificate when it sent one (KeyType/KeyBlob are then the certificate's).</summary>
    public OpenSshCertificate? Certificate { get; init; }
    /// <summary>CASignatureAlgorithms: what a host certificate's CA may have signed with; null = anything.</summary>
    public IReadOnlyList<string>? CASignatureAlgorithms { get; init; }
    /// <summary>The time certificates are checked against; null = now.</summary>
    public DateTimeOffset? Now { get; init; }
    /// <summary>The host name ssh connects to (after Hostname substitution); lowercased here.</summary>
    public required string HostName { get; init; }
    public int Port { get; init; } = KnownHostsNames.DefaultPort;
    /// <summary>HostKeyAlias: replaces "[host]:port" for lookups and additions.</summary>
    public string? HostKeyAlias { get; init; }
    /// <summary>The numeric address connected to, e.g. "192.0.2.1" or "fd00::2". Null when the
    /// connection goes through ProxyCommand (ssh then shows "&lt;no hostip for proxy command&gt;").</summary>
    public string? RemoteAddress { get; init; }
    /// <summary>The address is loopback (127/8, ::1): disables CheckHostIP, enables NoHostAuthenticationForLocalhost.</summary>
    public bool RemoteIsLoopback { get; init; }

    /// <summary>UserKnownHostsFile, in order; the first one receives new keys. Empty = read-only checking.</summary>
    public IReadOnlyList<string> UserKnownHostsFiles { get; init; } = [];
    /// <summary>GlobalKnownHostsFile, in order; read after the user files.</summary>
    public IReadOnlyList<string> GlobalKnownHostsFiles { get; init; } = [];

    public StrictHostKeyChecking StrictHostKeyChecking { get; init; } = StrictHostKeyChecking.Ask;
    /// <summary>CheckHostIP, default no since OpenSSH 8.5.</summary>
    public bool CheckHostIP { get; init; }
    public bool HashKnownHosts { get; init; }
    /// <summary>FingerprintHash: SHA256 (default) or MD5.</summary>
    public HashAlgorithmName FingerprintHash { get; init; } = HashAlgorithmName.SHA256;
    public bool NoHostAuthenticationForLocalhost { get; init; }

    // Settings that an untrusted (changed/revoked) key under StrictHostKeyChecking=no switches off.
    public bool PasswordAuthentication { get; init; } = true;
    public bool KbdInteractiveAuthentication { get; init; } = true;
    public bool ForwardAgent { get; init; }
    public bool ForwardX11 { get; init; }
    /// <summary>Any LocalForward/RemoteForward/DynamicForward requested.</summary>
    public bool HasPortForwards { get; init; }
    /// <summary>Tunnel != no.</summary>
    public bool TunnelRequested { get; init; }
    /// <summary>UpdateHostKeys is yes or ask (as resolved by the config layer).</summary>
    public bool UpdateHostKeys { get; init; }
    public bool ExitOnForwardFailure { get; init; }

    /// <summary>Debian's ssh adds "  remove with:\n  ssh-keygen -f … -R …" after "Offending … key";
    /// upstream does not. On by default to match the ssh installed on Debian/Ubuntu.</summary>
    public bool ShowRemoveHint { get; init; } = true;

    /// <summary>$HOME, for "~/" in paths and messages and for creating ~/.ssh. Null: from the environment.</summary>
    public string? HomeDirectory { get; init; }

    public static HostKeyVerificationRequest For(PublicKey key, string hostName) => new()
    {
        KeyType = key.KeyType,
        KeyBlob = key.Blob,
        Certificate = key as OpenSshCertificate,
        HostName = hostName,
    };
}
