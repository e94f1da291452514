namespace Braid.Config;

/// <summary>
/// One entry per distinct setting (OpenSSH's OpCodes). Several spellings may map to one setting
/// (see <see cref="KeywordTable"/>).
/// </summary>
public enum Keyword
{
    BadOption,
    Host, Match, Include, Tag,
    ForwardAgent, ForwardX11, ForwardX11Trusted, ForwardX11Timeout,
    GatewayPorts, ExitOnForwardFailure, PasswordAuthentication, XAuthLocation,
    IdentityFile, HostName, Port, RemoteForward, LocalForward, PermitRemoteOpen,
    CertificateFile, AddKeysToAgent, IdentityAgent, User, EscapeChar, ProxyCommand,
    GlobalKnownHostsFile, UserKnownHostsFile, ConnectionAttempts, BatchMode, CheckHostIP,
    StrictHostKeyChecking, Compression, TCPKeepAlive, NumberOfPasswordPrompts,
    SyslogFacility, LogLevel, LogVerbose, Ciphers, MACs, PubkeyAuthentication,
    KbdInteractiveAuthentication, KbdInteractiveDevices, HostKeyAlias, DynamicForward,
    PreferredAuthentications, HostbasedAuthentication, HostKeyAlgorithms, BindAddress,
    BindInterface, PKCS11Provider, ClearAllForwardings, NoHostAuthenticationForLocalhost,
    EnableSSHKeysign, RekeyLimit, VerifyHostKeyDNS, ConnectTimeout, AddressFamily,
    GSSAPIAuthentication, GSSAPIDelegateCredentials, GSSAPITrustDns, GSSAPIKeyExchange,
    GSSAPIClientIdentity, GSSAPIRenewalForcesRekey, GSSAPIServerIdentity, GSSAPIKexAlgorithms,
    ServerAliveInterval, ServerAliveCountMax, IdentitiesOnly, SendEnv, SetEnv,
    ControlPath, ControlMaster, ControlPersist, HashKnownHosts, Tunnel, TunnelDevice,
    LocalCommand, PermitLocalCommand, RemoteCommand, VisualHostKey, KexAlgorithms, IPQoS,
    RequestTTY, SessionType, StdinNull, ForkAfterAuthentication, IgnoreUnknown, ProxyUseFdpass,
    CanonicalDomains, CanonicalizeHostname, CanonicalizeMaxDots, CanonicalizeFallbackLocal,
    CanonicalizePermittedCNAMEs, StreamLocalBindMask, StreamLocalBindUnlink, RevokedHostKeys,
    FingerprintHash, UpdateHostKeys, HostbasedAcceptedAlgorithms, PubkeyAcceptedAlgorithms,
    CASignatureAlgorithms, ProxyJump, SecurityKeyProvider, KnownHostsCommand, RequiredRSASize,
    EnableEscapeCommandline, ObscureKeystrokeTiming, ChannelTimeout,
    /// <summary>Braid's own extension (not in OpenSSH): spare sessions a new master opens ahead of demand.</summary>
    ControlPreopen,
    /// <summary>Accepted and silently ignored ("Protocol").</summary>
    Ignore,
    /// <summary>Unknown, but matched by IgnoreUnknown.</summary>
    IgnoredUnknownOption,
    /// <summary>Old keywords OpenSSH skips with only a debug message.</summary>
    Deprecated,
    /// <summary>Keywords OpenSSH skips after printing "Unsupported option".</summary>
    Unsupported,
}
