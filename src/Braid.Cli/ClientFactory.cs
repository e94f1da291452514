using System.Net.Sockets;
using System.Security.Cryptography;
using Braid.Config;
using Braid.Ssh;
using Braid.Ssh.Auth;
using Braid.Ssh.HostKeys;
using Braid.Ssh.Logging;
using Braid.Ssh.Transport;
using Braid.Ssh.Transport.Ciphers;
using Braid.Ssh.KeyExchange;
using SshLogLevel = Braid.Ssh.Logging.LogLevel;
using HostKeyStrictness = Braid.Ssh.HostKeys.StrictHostKeyChecking;

namespace Braid.Cli;

/// <summary>Turns the resolved ssh_config into the settings the SSH library and the session code act on.</summary>
internal static class ClientFactory
{
    public static ClientSettings Session(SshConfig c, string command) => new()
    {
        Host = c.Host,
        HostName = c.HostName,
        Port = c.Port,
        User = c.User,
        Command = command,
        RequestTty = c.RequestTty switch
        {
            RequestTtyMode.No => TtyRequest.No,
            RequestTtyMode.Yes => TtyRequest.Yes,
            RequestTtyMode.Force => TtyRequest.Force,
            _ => TtyRequest.Auto,
        },
        SessionType = c.SessionType switch
        {
            SessionTypeMode.None => SessionKind.None,
            SessionTypeMode.Subsystem => SessionKind.Subsystem,
            _ => SessionKind.Default,
        },
        StdinNull = c.StdinNull,
        ForkAfterAuthentication = c.ForkAfterAuthentication,
        EscapeChar = c.EscapeChar is int e ? (char)e : null,
        SendEnv = c.SendEnv,
        SetEnv = c.SetEnv,
        LogLevel = (SshLogLevel)(int)c.LogLevel,
        ForwardAgent = c.ForwardAgent,
        RemoteCommand = c.RemoteCommand,
    };

    public static SshClientSettings Client(SshConfig c, SshLog log, ConsolePrompter prompter, Braid.Cli.CommandLine.ParsedCommandLine cl)
    {
        var auth = new AuthOptions
        {
            User = c.User,
            Host = c.HostKeyAlias ?? c.HostName,
            PreferredAuthentications = c.PreferredAuthentications?.Split(',', StringSplitOptions.RemoveEmptyEntries)
                ?? ["gssapi-with-mic", "publickey", "keyboard-interactive", "password"],
            PubkeyAuthentication = c.PubkeyAuthentication != PubkeyAuthenticationMode.No,
            PasswordAuthentication = c.PasswordAuthentication,
            KbdInteractiveAuthentication = c.KbdInteractiveAuthentication,
            NumberOfPasswordPrompts = c.NumberOfPasswordPrompts,
            BatchMode = c.BatchMode,
            PubkeyAcceptedAlgorithms = c.PubkeyAcceptedAlgorithms,
            Prompter = prompter,
            ShowBanner = log.Level >= SshLogLevel.Info,
        };
        auth.Identities = IdentityLoader.Load(c.IdentityFiles, c.IdentityFilesUserProvided, c.CertificateFiles, c.IdentitiesOnly,
            AgentIdentities.Load(c, log), prompter, c.NumberOfPasswordPrompts, log);

        var verifier = new HostKeyVerifier(prompter);
        // get_hostfile_hostname_ipaddr: HostKeyAlias as is, else the host name with a non-22 port.
        string knownHostsName = c.HostKeyAlias ?? KnownHostsNames.HostPort(c.HostName.ToLowerInvariant(), c.Port);
        var hostKeyUpdate = c.UpdateHostKeys == YesNoAsk.No ? null : new HostKeyUpdateSettings
        {
            Ask = c.UpdateHostKeys == YesNoAsk.Ask,
            BatchMode = c.BatchMode,
            HostName = knownHostsName,
            UserKnownHostsFiles = c.UserKnownHostsFiles.Select(ExpandHome).ToList(),
            HostKeyAlgorithms = c.HostKeyAlgorithms.ToHashSet(),
            HashKnownHosts = c.HashKnownHosts,
            FingerprintHash = FingerprintHash(c),
        };
        var transport = new TransportOptions
        {
            KexAlgorithms = c.KexAlgorithms.Where(KeyExchangeRegistry.IsSupported).ToList(),
            HostKeyAlgorithms = OrderHostKeyAlgorithms(c, knownHostsName),
            Ciphers = c.Ciphers.Where(CipherRegistry.SupportedCiphers.Contains).ToList(),
            Macs = c.MACs.Where(CipherRegistry.SupportedMacs.Contains).ToList(),
            Compression = c.Compression,
            RekeyBytes = c.RekeyLimitBytes > 0 ? c.RekeyLimitBytes : 0,
            RekeyInterval = c.RekeyLimitSeconds > 0 ? TimeSpan.FromSeconds(c.RekeyLimitSeconds) : TimeSpan.Zero,
            PeerDescription = $"{c.HostName} port {c.Port}",
            PeerHost = c.HostName,
            Log = log,
            HostKeyCheck = (key, _) =>
            {
                // The address the socket reached (none through ProxyCommand): CheckHostIP and
                // NoHostAuthenticationForLocalhost depend on it, as in ssh.
                var remote = ConnectedAddress(auth.RemoteAddress);
                string? remoteAddress = remote?.ToString();
                var req = HostKeyVerificationRequest.For(key, c.HostName) with
                {
                    Port = c.Port,
                    HostKeyAlias = c.HostKeyAlias,
                    RemoteAddress = remoteAddress,
                    RemoteIsLoopback = remote is not null && System.Net.IPAddress.IsLoopback(remote),
                    UserKnownHostsFiles = c.UserKnownHostsFiles,
                    GlobalKnownHostsFiles = c.GlobalKnownHostsFiles,
                    StrictHostKeyChecking = c.StrictHostKeyChecking switch
                    {
                        Braid.Config.StrictHostKeyChecking.Off => HostKeyStrictness.Off,
                        Braid.Config.StrictHostKeyChecking.AcceptNew => HostKeyStrictness.AcceptNew,
                        Braid.Config.StrictHostKeyChecking.Yes => HostKeyStrictness.Yes,
                        _ => HostKeyStrictness.Ask,
                    },
                    CheckHostIP = c.CheckHostIP,
                    CASignatureAlgorithms = c.CASignatureAlgorithms,
                    HashKnownHosts = c.HashKnownHosts,
                    FingerprintHash = FingerprintHash(c),
                    NoHostAuthenticationForLocalhost = c.NoHostAuthenticationForLocalhost,
                    PasswordAuthentication = c.PasswordAuthentication,
                    KbdInteractiveAuthentication = c.KbdInteractiveAuthentication,
                    ForwardAgent = c.ForwardAgent,
                    ForwardX11 = c.ForwardX11,
                    HasPortForwards = c.LocalForwards.Count + c.RemoteForwards.Count + c.DynamicForwards.Count > 0,
                    UpdateHostKeys = hostKeyUpdate is not null,
                    ExitOnForwardFailure = c.ExitOnForwardFailure,
                    HomeDirectory = Environment.GetEnvironmentVariable("HOME"),
                };
                var result = verifier.Verify(key, req);
                if (!result.Accepted) throw new ReportedException();
                if (result.DisablePasswordAuthentication) auth.PasswordAuthentication = false;
                if (result.DisableKbdInteractiveAuthentication) auth.KbdInteractiveAuthentication = false;
                if (hostKeyUpdate is not null)
                {
                    hostKeyUpdate.Enabled = result.UpdateHostKeysAllowed;
                    if (result.CheckHostIPInEffect && remoteAddress is not null)
                        hostKeyUpdate.IpAddress = KnownHostsNames.HostPort(remoteAddress, c.Port);
                }
                return ValueTask.CompletedTask;
            },
        };
        return new SshClientSettings
        {
            Dial = new DialOptions
            {
                Host = c.HostName,
                Port = c.Port,
                AddressFamily = c.AddressFamily switch
                {
                    AddressFamilyMode.Inet => AddressFamily.InterNetwork,
                    AddressFamilyMode.Inet6 => AddressFamily.InterNetworkV6,
                    _ => AddressFamily.Unspecified,
                },
                BindAddress = c.BindAddress,
                ConnectTimeout = c.ConnectTimeout ?? Timeout.InfiniteTimeSpan,
                ConnectionAttempts = Math.Max(1, c.ConnectionAttempts),
                TcpKeepAlive = c.TcpKeepAlive,
            },
            Transport = transport,
            Auth = auth,
            ServerAliveInterval = c.ServerAliveInterval > 0 ? TimeSpan.FromSeconds(c.ServerAliveInterval) : TimeSpan.Zero,
            ServerAliveCountMax = c.ServerAliveCountMax,
            Log = log,
            StreamFactory = ProxyConnector.For(c, cl, log),
            HostKeyUpdate = hostKeyUpdate,
        };
    }

    /// <summary>The IP address in "[address]:port" (how SshClient records the connected peer), or null.</summary>
    internal static System.Net.IPAddress? ConnectedAddress(string? endpoint)
    {
        if (endpoint is null || !endpoint.StartsWith('[')) return null;
        int close = endpoint.IndexOf(']', StringComparison.Ordinal);
        if (close < 0 || !System.Net.IPAddress.TryParse(endpoint.AsSpan(1, close - 1), out var ip)) return null;
        return ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
    }

    private static HashAlgorithmName FingerprintHash(SshConfig c) => c.FingerprintHash == "md5" ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA256;

    /// <summary>OpenSSH's order_hostkeyalgs, unless HostKeyAlgorithms was set: algorithms for the key types
    /// (and certificate authorities) known_hosts holds for this host go first.</summary>
    private static List<string> OrderHostKeyAlgorithms(SshConfig c, string lookup)
    {
        var algs = c.HostKeyAlgorithms.ToList();
        if (c.HostKeyAlgorithmsConfigured) return algs;
        var files = c.UserKnownHostsFiles.Concat(c.GlobalKnownHostsFiles).Select(p => KnownHostsFile.Load(ExpandHome(p))).ToList();
        string host = c.HostName.ToLowerInvariant();
        var withoutPort = c.HostKeyAlias is null && lookup != host ? HostKeySet.ForHost(host, files) : null;
        return HostKeyAlgorithmOrder.Order(algs, HostKeySet.ForHost(lookup, files), withoutPort).ToList();
    }

    public static string ExpandHome(string p) =>
        p.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Environment.GetEnvironmentVariable("HOME") ?? "/", p[2..]) : p;
}
