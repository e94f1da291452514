namespace Braid.Config;

/// <summary>
/// The resolved configuration for one destination: typed, defaulted values for everything the
/// client acts on, <see cref="GetRaw"/> for the rest, and <see cref="DumpLikeSshG"/>.
/// Paths that OpenSSH expands only when it uses them (IdentityFile, CertificateFile, LocalCommand)
/// are offered both raw and expanded.
/// </summary>
public sealed class SshConfig
{
    /// <summary>SSH_KEYSTROKE_DEFAULT_INTERVAL_MS (ObscureKeystrokeTiming=yes).</summary>
    public const int DefaultKeystrokeIntervalMs = 20;

    internal Options O { get; }
    private readonly ConfigRequest _request;

    internal SshConfig(Options o, ConfigRequest request, string hostName, TokenContext tokens, IReadOnlyList<string> warnings)
    {
        O = o;
        _request = request;
        HostName = hostName;
        Tokens = tokens;
        Warnings = warnings;
    }

    /// <summary>Non-fatal messages ssh would print on stderr (e.g. "Unsupported option").</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Values behind %-tokens, for expanding things like LocalCommand later.</summary>
    public TokenContext Tokens { get; }

    /// <summary>The host as typed.</summary>
    public string Host => _request.Host;

    /// <summary>The name to connect to: HostName (with %h), lowercased, canonicalized.</summary>
    public string HostName { get; }

    public int Port => O.Port;
    public string User => O.User!;

    /// <summary>IdentityFile values as written (ssh -G prints these).</summary>
    public IReadOnlyList<string> IdentityFilesRaw => O.IdentityFiles.Select(f => f.Path).ToList();

    /// <summary>IdentityFile values with ~, %-tokens and ${VAR} expanded (as load_public_identity_files does).</summary>
    public IReadOnlyList<string> IdentityFiles => O.IdentityFiles.Select(f => ExpandPath(f.Path)).ToList();

    /// <summary>Whether each identity came from a user file or the command line (vs. the defaults/system file).</summary>
    public IReadOnlyList<bool> IdentityFilesUserProvided => O.IdentityFiles.Select(f => f.UserProvided).ToList();

    public IReadOnlyList<string> CertificateFilesRaw => O.CertificateFiles.Select(f => f.Path).ToList();
    public IReadOnlyList<string> CertificateFiles => O.CertificateFiles.Select(f => ExpandPath(f.Path)).ToList();
    public bool IdentitiesOnly => O.IdentitiesOnly == 1;

    /// <summary>Agent socket: null = $SSH_AUTH_SOCK, "none" = no agent, "SSH_AUTH_SOCK"-style "$VAR" = that variable.</summary>
    public string? IdentityAgent => O.IdentityAgent;

    /// <summary>Expanded known-hosts files; empty when "none".</summary>
    public IReadOnlyList<string> UserKnownHostsFiles => NoneIsEmpty(O.UserHostFiles);
    /// <summary>The same list before expansion, paired with <see cref="UserKnownHostsFiles"/> by index.</summary>
    public IReadOnlyList<string> UserKnownHostsFilesRaw => O.UserHostFilesRaw;
    public IReadOnlyList<string> GlobalKnownHostsFiles => NoneIsEmpty(O.SystemHostFiles.Select(ExpandTildeOnly).ToList());
    public StrictHostKeyChecking StrictHostKeyChecking => (StrictHostKeyChecking)O.StrictHostKeyChecking;
    public bool HashKnownHosts => O.HashKnownHosts == 1;
    public string? HostKeyAlias => O.HostKeyAlias;
    public bool CheckHostIP => O.CheckHostIP == 1;
    public string? KnownHostsCommand => O.KnownHostsCommand;
    public string? RevokedHostKeys => O.RevokedHostKeys is null ? null : ExpandPath(O.RevokedHostKeys);
    public YesNoAsk VerifyHostKeyDns => (YesNoAsk)O.VerifyHostKeyDns;
    public YesNoAsk UpdateHostKeys => (YesNoAsk)O.UpdateHostKeys;
    public bool VisualHostKey => O.VisualHostKey == 1;
    public string FingerprintHash => NamedValues.DigestName(O.FingerprintHash);
    public bool NoHostAuthenticationForLocalhost => O.NoHostAuthenticationForLocalhost == 1;

    public IReadOnlyList<string> Ciphers => Split(O.Ciphers);
    public IReadOnlyList<string> MACs => Split(O.Macs);
    public IReadOnlyList<string> KexAlgorithms => Split(O.KexAlgorithms);

    /// <summary>HostKeyAlgorithms with modifiers applied to the default list (ssh picks known-host types first when unset).</summary>
    public IReadOnlyList<string> HostKeyAlgorithms =>
        AlgorithmList.Assemble(O.HostKeyAlgorithms, _request.Defaults.KeyAlgorithms, _request.Defaults.SupportedKeyAlgorithms) ?? [];

    /// <summary>True when HostKeyAlgorithms was configured (otherwise ssh prefers types already in known_hosts).</summary>
    public bool HostKeyAlgorithmsConfigured => O.HostKeyAlgorithms is not null;
    public IReadOnlyList<string> PubkeyAcceptedAlgorithms => Split(O.PubkeyAcceptedAlgorithms);
    public IReadOnlyList<string> HostbasedAcceptedAlgorithms => Split(O.HostbasedAcceptedAlgorithms);
    public IReadOnlyList<string> CASignatureAlgorithms => Split(O.CASignatureAlgorithms);
    public int RequiredRsaSize => O.RequiredRsaSize;

    public string? PreferredAuthentications => O.PreferredAuthentications;
    public bool BatchMode => O.BatchMode == 1;
    public bool PasswordAuthentication => O.PasswordAuthentication == 1;
    public bool KbdInteractiveAuthentication => O.KbdInteractiveAuthentication == 1;
    public string? KbdInteractiveDevices => O.KbdInteractiveDevices;
    public PubkeyAuthenticationMode PubkeyAuthentication => (PubkeyAuthenticationMode)O.PubkeyAuthentication;
    public bool HostbasedAuthentication => O.HostbasedAuthentication == 1;
    public bool GssApiAuthentication => O.GssAuthentication == 1;
    public int NumberOfPasswordPrompts => O.NumberOfPasswordPrompts;
    public AddKeysToAgentMode AddKeysToAgent => (AddKeysToAgentMode)O.AddKeysToAgent;

    /// <summary>Lifetime for keys added to the agent; null = unlimited.</summary>
    public TimeSpan? AddKeysToAgentLifetime => O.AddKeysToAgentLifespan > 0 ? TimeSpan.FromSeconds(O.AddKeysToAgentLifespan) : null;
    public string? SecurityKeyProvider => O.SkProvider;
    public string? PKCS11Provider => O.Pkcs11Provider;

    /// <summary>ConnectTimeout; null = none (the system's TCP timeout).</summary>
    public TimeSpan? ConnectTimeout => O.ConnectionTimeout < 0 ? null : TimeSpan.FromSeconds(O.ConnectionTimeout);
    public int ConnectionAttempts => O.ConnectionAttempts;
    public AddressFamilyMode AddressFamily => (AddressFamilyMode)O.AddressFamily;
    public string? BindAddress => O.BindAddress;
    public string? BindInterface => O.BindInterface;
    public int ServerAliveInterval => O.ServerAliveInterval;
    public int ServerAliveCountMax => O.ServerAliveCountMax;
    public bool TcpKeepAlive => O.TcpKeepAlive == 1;
    public bool Compression => O.Compression == 1;

    /// <summary>RekeyLimit bytes (0 = the cipher's default).</summary>
    public long RekeyLimitBytes => O.RekeyLimit;

    /// <summary>RekeyLimit time (0 = none).</summary>
    public int RekeyLimitSeconds => O.RekeyInterval;
    public LogLevel LogLevel => (LogLevel)O.LogLevel;
    public IReadOnlyList<string> LogVerbose => O.LogVerbose;
    public string SyslogFacility => NamedValues.FacilityName(O.LogFacility);
    public int IpQosInteractive => O.IpQosInteractive;
    public int IpQosBulk => O.IpQosBulk;

    public RequestTtyMode RequestTty => (RequestTtyMode)O.RequestTty;
    public SessionTypeMode SessionType => (SessionTypeMode)O.SessionType;
    public bool StdinNull => O.StdinNull == 1;
    public bool ForkAfterAuthentication => O.ForkAfterAuthentication == 1;

    /// <summary>EscapeChar as a character code; null = none.</summary>
    public int? EscapeChar => O.EscapeChar == LineProcessor.EscapeNone ? null : O.EscapeChar;
    public bool EnableEscapeCommandline => O.EnableEscapeCommandline == 1;

    /// <summary>ObscureKeystrokeTiming interval in ms (0 = off).</summary>
    public int ObscureKeystrokeTimingMs => O.ObscureKeystrokeTimingInterval;
    public IReadOnlyList<string> SendEnv => O.SendEnv;

    /// <summary>SetEnv entries "NAME=value", first value per name.</summary>
    public IReadOnlyList<string> SetEnv => O.SetEnv;

    /// <summary>RemoteCommand after %-expansion; null when unset or "none".</summary>
    public string? RemoteCommand => O.RemoteCommand;

    /// <summary>LocalCommand as written; expand with <see cref="ExpandLocalCommand"/> once a tunnel is known.</summary>
    public string? LocalCommand => O.LocalCommand;
    public bool PermitLocalCommand => O.PermitLocalCommand == 1;

    public ControlMasterMode ControlMaster => (ControlMasterMode)O.ControlMaster;

    /// <summary>ControlPath after ~, %-token and ${VAR} expansion; null when unset or "none".</summary>
    public string? ControlPath => O.ControlPath;

    /// <summary>ControlPersist: null = no, TimeSpan.Zero = forever ("yes"), else the idle timeout.</summary>
    public TimeSpan? ControlPersist => O.ControlPersist == 0 ? null : TimeSpan.FromSeconds(O.ControlPersistTimeout);

    /// <summary>Braid extension: spare sessions a new master opens ahead of demand (0 = none).</summary>
    public int ControlPreopen => O.ControlPreopen;

    /// <summary>ProxyCommand (null when unset/none or when ProxyJump is used).</summary>
    public string? ProxyCommand => O.JumpHost is null ? O.ProxyCommand : null;

    /// <summary>ProxyJump as ssh -G prints it ("[extra,]...[user@]host[:port]"), null when unset.</summary>
    public string? ProxyJump => O.JumpHost is null ? null : SshGDumper.FormatProxyJump(O);
    public string? ProxyJumpHost => O.JumpHost;
    public string? ProxyJumpUser => O.JumpUser;
    public int? ProxyJumpPort => O.JumpPort > 0 ? O.JumpPort : null;

    /// <summary>Earlier hops of a multi-hop ProxyJump, to pass as "-J" to the nested client.</summary>
    public string? ProxyJumpExtra => O.JumpExtra;
    public bool ProxyUseFdpass => O.ProxyUseFdpass == 1;

    public IReadOnlyList<Forward> LocalForwards => O.LocalForwards.Where(f => !f.IsDynamic).ToList();
    public IReadOnlyList<Forward> DynamicForwards => O.LocalForwards.Where(f => f.IsDynamic).ToList();
    public IReadOnlyList<Forward> RemoteForwards => O.RemoteForwards;
    public bool ForwardAgent => O.ForwardAgent == 1;

    /// <summary>ForwardAgent's socket path when it names one instead of yes/no.</summary>
    public string? ForwardAgentSocket => O.ForwardAgentSockPath;
    public bool ForwardX11 => O.ForwardX11 == 1;
    public bool ForwardX11Trusted => O.ForwardX11Trusted == 1;
    public int ForwardX11Timeout => O.ForwardX11Timeout;
    public string XAuthLocation => O.XAuthLocation!;
    public bool ExitOnForwardFailure => O.ExitOnForwardFailure == 1;
    public bool ClearAllForwardings => O.ClearForwardings == 1;
    public bool GatewayPorts => O.GatewayPorts == 1;
    public int StreamLocalBindMask => O.StreamLocalBindMask;
    public bool StreamLocalBindUnlink => O.StreamLocalBindUnlink == 1;

    /// <summary>PermitRemoteOpen entries; empty = any.</summary>
    public IReadOnlyList<string> PermitRemoteOpen => O.PermittedRemoteOpens;
    public TunnelMode Tunnel => (TunnelMode)O.TunOpen;

    /// <summary>TunnelDevice local/remote; null = any.</summary>
    public (int? Local, int? Remote) TunnelDevice =>
        (O.TunLocal == ValueParsers.TunIdAny ? null : O.TunLocal, O.TunRemote == ValueParsers.TunIdAny ? null : O.TunRemote);

    public CanonicalizeHostnameMode CanonicalizeHostname => (CanonicalizeHostnameMode)O.CanonicalizeHostname;
    public IReadOnlyList<string> CanonicalDomains => O.CanonicalDomains;
    public int CanonicalizeMaxDots => O.CanonicalizeMaxDots;
    public bool CanonicalizeFallbackLocal => O.CanonicalizeFallbackLocal == 1;
    public string? Tag => O.Tag;
    public IReadOnlyList<string> ChannelTimeouts => O.ChannelTimeouts;

    /// <summary>
    /// The first active value of any keyword as written after the keyword (no defaults, no expansion),
    /// or null if the keyword never applied. Keyword names are case-insensitive; aliases work.
    /// </summary>
    public string? GetRaw(string keyword)
    {
        var k = KeywordTable.Lookup(PatternMatcher.LowerAscii(keyword));
        return O.RawFirst.TryGetValue(k, out var v) ? v : null;
    }

    /// <summary>The exact text <c>ssh -G</c> (OpenSSH 9.2) prints for this configuration.</summary>
    public string DumpLikeSshG() => SshGDumper.Dump(this);

    /// <summary>LocalCommand with the default tokens plus %T; null when unset.</summary>
    public string? ExpandLocalCommand(string? tunnelInterface = null) =>
        O.LocalCommand is null ? null : TokenExpander.PercentExpand(O.LocalCommand, Tokens.LocalCommandTokens(tunnelInterface), out _);

    /// <summary>~ then %-tokens and ${VAR}, as ssh does for identity and certificate files; unexpandable input is returned as is.</summary>
    public string ExpandPath(string path)
    {
        var t = TokenExpander.TildeExpand(path, _request.HomeDirectory, out _) ?? path;
        return TokenExpander.PercentDollarExpand(t, Tokens.DefaultTokens(), _request.GetEnv, out _) ?? t;
    }

    private string ExpandTildeOnly(string path) => TokenExpander.TildeExpand(path, _request.HomeDirectory, out _) ?? path;

    private static IReadOnlyList<string> Split(string? list) => string.IsNullOrEmpty(list) ? [] : list.Split(',');

    private static IReadOnlyList<string> NoneIsEmpty(List<string> files) =>
        files.Count > 0 && files[0].Equals("none", StringComparison.OrdinalIgnoreCase) ? [] : files;
}
