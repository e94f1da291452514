namespace Braid.Config;

/// <summary>
/// Every spelling ssh_config accepts (lowercase), in readconf.c's table order. The order matters:
/// -G prints a setting under the first spelling listed for it (so SmartcardDevice prints as
/// "pkcs11provider", ChallengeResponseAuthentication as "kbdinteractiveauthentication").
/// </summary>
public static class KeywordTable
{
    private static readonly (string Name, Keyword Op)[] Entries =
    [
        // Deprecated options
        ("protocol", Keyword.Ignore),
        ("cipher", Keyword.Deprecated),
        ("fallbacktorsh", Keyword.Deprecated),
        ("globalknownhostsfile2", Keyword.Deprecated),
        ("rhostsauthentication", Keyword.Deprecated),
        ("useblacklistedkeys", Keyword.Deprecated),
        ("userknownhostsfile2", Keyword.Deprecated),
        ("useroaming", Keyword.Deprecated),
        ("usersh", Keyword.Deprecated),
        ("useprivilegedport", Keyword.Deprecated),
        // Unsupported options
        ("afstokenpassing", Keyword.Unsupported),
        ("kerberosauthentication", Keyword.Unsupported),
        ("kerberostgtpassing", Keyword.Unsupported),
        ("rsaauthentication", Keyword.Unsupported),
        ("rhostsrsaauthentication", Keyword.Unsupported),
        ("compressionlevel", Keyword.Unsupported),
        // GSSAPI (Debian builds with it, including the key-exchange patch)
        ("gssapiauthentication", Keyword.GSSAPIAuthentication),
        ("gssapikeyexchange", Keyword.GSSAPIKeyExchange),
        ("gssapidelegatecredentials", Keyword.GSSAPIDelegateCredentials),
        ("gssapitrustdns", Keyword.GSSAPITrustDns),
        ("gssapiclientidentity", Keyword.GSSAPIClientIdentity),
        ("gssapiserveridentity", Keyword.GSSAPIServerIdentity),
        ("gssapirenewalforcesrekey", Keyword.GSSAPIRenewalForcesRekey),
        ("gssapikexalgorithms", Keyword.GSSAPIKexAlgorithms),
        ("pkcs11provider", Keyword.PKCS11Provider),
        ("smartcarddevice", Keyword.PKCS11Provider),

        ("forwardagent", Keyword.ForwardAgent),
        ("forwardx11", Keyword.ForwardX11),
        ("forwardx11trusted", Keyword.ForwardX11Trusted),
        ("forwardx11timeout", Keyword.ForwardX11Timeout),
        ("exitonforwardfailure", Keyword.ExitOnForwardFailure),
        ("xauthlocation", Keyword.XAuthLocation),
        ("gatewayports", Keyword.GatewayPorts),
        ("passwordauthentication", Keyword.PasswordAuthentication),
        ("kbdinteractiveauthentication", Keyword.KbdInteractiveAuthentication),
        ("kbdinteractivedevices", Keyword.KbdInteractiveDevices),
        ("challengeresponseauthentication", Keyword.KbdInteractiveAuthentication),
        ("skeyauthentication", Keyword.KbdInteractiveAuthentication),
        ("tisauthentication", Keyword.KbdInteractiveAuthentication),
        ("pubkeyauthentication", Keyword.PubkeyAuthentication),
        ("dsaauthentication", Keyword.PubkeyAuthentication),
        ("hostbasedauthentication", Keyword.HostbasedAuthentication),
        ("identityfile", Keyword.IdentityFile),
        ("identityfile2", Keyword.IdentityFile),
        ("identitiesonly", Keyword.IdentitiesOnly),
        ("certificatefile", Keyword.CertificateFile),
        ("addkeystoagent", Keyword.AddKeysToAgent),
        ("identityagent", Keyword.IdentityAgent),
        ("hostname", Keyword.HostName),
        ("hostkeyalias", Keyword.HostKeyAlias),
        ("proxycommand", Keyword.ProxyCommand),
        ("port", Keyword.Port),
        ("ciphers", Keyword.Ciphers),
        ("macs", Keyword.MACs),
        ("remoteforward", Keyword.RemoteForward),
        ("localforward", Keyword.LocalForward),
        ("permitremoteopen", Keyword.PermitRemoteOpen),
        ("user", Keyword.User),
        ("host", Keyword.Host),
        ("match", Keyword.Match),
        ("tag", Keyword.Tag),
        ("escapechar", Keyword.EscapeChar),
        ("globalknownhostsfile", Keyword.GlobalKnownHostsFile),
        ("userknownhostsfile", Keyword.UserKnownHostsFile),
        ("connectionattempts", Keyword.ConnectionAttempts),
        ("batchmode", Keyword.BatchMode),
        ("checkhostip", Keyword.CheckHostIP),
        ("stricthostkeychecking", Keyword.StrictHostKeyChecking),
        ("compression", Keyword.Compression),
        ("tcpkeepalive", Keyword.TCPKeepAlive),
        ("keepalive", Keyword.TCPKeepAlive),
        ("numberofpasswordprompts", Keyword.NumberOfPasswordPrompts),
        ("syslogfacility", Keyword.SyslogFacility),
        ("loglevel", Keyword.LogLevel),
        ("logverbose", Keyword.LogVerbose),
        ("dynamicforward", Keyword.DynamicForward),
        ("preferredauthentications", Keyword.PreferredAuthentications),
        ("hostkeyalgorithms", Keyword.HostKeyAlgorithms),
        ("casignaturealgorithms", Keyword.CASignatureAlgorithms),
        ("bindaddress", Keyword.BindAddress),
        ("bindinterface", Keyword.BindInterface),
        ("clearallforwardings", Keyword.ClearAllForwardings),
        ("enablesshkeysign", Keyword.EnableSSHKeysign),
        ("verifyhostkeydns", Keyword.VerifyHostKeyDNS),
        ("nohostauthenticationforlocalhost", Keyword.NoHostAuthenticationForLocalhost),
        ("rekeylimit", Keyword.RekeyLimit),
        ("connecttimeout", Keyword.ConnectTimeout),
        ("addressfamily", Keyword.AddressFamily),
        ("serveraliveinterval", Keyword.ServerAliveInterval),
        ("serveralivecountmax", Keyword.ServerAliveCountMax),
        ("sendenv", Keyword.SendEnv),
        ("setenv", Keyword.SetEnv),
        ("controlpath", Keyword.ControlPath),
        ("controlmaster", Keyword.ControlMaster),
        ("controlpersist", Keyword.ControlPersist),
        ("hashknownhosts", Keyword.HashKnownHosts),
        ("include", Keyword.Include),
        ("tunnel", Keyword.Tunnel),
        ("tunneldevice", Keyword.TunnelDevice),
        ("localcommand", Keyword.LocalCommand),
        ("permitlocalcommand", Keyword.PermitLocalCommand),
        ("remotecommand", Keyword.RemoteCommand),
        ("visualhostkey", Keyword.VisualHostKey),
        ("kexalgorithms", Keyword.KexAlgorithms),
        ("ipqos", Keyword.IPQoS),
        ("requesttty", Keyword.RequestTTY),
        ("sessiontype", Keyword.SessionType),
        ("stdinnull", Keyword.StdinNull),
        ("forkafterauthentication", Keyword.ForkAfterAuthentication),
        ("proxyusefdpass", Keyword.ProxyUseFdpass),
        ("canonicaldomains", Keyword.CanonicalDomains),
        ("canonicalizefallbacklocal", Keyword.CanonicalizeFallbackLocal),
        ("canonicalizehostname", Keyword.CanonicalizeHostname),
        ("canonicalizemaxdots", Keyword.CanonicalizeMaxDots),
        ("canonicalizepermittedcnames", Keyword.CanonicalizePermittedCNAMEs),
        ("streamlocalbindmask", Keyword.StreamLocalBindMask),
        ("streamlocalbindunlink", Keyword.StreamLocalBindUnlink),
        ("revokedhostkeys", Keyword.RevokedHostKeys),
        ("fingerprinthash", Keyword.FingerprintHash),
        ("updatehostkeys", Keyword.UpdateHostKeys),
        ("hostbasedacceptedalgorithms", Keyword.HostbasedAcceptedAlgorithms),
        ("hostbasedkeytypes", Keyword.HostbasedAcceptedAlgorithms),
        ("pubkeyacceptedalgorithms", Keyword.PubkeyAcceptedAlgorithms),
        ("pubkeyacceptedkeytypes", Keyword.PubkeyAcceptedAlgorithms),
        ("ignoreunknown", Keyword.IgnoreUnknown),
        ("proxyjump", Keyword.ProxyJump),
        ("securitykeyprovider", Keyword.SecurityKeyProvider),
        ("knownhostscommand", Keyword.KnownHostsCommand),
        ("requiredrsasize", Keyword.RequiredRSASize),
        ("enableescapecommandline", Keyword.EnableEscapeCommandline),
        // Added after 9.2 (9.5 ObscureKeystrokeTiming, 9.7 client ChannelTimeout, 9.9 Tag): accepted, not printed by -G.
        ("obscurekeystroketiming", Keyword.ObscureKeystrokeTiming),
        ("channeltimeout", Keyword.ChannelTimeout),
        // Debian-specific compatibility aliases for ServerAliveInterval.
        ("protocolkeepalives", Keyword.ServerAliveInterval),
        ("setuptimeout", Keyword.ServerAliveInterval),
        // Braid's own extension.
        ("controlpreopen", Keyword.ControlPreopen),
    ];

    private static readonly Dictionary<string, Keyword> ByName = BuildByName();
    private static readonly Dictionary<Keyword, string> NameOf = BuildNameOf();

    private static Dictionary<string, Keyword> BuildByName()
    {
        var d = new Dictionary<string, Keyword>(StringComparer.Ordinal);
        foreach (var (n, op) in Entries) d.TryAdd(n, op);
        return d;
    }

    private static Dictionary<Keyword, string> BuildNameOf()
    {
        var d = new Dictionary<Keyword, string>();
        foreach (var (n, op) in Entries) d.TryAdd(op, n);
        // The table has no line for Tag's position quirks; Tag is listed above already.
        return d;
    }

    /// <summary>Looks up a lowercased keyword; BadOption when unknown.</summary>
    public static Keyword Lookup(string lowercaseName) =>
        ByName.TryGetValue(lowercaseName, out var k) ? k : Keyword.BadOption;

    /// <summary>The name -G prints for a setting (lookup_opcode_name).</summary>
    public static string CanonicalName(Keyword k) => NameOf.TryGetValue(k, out var n) ? n : "UNKNOWN";

    /// <summary>All accepted spellings, for documentation and tests.</summary>
    public static IEnumerable<string> AllNames => Entries.Select(e => e.Name);
}
