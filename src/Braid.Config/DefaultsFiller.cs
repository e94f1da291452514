namespace Braid.Config;

/// <summary>
/// fill_default_options (OpenSSH 9.2): every setting still unset after the command line and the
/// files gets its default; algorithm lists get their +/-/^ modifiers applied; "none" clears the
/// string options where OpenSSH treats it as "unset".
/// </summary>
internal static class DefaultsFiller
{
    public static readonly string[] DefaultIdentityFiles =
    [
        "~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519",
        "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss", "~/.ssh/id_dsa",
    ];

    public const int DefaultIpQosInteractive = 0x10; // lowdelay (9.2; 9.8 moved to af21)
    public const int DefaultIpQosBulk = 0x08;        // throughput (9.2; 9.8 moved to cs1)

    /// <summary>Canonicalization needs these three before the rest (fill_default_options_for_canonicalization).</summary>
    public static void FillForCanonicalization(Options o)
    {
        if (o.CanonicalizeMaxDots == -1) o.CanonicalizeMaxDots = 1;
        if (o.CanonicalizeFallbackLocal == -1) o.CanonicalizeFallbackLocal = 1;
        if (o.CanonicalizeHostname == -1) o.CanonicalizeHostname = 0;
    }

    public static void Fill(Options o, ConfigRequest req, ParseSession s)
    {
        static void D(ref int v, int def) { if (v == -1) v = def; }

        D(ref o.ForwardAgent, 0);
        D(ref o.ForwardX11, 0);
        D(ref o.ForwardX11Trusted, 1);
        D(ref o.ForwardX11Timeout, 1200);
        // -W (stdio forwarding) changes these defaults but leaves them overridable.
        D(ref o.ExitOnForwardFailure, req.StdioForward ? 1 : 0);
        D(ref o.ClearForwardings, req.StdioForward ? 1 : 0);
        if (o.ClearForwardings == 1)
        {
            o.LocalForwards.Clear();
            o.RemoteForwards.Clear();
            o.TunOpen = 0;
        }
        o.XAuthLocation ??= "/usr/bin/xauth";
        D(ref o.GatewayPorts, 0);
        D(ref o.StreamLocalBindMask, Convert.ToInt32("177", 8));
        D(ref o.StreamLocalBindUnlink, 0);
        D(ref o.PubkeyAuthentication, 3);
        D(ref o.GssAuthentication, 0);
        D(ref o.GssKeyEx, 0);
        D(ref o.GssDelegCreds, 0);
        D(ref o.GssTrustDns, 0);
        D(ref o.GssRenewalRekey, 0);
        o.GssKexAlgorithms ??= string.Join(',', req.Defaults.GssKexAlgorithms);
        D(ref o.PasswordAuthentication, 1);
        D(ref o.KbdInteractiveAuthentication, 1);
        D(ref o.HostbasedAuthentication, 0);
        D(ref o.BatchMode, 0);
        D(ref o.CheckHostIP, 0);
        D(ref o.StrictHostKeyChecking, 3);
        D(ref o.Compression, 0);
        D(ref o.TcpKeepAlive, 1);
        D(ref o.Port, 0); // filled with the service port later, as ssh_connect does
        D(ref o.AddressFamily, 0);
        D(ref o.ConnectionAttempts, 1);
        D(ref o.NumberOfPasswordPrompts, 3);
        if (o.AddKeysToAgent == -1)
        {
            o.AddKeysToAgent = 0;
            o.AddKeysToAgentLifespan = 0;
        }
        if (o.IdentityFiles.Count == 0)
            foreach (var f in DefaultIdentityFiles) LineProcessor.AddUnique(o.IdentityFiles, f, false);
        D(ref o.EscapeChar, '~');
        if (o.SystemHostFiles.Count == 0) o.SystemHostFiles = ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"];
        if (o.UpdateHostKeys == -1)
        {
            o.UpdateHostKeys = o.VerifyHostKeyDns <= 0 &&
                (o.UserHostFiles.Count == 0 || (o.UserHostFiles.Count == 1 && o.UserHostFiles[0] == "~/.ssh/known_hosts"))
                ? 1 : 0;
        }
        if (o.UserHostFiles.Count == 0) o.UserHostFiles = ["~/.ssh/known_hosts", "~/.ssh/known_hosts2"];
        D(ref o.LogLevel, 3);
        D(ref o.LogFacility, 1);
        D(ref o.NoHostAuthenticationForLocalhost, 0);
        D(ref o.IdentitiesOnly, 0);
        D(ref o.EnableSshKeysign, 0);
        if (o.RekeyLimit == -1) o.RekeyLimit = 0;
        D(ref o.RekeyInterval, 0);
        D(ref o.VerifyHostKeyDns, 0);
        D(ref o.ServerAliveInterval, o.BatchMode == 1 ? 300 : 0);
        D(ref o.ServerAliveCountMax, 3);
        D(ref o.ControlMaster, 0);
        if (o.ControlPersist == -1)
        {
            o.ControlPersist = 0;
            o.ControlPersistTimeout = 0;
        }
        D(ref o.HashKnownHosts, 0);
        D(ref o.TunOpen, 0);
        D(ref o.TunLocal, ValueParsers.TunIdAny);
        D(ref o.TunRemote, ValueParsers.TunIdAny);
        D(ref o.PermitLocalCommand, 0);
        D(ref o.VisualHostKey, 0);
        D(ref o.IpQosInteractive, DefaultIpQosInteractive);
        D(ref o.IpQosBulk, DefaultIpQosBulk);
        D(ref o.RequestTty, 0);
        D(ref o.SessionType, 2);
        D(ref o.StdinNull, 0);
        D(ref o.ForkAfterAuthentication, 0);
        D(ref o.ProxyUseFdpass, 0);
        FillForCanonicalization(o);
        D(ref o.FingerprintHash, 2);
        o.SkProvider ??= "internal";
        D(ref o.RequiredRsaSize, 1024);
        D(ref o.EnableEscapeCommandline, 0);
        D(ref o.ObscureKeystrokeTimingInterval, SshConfig.DefaultKeystrokeIntervalMs);
        D(ref o.ControlPreopen, 0);

        // OpenSSH 9.2 logs a failed list assembly and abandons the rest of fill_default_options
        // (the remaining lists and the "none" clean-ups below) without exiting; -G then omits that list.
        var d = req.Defaults;
        if (!Assemble(s, ref o.Ciphers, d.Ciphers, d.SupportedCiphers, "ciphers")
            || !Assemble(s, ref o.Macs, d.Macs, d.SupportedMacs, "macs")
            || !Assemble(s, ref o.KexAlgorithms, d.KexAlgorithms, d.SupportedKexAlgorithms, "kex_algorithms")
            || !Assemble(s, ref o.HostbasedAcceptedAlgorithms, d.KeyAlgorithms, d.SupportedKeyAlgorithms, "hostbased_accepted_algos")
            || !Assemble(s, ref o.PubkeyAcceptedAlgorithms, d.KeyAlgorithms, d.SupportedKeyAlgorithms, "pubkey_accepted_algos")
            || !Assemble(s, ref o.CASignatureAlgorithms, d.CASignatureAlgorithms, d.SupportedSignatureAlgorithms, "ca_sign_algorithms"))
            return;

        static string? ClearOnNone(string? v) => v is null || v.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : v;
        o.LocalCommand = ClearOnNone(o.LocalCommand);
        o.RemoteCommand = ClearOnNone(o.RemoteCommand);
        o.ProxyCommand = ClearOnNone(o.ProxyCommand);
        o.ControlPath = ClearOnNone(o.ControlPath);
        o.RevokedHostKeys = ClearOnNone(o.RevokedHostKeys);
        o.Pkcs11Provider = ClearOnNone(o.Pkcs11Provider);
        o.SkProvider = ClearOnNone(o.SkProvider);
        o.KnownHostsCommand = ClearOnNone(o.KnownHostsCommand);
        if (o.ChannelTimeouts.Count == 1 && o.ChannelTimeouts[0].Equals("none", StringComparison.OrdinalIgnoreCase))
            o.ChannelTimeouts = [];
        if (o.JumpHost == "none" && o.JumpPort == 0 && o.JumpUser is null) o.JumpHost = null;
        if (o.PermittedCnames.Count == 1 && o.PermittedCnames[0].Source.Equals("none", StringComparison.OrdinalIgnoreCase)
            && o.PermittedCnames[0].Target.Length == 0)
            o.PermittedCnames = [];
    }

    private static bool Assemble(ParseSession s, ref string? field, IReadOnlyList<string> def, IReadOnlyList<string> all, string what)
    {
        var list = AlgorithmList.Assemble(field, def, all);
        if (list is null)
        {
            s.Diagnostics.Add($"fill_default_options: {what}: invalid argument");
            field = null;
            return false;
        }
        field = string.Join(',', list);
        return true;
    }
}
