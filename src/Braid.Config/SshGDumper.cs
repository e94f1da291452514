using System.Globalization;
using System.Text;

namespace Braid.Config;

/// <summary>
/// dump_client_config from OpenSSH 9.2 (Debian build: GSSAPI and PKCS#11 enabled): the keywords,
/// their order and their formatting, line for line. Settings OpenSSH 9.2 does not know
/// (Tag, ObscureKeystrokeTiming, ChannelTimeout, ControlPreopen) are not printed, so the output
/// stays identical to the system ssh's.
/// </summary>
internal static class SshGDumper
{
    public static string Dump(SshConfig c)
    {
        var o = c.O;
        var sb = new StringBuilder();
        void Line(string k, string v) => sb.Append(k).Append(' ').Append(v).Append('\n');
        void Str(Keyword k, string? v) { if (v is not null) Line(Name(k), v); }
        void Int(Keyword k, long v) => Line(Name(k), v.ToString(CultureInfo.InvariantCulture));
        void Flag(Keyword k, int v) => Line(Name(k), v switch { 0 => "no", 1 => "yes", -1 => "unset", _ => "UNKNOWN" });
        void State(Keyword k, (string, int)[] table, int v) => Line(Name(k), v == -1 ? "unset" : Multistate.Format(table, v));
        void Each(Keyword k, IEnumerable<string> vs) { foreach (var v in vs) Line(Name(k), v); }
        void OneLine(Keyword k, IReadOnlyList<string> vs) => Line(Name(k), vs.Count == 0 ? "none" : string.Join(' ', vs));

        Str(Keyword.Host, c.Host);
        Str(Keyword.User, o.User);
        Str(Keyword.HostName, c.HostName);
        Int(Keyword.Port, o.Port);

        State(Keyword.AddressFamily, Multistate.AddressFamily, o.AddressFamily);
        Flag(Keyword.BatchMode, o.BatchMode);
        Flag(Keyword.CanonicalizeFallbackLocal, o.CanonicalizeFallbackLocal);
        State(Keyword.CanonicalizeHostname, Multistate.CanonicalizeHostname, o.CanonicalizeHostname);
        Flag(Keyword.CheckHostIP, o.CheckHostIP);
        Flag(Keyword.Compression, o.Compression);
        State(Keyword.ControlMaster, Multistate.ControlMaster, o.ControlMaster);
        Flag(Keyword.EnableSSHKeysign, o.EnableSshKeysign);
        Flag(Keyword.ClearAllForwardings, o.ClearForwardings);
        Flag(Keyword.ExitOnForwardFailure, o.ExitOnForwardFailure);
        Line(Name(Keyword.FingerprintHash), NamedValues.DigestName(o.FingerprintHash));
        Flag(Keyword.ForwardX11, o.ForwardX11);
        Flag(Keyword.ForwardX11Trusted, o.ForwardX11Trusted);
        Flag(Keyword.GatewayPorts, o.GatewayPorts);
        Flag(Keyword.GSSAPIAuthentication, o.GssAuthentication);
        Flag(Keyword.GSSAPIKeyExchange, o.GssKeyEx);
        Flag(Keyword.GSSAPIDelegateCredentials, o.GssDelegCreds);
        Flag(Keyword.GSSAPITrustDns, o.GssTrustDns);
        Flag(Keyword.GSSAPIRenewalForcesRekey, o.GssRenewalRekey);
        Str(Keyword.GSSAPIClientIdentity, o.GssClientIdentity);
        Str(Keyword.GSSAPIServerIdentity, o.GssServerIdentity);
        Str(Keyword.GSSAPIKexAlgorithms, o.GssKexAlgorithms);
        Flag(Keyword.HashKnownHosts, o.HashKnownHosts);
        Flag(Keyword.HostbasedAuthentication, o.HostbasedAuthentication);
        Flag(Keyword.IdentitiesOnly, o.IdentitiesOnly);
        Flag(Keyword.KbdInteractiveAuthentication, o.KbdInteractiveAuthentication);
        Flag(Keyword.NoHostAuthenticationForLocalhost, o.NoHostAuthenticationForLocalhost);
        Flag(Keyword.PasswordAuthentication, o.PasswordAuthentication);
        Flag(Keyword.PermitLocalCommand, o.PermitLocalCommand);
        Flag(Keyword.ProxyUseFdpass, o.ProxyUseFdpass);
        State(Keyword.PubkeyAuthentication, Multistate.PubkeyAuth, o.PubkeyAuthentication);
        State(Keyword.RequestTTY, Multistate.RequestTty, o.RequestTty);
        State(Keyword.SessionType, Multistate.SessionType, o.SessionType);
        Flag(Keyword.StdinNull, o.StdinNull);
        Flag(Keyword.ForkAfterAuthentication, o.ForkAfterAuthentication);
        Flag(Keyword.StreamLocalBindUnlink, o.StreamLocalBindUnlink);
        State(Keyword.StrictHostKeyChecking, Multistate.StrictHostKey, o.StrictHostKeyChecking);
        Flag(Keyword.TCPKeepAlive, o.TcpKeepAlive);
        State(Keyword.Tunnel, Multistate.Tunnel, o.TunOpen);
        State(Keyword.VerifyHostKeyDNS, Multistate.YesNoAsk, o.VerifyHostKeyDns);
        Flag(Keyword.VisualHostKey, o.VisualHostKey);
        State(Keyword.UpdateHostKeys, Multistate.YesNoAsk, o.UpdateHostKeys);
        Flag(Keyword.EnableEscapeCommandline, o.EnableEscapeCommandline);

        Int(Keyword.CanonicalizeMaxDots, o.CanonicalizeMaxDots);
        Int(Keyword.ConnectionAttempts, o.ConnectionAttempts);
        Int(Keyword.ForwardX11Timeout, o.ForwardX11Timeout);
        Int(Keyword.NumberOfPasswordPrompts, o.NumberOfPasswordPrompts);
        Int(Keyword.ServerAliveCountMax, o.ServerAliveCountMax);
        Int(Keyword.ServerAliveInterval, o.ServerAliveInterval);
        Int(Keyword.RequiredRSASize, o.RequiredRsaSize);

        Str(Keyword.BindAddress, o.BindAddress);
        Str(Keyword.BindInterface, o.BindInterface);
        Str(Keyword.Ciphers, o.Ciphers);
        Str(Keyword.ControlPath, o.ControlPath);
        Str(Keyword.HostKeyAlgorithms, string.Join(',', c.HostKeyAlgorithms));
        Str(Keyword.HostKeyAlias, o.HostKeyAlias);
        Str(Keyword.HostbasedAcceptedAlgorithms, o.HostbasedAcceptedAlgorithms);
        Str(Keyword.IdentityAgent, o.IdentityAgent);
        Str(Keyword.IgnoreUnknown, o.IgnoredUnknown);
        Str(Keyword.KbdInteractiveDevices, o.KbdInteractiveDevices);
        Str(Keyword.KexAlgorithms, o.KexAlgorithms);
        Str(Keyword.CASignatureAlgorithms, o.CASignatureAlgorithms);
        Str(Keyword.LocalCommand, o.LocalCommand);
        Str(Keyword.RemoteCommand, o.RemoteCommand);
        Str(Keyword.LogLevel, NamedValues.LogLevelName(o.LogLevel));
        Str(Keyword.MACs, o.Macs);
        Str(Keyword.PKCS11Provider, o.Pkcs11Provider);
        Str(Keyword.SecurityKeyProvider, o.SkProvider);
        Str(Keyword.PreferredAuthentications, o.PreferredAuthentications);
        Str(Keyword.PubkeyAcceptedAlgorithms, o.PubkeyAcceptedAlgorithms);
        Str(Keyword.RevokedHostKeys, o.RevokedHostKeys);
        Str(Keyword.XAuthLocation, o.XAuthLocation);
        Str(Keyword.KnownHostsCommand, o.KnownHostsCommand);

        Forwards(sb, Keyword.DynamicForward, o.LocalForwards);
        Forwards(sb, Keyword.LocalForward, o.LocalForwards);
        Forwards(sb, Keyword.RemoteForward, o.RemoteForwards);

        Each(Keyword.IdentityFile, o.IdentityFiles.Select(f => f.Path));
        OneLine(Keyword.CanonicalDomains, o.CanonicalDomains);
        Each(Keyword.CertificateFile, o.CertificateFiles.Select(f => f.Path));
        OneLine(Keyword.GlobalKnownHostsFile, o.SystemHostFiles);
        OneLine(Keyword.UserKnownHostsFile, o.UserHostFiles);
        Each(Keyword.SendEnv, o.SendEnv);
        Each(Keyword.SetEnv, o.SetEnv);
        OneLine(Keyword.LogVerbose, o.LogVerbose);

        if (o.PermittedRemoteOpens.Count == 0) Line(Name(Keyword.PermitRemoteOpen), "any");
        else OneLine(Keyword.PermitRemoteOpen, o.PermittedRemoteOpens);

        if (o.AddKeysToAgentLifespan <= 0) State(Keyword.AddKeysToAgent, Multistate.YesNoAskConfirm, o.AddKeysToAgent);
        else sb.Append("addkeystoagent").Append(o.AddKeysToAgent == 3 ? " confirm" : "").Append(' ')
                .Append(o.AddKeysToAgentLifespan.ToString(CultureInfo.InvariantCulture)).Append('\n');

        if (o.ForwardAgentSockPath is null) Flag(Keyword.ForwardAgent, o.ForwardAgent);
        else Str(Keyword.ForwardAgent, o.ForwardAgentSockPath);

        if (o.ConnectionTimeout == -1) sb.Append("connecttimeout none\n");
        else Int(Keyword.ConnectTimeout, o.ConnectionTimeout);

        sb.Append("tunneldevice")
            .Append(o.TunLocal == ValueParsers.TunIdAny ? " any" : " " + o.TunLocal.ToString(CultureInfo.InvariantCulture))
            .Append(o.TunRemote == ValueParsers.TunIdAny ? ":any" : ":" + o.TunRemote.ToString(CultureInfo.InvariantCulture))
            .Append('\n');

        // Sic: OpenSSH prints this keyword with a capital P.
        sb.Append("canonicalizePermittedcnames");
        if (o.PermittedCnames.Count == 0) sb.Append(" none");
        foreach (var (src, dst) in o.PermittedCnames) sb.Append(' ').Append(src).Append(':').Append(dst);
        sb.Append('\n');

        if (o.ControlPersist == 0 || o.ControlPersistTimeout == 0) Flag(Keyword.ControlPersist, o.ControlPersist);
        else Int(Keyword.ControlPersist, o.ControlPersistTimeout);

        sb.Append("escapechar ").Append(o.EscapeChar == LineProcessor.EscapeNone ? "none" : Vis(o.EscapeChar)).Append('\n');
        sb.Append("ipqos ").Append(NamedValues.IpQosName(o.IpQosInteractive)).Append(' ')
            .Append(NamedValues.IpQosName(o.IpQosBulk)).Append('\n');
        sb.Append("rekeylimit ").Append(((ulong)o.RekeyLimit).ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(o.RekeyInterval.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("streamlocalbindmask 0").Append(Convert.ToString(o.StreamLocalBindMask, 8)).Append('\n');
        sb.Append("syslogfacility ").Append(NamedValues.FacilityName(o.LogFacility)).Append('\n');

        if (o.JumpHost is null) Str(Keyword.ProxyCommand, o.ProxyCommand);
        else sb.Append("proxyjump ").Append(FormatProxyJump(o)).Append('\n');
        return sb.ToString();
    }

    private static string Name(Keyword k) => KeywordTable.CanonicalName(k);

    /// <summary>The proxyjump line's value: extra hops, user@, [numeric host], :port.</summary>
    internal static string FormatProxyJump(Options o)
    {
        var h = o.JumpHost!;
        bool numeric = h.Contains(':') || h.All(ch => "1234567890.".Contains(ch));
        var sb = new StringBuilder();
        if (o.JumpExtra is not null) sb.Append(o.JumpExtra).Append(',');
        if (o.JumpUser is not null) sb.Append(o.JumpUser).Append('@');
        sb.Append(numeric ? "[" + h + "]" : h);
        if (o.JumpPort > 0) sb.Append(':').Append(o.JumpPort.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static void Forwards(StringBuilder sb, Keyword k, List<Forward> fwds)
    {
        foreach (var f in fwds)
        {
            if (k == Keyword.DynamicForward && f.ConnectHost is not null && f.ConnectHost != "socks") continue;
            if (k == Keyword.LocalForward && f.ConnectHost == "socks") continue;
            sb.Append(Name(k));
            if (f.ListenPort == Forward.StreamLocal) sb.Append(' ').Append(f.ListenPath);
            else if (f.ListenHost is null) sb.Append(' ').Append(f.ListenPort.ToString(CultureInfo.InvariantCulture));
            else sb.Append(" [").Append(f.ListenHost).Append("]:").Append(f.ListenPort.ToString(CultureInfo.InvariantCulture));
            if (k != Keyword.DynamicForward)
            {
                if (f.ConnectPort == Forward.StreamLocal) sb.Append(' ').Append(f.ConnectPath);
                else if (f.ConnectHost is null) sb.Append(' ').Append(f.ConnectPort.ToString(CultureInfo.InvariantCulture));
                else sb.Append(" [").Append(f.ConnectHost).Append("]:").Append(f.ConnectPort.ToString(CultureInfo.InvariantCulture));
            }
            sb.Append('\n');
        }
    }

    /// <summary>vis(3) with VIS_WHITE for one character, as used for the escape character.</summary>
    internal static string Vis(int c)
    {
        if (c > 0x20 && c < 0x7f) return c == '\\' ? "\\\\" : ((char)c).ToString();
        if ((c & 0x7f) == ' ')
            return "\\" + Convert.ToString(c, 8).PadLeft(3, '0');
        var sb = new StringBuilder("\\");
        if ((c & 0x80) != 0)
        {
            c &= 0x7f;
            sb.Append('M');
        }
        if (c < 0x20 || c == 0x7f) sb.Append('^').Append(c == 0x7f ? '?' : (char)(c + '@'));
        else sb.Append('-').Append((char)c);
        return sb.ToString();
    }
}
