using Braid.Config;
using Braid.Mux.Master;
using Braid.Mux.Protocol;
using Braid.Ssh.Channels;
using Braid.Ssh.Forwarding;
using Braid.Ssh.Logging;

namespace Braid.Cli;

/// <summary>
/// Sets up the -L/-R forwards of the configuration on a connection of our own (a direct client or
/// a master's own forwards), with OpenSSH's messages; ExitOnForwardFailure makes a failure fatal
/// before the session starts.
/// </summary>
internal static class ForwardSetup
{
    public static ForwardEndpoint ListenSide(Forward f) => f.ListenPath != null ? ForwardEndpoint.Unix(f.ListenPath) : ForwardEndpoint.Tcp(f.ListenHost, f.ListenPort);
    public static ForwardEndpoint ConnectSide(Forward f) => f.ConnectPath != null ? ForwardEndpoint.Unix(f.ConnectPath) : ForwardEndpoint.Tcp(f.ConnectHost, f.ConnectPort);

    public static ListenOptions ListenOptionsOf(SshConfig config) =>
        new(config.GatewayPorts, config.StreamLocalBindMask < 0 ? 0x3f : config.StreamLocalBindMask, config.StreamLocalBindUnlink);

    /// <summary>Starts every forward; the result closes the local listeners (unless a master adopted them).
    /// Throws <see cref="ReportedException"/> under ExitOnForwardFailure.</summary>
    public static async Task<StartedForwards> StartAsync(SshConnection connection, SshConfig config, SshLog log)
    {
        EnableAgentForwarding(connection, config, log);
        RemoteForwarder.For(connection, log).RemoteOpen = RemoteOpenPolicy.Parse(config.PermitRemoteOpen);
        var started = new StartedForwards();
        var options = ListenOptionsOf(config);
        try
        {
            foreach (var f in config.LocalForwards)
            {
                try
                {
                    started.Add(MuxMessageType.ForwardLocal, f, LocalForwarder.Start(() => connection, ListenSide(f), ConnectSide(f), options, log));
                }
                catch (ForwardBindException e)
                {
                    log.Error(e.Message);
                    if (f.ListenPath == null) log.Error($"channel_setup_fwd_listener_tcpip: cannot listen to port: {f.ListenPort}");
                    Fail(config, log, "Could not request local forwarding.");
                }
            }
            foreach (var f in config.DynamicForwards)
            {
                try
                {
                    started.Add(MuxMessageType.ForwardDynamic, f, DynamicForwarder.Start(() => connection, ListenSide(f), options, log));
                }
                catch (ForwardBindException e)
                {
                    log.Error(e.Message);
                    log.Error($"channel_setup_fwd_listener_tcpip: cannot listen to port: {f.ListenPort}");
                    Fail(config, log, "Could not request dynamic forwarding.");
                }
            }
            foreach (var f in config.RemoteForwards)
                if (await StartRemoteAsync(connection, f, config, log).ConfigureAwait(false) is int port)
                    started.Add(MuxMessageType.ForwardRemote, f, null, port);
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return started;
    }

    /// <summary>Asks the server for one remote forward; the port it listens on, or null when refused.</summary>
    private static async Task<int?> StartRemoteAsync(SshConnection connection, Forward f, SshConfig config, SshLog log)
    {
        var listen = ListenSide(f);
        var target = ConnectSide(f);
        int? port;
        try { port = await RemoteForwarder.For(connection, log).RequestAsync(listen, target, CancellationToken.None).ConfigureAwait(false); }
        catch (IOException) { port = null; }
        string what = f.ListenPath != null ? $"listen path {f.ListenPath}" : $"listen port {f.ListenPort}";
        if (port == null)
        {
            if (config.ExitOnForwardFailure)
            {
                log.Error($"Error: remote port forwarding failed for {what}");
                throw new ReportedException();
            }
            log.Error($"Warning: remote port forwarding failed for {what}");
            return null;
        }
        if (f.ListenPath == null && f.ListenPort == 0)
            log.Info($"Allocated port {port} for remote forward to {(f.IsDynamic ? "socks:0" : target.ToString())}");
        return port;
    }

    private static void Fail(SshConfig config, SshLog log, string message)
    {
        log.Error(message);
        if (config.ExitOnForwardFailure) throw new ReportedException();
    }

    /// <summary>The forwards of the configuration that are up, each with its kind (a MUX forward type).</summary>
    internal sealed class StartedForwards : IAsyncDisposable
    {
        private readonly List<(uint Type, Forward Forward, IAsyncDisposable? Listener, int Port)> _all = new();

        public void Add(uint type, Forward f, IAsyncDisposable? listener, int port = 0) => _all.Add((type, f, listener, port));

        /// <summary>Hands every forward to a master, which then owns (and closes) them: `-O cancel` reaches
        /// a master's own forwards as it does OpenSSH's (mux_master_process_close_fwd looks in options).</summary>
        public void MoveTo(ForwardManager manager)
        {
            foreach (var (type, f, listener, port) in _all)
            {
                var (lh, lp, ch, cp) = MuxForwardFields.Of(f);
                manager.Adopt(new ForwardRequest(MuxMessageType.OpenForward, 0, type, lh, lp, ch, cp), listener, port);
            }
            _all.Clear();
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var (_, _, listener, _) in _all)
                if (listener != null) await listener.DisposeAsync().ConfigureAwait(false);
            _all.Clear();
        }
    }

    /// <summary>ForwardAgent: yes uses $SSH_AUTH_SOCK, a path (or $VAR) names the agent socket.</summary>
    public static void EnableAgentForwarding(SshConnection connection, SshConfig config, SshLog log)
    {
        if (!config.ForwardAgent) return;
        string? path = config.ForwardAgentSocket ?? Environment.GetEnvironmentVariable("SSH_AUTH_SOCK");
        // "ForwardAgent $NAME" names an environment variable holding the socket path.
        if (path != null && path.StartsWith('$') && !path.StartsWith("${", StringComparison.Ordinal))
            path = Environment.GetEnvironmentVariable(path[1..]);
        if (string.IsNullOrEmpty(path))
        {
            log.Debug("ForwardAgent: no agent socket (SSH_AUTH_SOCK unset)");
            return;
        }
        Braid.Ssh.Forwarding.AgentForwarder.Enable(connection, path, log);
    }
}
