namespace Braid.Config;

/// <summary>
/// The raw option state while files are read: OpenSSH's Options struct. "Unset" is -1 or null so that
/// the first obtained value wins; <see cref="DefaultsFiller"/> later replaces what is still unset.
/// Field names follow readconf.h so the port can be checked against it line by line.
/// </summary>
internal sealed class Options
{
    public int ForwardAgent = -1;
    public string? ForwardAgentSockPath;
    public int ForwardX11 = -1, ForwardX11Trusted = -1, ForwardX11Timeout = -1;
    public int ClearForwardings = -1, ExitOnForwardFailure = -1;
    public string? XAuthLocation;
    public int GatewayPorts = -1, StreamLocalBindMask = -1, StreamLocalBindUnlink = -1;
    public int PubkeyAuthentication = -1;
    public int GssAuthentication = -1, GssKeyEx = -1, GssDelegCreds = -1, GssTrustDns = -1, GssRenewalRekey = -1;
    public string? GssClientIdentity, GssServerIdentity, GssKexAlgorithms;
    public int PasswordAuthentication = -1, KbdInteractiveAuthentication = -1;
    public string? KbdInteractiveDevices;
    public int HostbasedAuthentication = -1, BatchMode = -1, CheckHostIP = -1, StrictHostKeyChecking = -1;
    public int Compression = -1, TcpKeepAlive = -1;
    public int Port = -1, AddressFamily = -1, ConnectionAttempts = -1, ConnectionTimeout = -1, NumberOfPasswordPrompts = -1;
    public string? Ciphers, Macs, KexAlgorithms, HostKeyAlgorithms, CASignatureAlgorithms;
    public readonly List<(string Path, bool UserProvided)> IdentityFiles = [];
    public readonly List<(string Path, bool UserProvided)> CertificateFiles = [];
    public string? HostName, HostKeyAlias, ProxyCommand;
    public string? JumpUser, JumpHost, JumpExtra;
    public int JumpPort = -1;
    public string? User;
    public int EscapeChar = -1;
    public List<string> SystemHostFiles = [], UserHostFiles = [];
    /// <summary>UserKnownHostsFile as written, before ~ and token expansion (ssh logs the expansion at debug3).</summary>
    public List<string> UserHostFilesRaw = [];
    public readonly List<Forward> LocalForwards = [], RemoteForwards = [];
    public List<string> PermittedRemoteOpens = [];
    public int LogFacility = -1, LogLevel = -1;
    public List<string> LogVerbose = [];
    public string? PreferredAuthentications, BindAddress, BindInterface, Pkcs11Provider, SkProvider;
    public int EnableSshKeysign = -1, NoHostAuthenticationForLocalhost = -1, IdentitiesOnly = -1;
    public long RekeyLimit = -1;
    public int RekeyInterval = -1, VerifyHostKeyDns = -1;
    public int ServerAliveInterval = -1, ServerAliveCountMax = -1;
    public readonly List<string> SendEnv = [];
    public List<string> SetEnv = [];
    public string? ControlPath;
    public int ControlMaster = -1, ControlPersist = -1, ControlPersistTimeout;
    public int HashKnownHosts = -1, TunOpen = -1, TunLocal = -1, TunRemote = -1;
    public string? LocalCommand, RemoteCommand;
    public int PermitLocalCommand = -1;
    public int AddKeysToAgent = -1, AddKeysToAgentLifespan = -1;
    public string? IdentityAgent;
    public int VisualHostKey = -1, IpQosInteractive = -1, IpQosBulk = -1;
    public int RequestTty = -1, SessionType = -1, StdinNull = -1, ForkAfterAuthentication = -1, ProxyUseFdpass = -1;
    public string? IgnoredUnknown;
    public List<string> CanonicalDomains = [];
    public List<(string Source, string Target)> PermittedCnames = [];
    public int CanonicalizeMaxDots = -1, CanonicalizeFallbackLocal = -1, CanonicalizeHostname = -1;
    public string? RevokedHostKeys;
    public int FingerprintHash = -1, UpdateHostKeys = -1;
    public string? HostbasedAcceptedAlgorithms, PubkeyAcceptedAlgorithms, KnownHostsCommand;
    public int RequiredRsaSize = -1, EnableEscapeCommandline = -1, ObscureKeystrokeTimingInterval = -1;
    public string? Tag;
    public List<string> ChannelTimeouts = [];
    public int ControlPreopen = -1;

    /// <summary>First active raw argument text per keyword, for <see cref="SshConfig.GetRaw"/>.</summary>
    public readonly Dictionary<Keyword, string> RawFirst = [];
}
