namespace Braid.Config;

/// <summary>
/// process_config_line: parses one "Keyword value" line and applies it to <see cref="Options"/> when
/// the current block is active and the setting is still unset (first obtained value wins).
/// Error texts are OpenSSH's, since users and scripts grep for them.
/// Scalar keywords live here; lists, forwards and block keywords are in the other partial files.
/// </summary>
internal static partial class LineProcessor
{
    private const string Whitespace = " \t\r\n";

    /// <summary>Argument cursor over argv_split output (argv_next / argv_consume).</summary>
    private sealed class Args(List<string> items)
    {
        private int _next;
        public string? Next() => _next < items.Count ? items[_next++] : null;
        public string? Peek() => _next < items.Count ? items[_next] : null;
        public int Remaining => items.Count - _next;
        public void Consume() => _next = items.Count;
    }

    /// <summary>Everything one line's handler needs.</summary>
    private sealed class Line
    {
        public required ParseSession S;
        public required string File;
        public required int Num;
        public required string Keyword;
        public required Keyword Op;
        public required Args A;
        /// <summary>The text after the keyword (used by commands, ProxyJump and Match).</summary>
        public required string Str;
        public required bool Active;
        public required bool CommandLine;
        public required ReadFlags Flags;
        public required int Depth;
        public Options O => S.Options;

        public int Error(string message)
        {
            S.Diagnostics.Add(message);
            return -1;
        }

        /// <summary>The "%s line %d: " prefix most messages use.</summary>
        public string At => $"{File} line {Num}:";
    }

    /// <summary>
    /// Processes one line. <paramref name="active"/> is the Host/Match state, updated by Host and Match.
    /// Returns 0 on success and -1 for a bad line (counted by the caller, as OpenSSH does).
    /// </summary>
    public static int Process(ParseSession s, string line, string file, int num, ref bool active,
        bool commandLine, ReadFlags flags, int depth)
    {
        int len = line.Length;
        while (len > 1 && (Whitespace + "\f").Contains(line[len - 1])) len--;
        if (len == 0) return 0;
        string? str = line[..len];

        var keyword = LineSplitter.NextDelimited(ref str);
        if (keyword is null) return 0;
        if (keyword.Length == 0) keyword = LineSplitter.NextDelimited(ref str);
        if (keyword is null || keyword.Length == 0 || keyword[0] == '\n' || keyword[0] == '#') return 0;
        keyword = PatternMatcher.LowerAscii(keyword);

        if (str is not null) str = str[LineSplitter.SkipSet(str, 0, Whitespace)..];
        if (string.IsNullOrEmpty(str))
        {
            s.Diagnostics.Add($"{file} line {num}: no argument after keyword \"{keyword}\"");
            return -1;
        }

        var op = KeywordTable.Lookup(keyword);
        if (op == Keyword.BadOption)
        {
            if (s.Options.IgnoredUnknown is { } ign && PatternMatcher.MatchList(keyword, ign, true) == 1)
                op = Keyword.IgnoredUnknownOption;
            else
                s.Diagnostics.Add($"{file}: line {num}: Bad configuration option: {keyword}");
        }
        var split = LineSplitter.SplitArguments(str);
        if (split is null)
        {
            s.Diagnostics.Add($"{file} line {num}: invalid quotes");
            return -1;
        }

        var l = new Line
        {
            S = s, File = file, Num = num, Keyword = keyword, Op = op, A = new Args(split), Str = str,
            Active = active, CommandLine = commandLine, Flags = flags, Depth = depth,
        };
        int r = Dispatch(l, ref active);
        if (r != 0) return r;
        if (l.A.Remaining > 0)
            return l.Error($"{file} line {num}: keyword {keyword} extra arguments at end of line");
        if (l.Active && op is not (Keyword.Host or Keyword.Match or Keyword.Include or Keyword.BadOption
                or Keyword.Ignore or Keyword.IgnoredUnknownOption or Keyword.Deprecated or Keyword.Unsupported))
            s.Options.RawFirst.TryAdd(op, str);
        return 0;
    }

    private static int Dispatch(Line l, ref bool active)
    {
        var o = l.O;
        switch (l.Op)
        {
            case Keyword.BadOption:
                return -1;
            case Keyword.Ignore:
            case Keyword.IgnoredUnknownOption:
            case Keyword.Deprecated:
                l.A.Consume();
                return 0;
            case Keyword.Unsupported:
                l.S.Diagnostics.Add($"{l.File} line {l.Num}: Unsupported option \"{l.Keyword}\"");
                l.A.Consume();
                return 0;

            case Keyword.ConnectTimeout: return Time(l, ref o.ConnectionTimeout);
            case Keyword.ForwardX11Timeout: return Time(l, ref o.ForwardX11Timeout);
            case Keyword.ServerAliveInterval: return Time(l, ref o.ServerAliveInterval);

            case Keyword.ForwardAgent: return ForwardAgent(l);
            case Keyword.ForwardX11: return State(l, Multistate.Flag, ref o.ForwardX11);
            case Keyword.ForwardX11Trusted: return State(l, Multistate.Flag, ref o.ForwardX11Trusted);
            case Keyword.GatewayPorts: return State(l, Multistate.Flag, ref o.GatewayPorts);
            case Keyword.ExitOnForwardFailure: return State(l, Multistate.Flag, ref o.ExitOnForwardFailure);
            case Keyword.PasswordAuthentication: return State(l, Multistate.Flag, ref o.PasswordAuthentication);
            case Keyword.KbdInteractiveAuthentication: return State(l, Multistate.Flag, ref o.KbdInteractiveAuthentication);
            case Keyword.PubkeyAuthentication: return State(l, Multistate.PubkeyAuth, ref o.PubkeyAuthentication);
            case Keyword.HostbasedAuthentication: return State(l, Multistate.Flag, ref o.HostbasedAuthentication);
            case Keyword.GSSAPIAuthentication: return State(l, Multistate.Flag, ref o.GssAuthentication);
            case Keyword.GSSAPIKeyExchange: return State(l, Multistate.Flag, ref o.GssKeyEx);
            case Keyword.GSSAPIDelegateCredentials: return State(l, Multistate.Flag, ref o.GssDelegCreds);
            case Keyword.GSSAPITrustDns: return State(l, Multistate.Flag, ref o.GssTrustDns);
            case Keyword.GSSAPIRenewalForcesRekey: return State(l, Multistate.Flag, ref o.GssRenewalRekey);
            case Keyword.BatchMode: return State(l, Multistate.Flag, ref o.BatchMode);
            case Keyword.CheckHostIP: return State(l, Multistate.Flag, ref o.CheckHostIP);
            case Keyword.VerifyHostKeyDNS: return State(l, Multistate.YesNoAsk, ref o.VerifyHostKeyDns);
            case Keyword.StrictHostKeyChecking: return State(l, Multistate.StrictHostKey, ref o.StrictHostKeyChecking);
            case Keyword.Compression: return State(l, Multistate.Compression, ref o.Compression);
            case Keyword.TCPKeepAlive: return State(l, Multistate.Flag, ref o.TcpKeepAlive);
            case Keyword.NoHostAuthenticationForLocalhost: return State(l, Multistate.Flag, ref o.NoHostAuthenticationForLocalhost);
            case Keyword.ClearAllForwardings: return State(l, Multistate.Flag, ref o.ClearForwardings);
            case Keyword.AddressFamily: return State(l, Multistate.AddressFamily, ref o.AddressFamily);
            case Keyword.EnableSSHKeysign: return State(l, Multistate.Flag, ref o.EnableSshKeysign);
            case Keyword.IdentitiesOnly: return State(l, Multistate.Flag, ref o.IdentitiesOnly);
            case Keyword.ControlMaster: return State(l, Multistate.ControlMaster, ref o.ControlMaster);
            case Keyword.HashKnownHosts: return State(l, Multistate.Flag, ref o.HashKnownHosts);
            case Keyword.Tunnel: return State(l, Multistate.Tunnel, ref o.TunOpen);
            case Keyword.PermitLocalCommand: return State(l, Multistate.Flag, ref o.PermitLocalCommand);
            case Keyword.VisualHostKey: return State(l, Multistate.Flag, ref o.VisualHostKey);
            case Keyword.RequestTTY: return State(l, Multistate.RequestTty, ref o.RequestTty);
            case Keyword.SessionType: return State(l, Multistate.SessionType, ref o.SessionType);
            case Keyword.StdinNull: return State(l, Multistate.Flag, ref o.StdinNull);
            case Keyword.ForkAfterAuthentication: return State(l, Multistate.Flag, ref o.ForkAfterAuthentication);
            case Keyword.ProxyUseFdpass: return State(l, Multistate.Flag, ref o.ProxyUseFdpass);
            case Keyword.CanonicalizeHostname: return State(l, Multistate.CanonicalizeHostname, ref o.CanonicalizeHostname);
            case Keyword.CanonicalizeFallbackLocal: return State(l, Multistate.Flag, ref o.CanonicalizeFallbackLocal);
            case Keyword.StreamLocalBindUnlink: return State(l, Multistate.Flag, ref o.StreamLocalBindUnlink);
            case Keyword.UpdateHostKeys: return State(l, Multistate.YesNoAsk, ref o.UpdateHostKeys);
            case Keyword.EnableEscapeCommandline: return State(l, Multistate.Flag, ref o.EnableEscapeCommandline);

            case Keyword.NumberOfPasswordPrompts: return Int(l, ref o.NumberOfPasswordPrompts);
            case Keyword.ConnectionAttempts: return Int(l, ref o.ConnectionAttempts);
            case Keyword.ServerAliveCountMax: return Int(l, ref o.ServerAliveCountMax);
            case Keyword.CanonicalizeMaxDots: return Int(l, ref o.CanonicalizeMaxDots);
            case Keyword.RequiredRSASize: return Int(l, ref o.RequiredRsaSize);

            case Keyword.KbdInteractiveDevices: return Text(l, ref o.KbdInteractiveDevices);
            case Keyword.GSSAPIClientIdentity: return Text(l, ref o.GssClientIdentity);
            case Keyword.GSSAPIServerIdentity: return Text(l, ref o.GssServerIdentity);
            case Keyword.XAuthLocation: return Text(l, ref o.XAuthLocation);
            case Keyword.User: return Text(l, ref o.User);
            case Keyword.HostName: return Text(l, ref o.HostName);
            case Keyword.Tag: return Text(l, ref o.Tag);
            case Keyword.HostKeyAlias: return Text(l, ref o.HostKeyAlias);
            case Keyword.PreferredAuthentications: return Text(l, ref o.PreferredAuthentications);
            case Keyword.BindAddress: return Text(l, ref o.BindAddress);
            case Keyword.BindInterface: return Text(l, ref o.BindInterface);
            case Keyword.PKCS11Provider: return Text(l, ref o.Pkcs11Provider);
            case Keyword.SecurityKeyProvider: return Text(l, ref o.SkProvider);
            case Keyword.ControlPath: return Text(l, ref o.ControlPath);
            case Keyword.IgnoreUnknown: return Text(l, ref o.IgnoredUnknown);
            case Keyword.RevokedHostKeys: return Text(l, ref o.RevokedHostKeys);

            case Keyword.KnownHostsCommand: return Command(l, ref o.KnownHostsCommand);
            case Keyword.LocalCommand: return Command(l, ref o.LocalCommand);
            case Keyword.RemoteCommand: return Command(l, ref o.RemoteCommand);
            case Keyword.ProxyCommand:
                // An earlier ProxyJump has already set ProxyCommand to "none"; after "ProxyJump none" it is still free (9.2).
                return Command(l, ref o.ProxyCommand);
            case Keyword.ProxyJump: return ProxyJump(l);

            case Keyword.Port: return Port(l);
            case Keyword.RekeyLimit: return RekeyLimit(l);
            case Keyword.EscapeChar: return EscapeChar(l);
            case Keyword.ControlPersist: return ControlPersist(l);
            case Keyword.TunnelDevice: return TunnelDevice(l);
            case Keyword.IPQoS: return IpQos(l);
            case Keyword.LogLevel: return LogLevel(l);
            case Keyword.SyslogFacility: return Facility(l);
            case Keyword.StreamLocalBindMask: return BindMask(l);
            case Keyword.FingerprintHash: return FingerprintHash(l);
            case Keyword.AddKeysToAgent: return AddKeysToAgent(l);
            case Keyword.IdentityAgent: return IdentityAgent(l);
            case Keyword.ObscureKeystrokeTiming: return ObscureKeystrokeTiming(l);
            case Keyword.ControlPreopen: return ControlPreopen(l);

            case Keyword.Ciphers:
                return Algorithms(l, ref o.Ciphers, n => AlgorithmList.ExactNamesValid(n, l.S.Request.Defaults.SupportedCiphers), "Bad SSH2 cipher spec");
            case Keyword.MACs:
                return Algorithms(l, ref o.Macs, n => AlgorithmList.ExactNamesValid(n, l.S.Request.Defaults.SupportedMacs), "Bad SSH2 MAC spec");
            case Keyword.KexAlgorithms:
                return Algorithms(l, ref o.KexAlgorithms, n => KexNamesValid(l, n), "Bad SSH2 KexAlgorithms");
            case Keyword.HostKeyAlgorithms: return KeyAlgorithms(l, ref o.HostKeyAlgorithms, caOnly: false);
            case Keyword.CASignatureAlgorithms: return KeyAlgorithms(l, ref o.CASignatureAlgorithms, caOnly: false); // 9.2 accepts certificate names here
            case Keyword.HostbasedAcceptedAlgorithms: return KeyAlgorithms(l, ref o.HostbasedAcceptedAlgorithms, caOnly: false);
            case Keyword.PubkeyAcceptedAlgorithms: return KeyAlgorithms(l, ref o.PubkeyAcceptedAlgorithms, caOnly: false);
            case Keyword.GSSAPIKexAlgorithms: return GssKex(l);

            case Keyword.IdentityFile: return IdentityFile(l);
            case Keyword.CertificateFile: return CertificateFile(l);
            case Keyword.GlobalKnownHostsFile: return FileList(l, ref o.SystemHostFiles);
            case Keyword.UserKnownHostsFile: return FileList(l, ref o.UserHostFiles);
            case Keyword.LogVerbose: return LogVerbose(l);
            case Keyword.LocalForward:
            case Keyword.RemoteForward:
            case Keyword.DynamicForward:
                return ForwardLine(l);
            case Keyword.PermitRemoteOpen: return PermitRemoteOpen(l);
            case Keyword.SendEnv: return SendEnv(l);
            case Keyword.SetEnv: return SetEnv(l);
            case Keyword.CanonicalDomains: return CanonicalDomains(l);
            case Keyword.CanonicalizePermittedCNAMEs: return PermittedCnames(l);
            case Keyword.ChannelTimeout: return ChannelTimeout(l);

            case Keyword.Host: return HostLine(l, ref active);
            case Keyword.Match: return MatchLine(l, ref active);
            case Keyword.Include: return IncludeLine(l, ref active);

            default:
                return l.Error($"{l.File} line {l.Num}: Unimplemented opcode {(int)l.Op}");
        }
    }

    // ---- generic value kinds -------------------------------------------------------------

    private static int Time(Line l, ref int field)
    {
        var arg = l.A.Next();
        return TimeValue(l, arg, ref field);
    }

    private static int TimeValue(Line l, string? arg, ref int field)
    {
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} missing time value.");
        int value;
        if (arg == "none") value = -1;
        else if ((value = ValueParsers.ConvTime(arg)) == -1) return l.Error($"{l.At} invalid time value.");
        if (l.Active && field == -1) field = value;
        return 0;
    }

    private static int State(Line l, (string Key, int Value)[] table, ref int field)
    {
        var arg = l.A.Next();
        int value;
        if (string.IsNullOrEmpty(arg))
        {
            l.S.Diagnostics.Add($"{l.At} missing argument.");
            value = -1;
        }
        else value = Multistate.Parse(table, arg);
        if (value == -1) return l.Error($"{l.At} unsupported option \"{arg ?? "(null)"}\".");
        if (l.Active && field == -1) field = value;
        return 0;
    }

    private static int Int(Line l, ref int field)
    {
        var arg = l.A.Next();
        var err = ValueParsers.AtoiErr(arg, out var value);
        if (err is not null) return l.Error($"{l.At} integer value {err}.");
        if (l.Active && field == -1) field = value;
        return 0;
    }

    private static int Text(Line l, ref string? field)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        if (l.Active && field is null) field = arg;
        return 0;
    }

    /// <summary>parse_command: the rest of the line verbatim (quotes and all), minus leading blanks and '='.</summary>
    private static int Command(Line l, ref string? field)
    {
        int skip = LineSplitter.SkipSet(l.Str, 0, Whitespace + "=");
        if (l.Active && field is null) field = l.Str[skip..];
        l.A.Consume();
        return 0;
    }

    private static int Algorithms(Line l, ref string? field, Func<string, bool> valid, string what)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        if (arg[0] != '-' && !valid(arg[0] is '+' or '^' ? arg[1..] : arg))
            return l.Error($"{l.At} {what} '{arg}'.");
        if (l.Active && field is null) field = arg;
        return 0;
    }

    /// <summary>kex_names_valid: like the others, but it also logs the first name it does not know.</summary>
    private static bool KexNamesValid(Line l, string names)
    {
        if (names.Length == 0) return false;
        foreach (var name in names.Split(','))
        {
            if (name.Length == 0) break;
            if (!l.S.Request.Defaults.SupportedKexAlgorithms.Contains(name))
            {
                l.S.Diagnostics.Add($"Unsupported KEX algorithm \"{(name.Length > 100 ? name[..100] : name)}\"");
                return false;
            }
        }
        return true;
    }

    private static int KeyAlgorithms(Line l, ref string? field, bool caOnly)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        var names = arg[0] is '+' or '^' ? arg[1..] : arg;
        if (arg[0] != '-' && !AlgorithmList.KeyNamesValid(names, l.S.Request.Defaults.SupportedKeyAlgorithms, caOnly))
            return l.Error($"{l.At} Bad key types '{arg}'.");
        if (l.Active && field is null) field = arg;
        return 0;
    }

    private static int GssKex(Line l)
    {
        var arg = l.A.Next();
        if (string.IsNullOrEmpty(arg)) return l.Error($"{l.At} Missing argument.");
        // kex_gss_names_valid (Debian's GSSAPI patch) names the first offending algorithm first.
        foreach (var name in arg.Split(','))
        {
            if (name.Length == 0) break;
            if (!name.StartsWith("gss-", StringComparison.Ordinal) || !l.S.Request.Defaults.SupportedGssKexAlgorithms.Contains(name))
            {
                l.S.Diagnostics.Add($"Unsupported KEX algorithm \"{(name.Length > 100 ? name[..100] : name)}\"");
                return l.Error($"{l.At} Bad GSSAPI KexAlgorithms '{arg}'.");
            }
        }
        if (l.Active && l.O.GssKexAlgorithms is null) l.O.GssKexAlgorithms = arg;
        return 0;
    }
}
